import Testing

@testable import MLGate

/// The SQL text the PostgreSQL dialect generates.
@Suite struct PostgreSQLDialectTests {
    let dialect = PostgreSQLDialect()

    @Test func tableNamesAreQuotedPartByPart() {
        #expect(dialect.quoteTableName("analytics.loans") == "\"analytics\".\"loans\"")
        #expect(dialect.quoteTableName("loans") == "\"loans\"")
        #expect(dialect.quoteTableName("\"My.Schema\".Loans") == "\"My.Schema\".\"Loans\"")
        #expect(dialect.quoteTableName("a\"b") == "\"a\"\"b\"", "a quote inside a name is doubled")
    }

    @Test func copyRendersTypedColumnsAsTableSchemaText() {
        let columns = [
            PostgresConnection.Column(name: "id", typeOID: 23), PostgresConnection.Column(name: "ok", typeOID: 16),
            PostgresConnection.Column(name: "at", typeOID: 1184),
        ]
        #expect(
            dialect.copyStatement(.table("s.t"), columns: columns, kept: nil, limit: nil)
                == "COPY (SELECT \"id\", CASE WHEN \"ok\" THEN 'true' WHEN NOT \"ok\" THEN 'false' END AS \"ok\", replace(\"at\"::text, ' ', 'T') AS \"at\" FROM \"s\".\"t\") TO STDOUT WITH (FORMAT csv, HEADER true)")
        #expect(
            dialect.copyStatement(.query("SELECT 1 AS id;\n"), columns: [columns[0]], kept: nil, limit: 5)
                == "COPY (SELECT \"id\" FROM (SELECT 1 AS id) AS mlgate_query LIMIT 5) TO STDOUT WITH (FORMAT csv, HEADER true)")
    }

    /// A grouped read groups numbers, texts, dates and uuids as they are, any other type
    /// by its text: `json` and `point` have no equality, `interval`'s holds for other texts
    /// (`1 day`, `24:00:00`), and a file holds the text.
    @Test func otherTypesAreGroupedByTheirText() {
        let types = [
            (23, "\"c\""), (1700, "\"c\""), (25, "\"c\""), (1082, "\"c\""), (2950, "\"c\""), (114, "\"c\"::text"), (600, "\"c\"::text"),
            (1186, "\"c\"::text"), (3802, "\"c\"::text"),
        ]
        for (oid, grouped) in types {
            let column = PostgresConnection.Column(name: "c", typeOID: UInt32(oid))
            #expect(dialect.textExpression(column) == grouped, "type \(oid)")
            let sql = dialect.groupedCopyStatement(.table("t"), columns: [column], grouped: [0], grouping: .rows)
            #expect(sql.contains("SELECT \(grouped) AS \"c\", count(*) AS \"mlgate_rows\" FROM \"t\" GROUP BY 1"), "\(sql)")
        }
    }

    /// Columns no consumer reads are not sent; with none read, the first is sent as NULL.
    @Test func columnsNoConsumerReadsAreNotSent() {
        let columns = [PostgresConnection.Column(name: "a", typeOID: 25), PostgresConnection.Column(name: "b", typeOID: 25)]
        #expect(
            dialect.copyStatement(.table("t"), columns: columns, kept: [1], limit: nil)
                == "COPY (SELECT \"b\" FROM \"t\") TO STDOUT WITH (FORMAT csv, HEADER true)")
        #expect(
            dialect.copyStatement(.table("t"), columns: columns, kept: [], limit: nil)
                == "COPY (SELECT NULL AS \"a\" FROM \"t\") TO STDOUT WITH (FORMAT csv, HEADER true)")
        #expect(dialect.binaryCopyStatement(.table("t"), columns: columns, kept: [1], limit: nil, utc: true).sql
            == "COPY (SELECT \"b\" FROM \"t\") TO STDOUT WITH (FORMAT binary)")
        #expect(PostgreSQLDialect.sentColumns(2, kept: nil) == [0, 1])
        #expect(PostgreSQLDialect.sentColumns(2, kept: [1, 0]) == [0, 1])
    }

    @Test func aggregates() {
        let integer = PostgresConnection.Column(name: "n", typeOID: 23)
        let text = PostgresConnection.Column(name: "s", typeOID: 25)
        #expect(dialect.aggregateExpressions(.rowCount, column: nil) == ["count(*)"])
        #expect(dialect.aggregateExpressions(.missingCount(column: "s"), column: text) == ["count(*) - count(NULLIF((\"s\")::text, ''))"])
        #expect(dialect.aggregateExpressions(.distinctCount(column: "s"), column: text) == ["count(DISTINCT NULLIF((\"s\")::text, ''))"])
        #expect(dialect.aggregateExpressions(.numericSummary(column: "s"), column: text) == nil, "a text column's numbers stream")
        #expect(dialect.aggregateExpressions(.numericSummary(column: "n"), column: integer)?[3] == "avg(\"n\")::float8")
        #expect(
            dialect.aggregateExpressions(.quantile(column: "n", q: 0.1), column: integer)
                == ["percentile_cont(0.1::float8) WITHIN GROUP (ORDER BY NULLIF(\"n\"::float8, 'NaN'))"])
    }

    @Test func describeAndCount() {
        #expect(dialect.describeStatement(.table("t")) == "SELECT * FROM \"t\" LIMIT 0")
        #expect(dialect.countStatement(.table("t"), columns: ["a", "b"]) == "SELECT count(*), count(\"a\"), count(\"b\") FROM \"t\"")
    }
}
