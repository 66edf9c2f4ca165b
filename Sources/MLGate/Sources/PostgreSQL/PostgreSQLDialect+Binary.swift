/// The streamed read in PostgreSQL's binary COPY format (docs/warehouse.md, "Binary COPY").
extension PostgreSQLDialect {
    /// How a column of this type is sent in a binary COPY and decoded
    /// (``PostgresBinaryCopyDecoder``); nil for a type mlgate does not decode, which the
    /// statement sends as its text instead (per column). `timestamptz` is decoded only
    /// when the session's time zone is UTC (its text names the session's offset).
    static func binaryKind(_ typeOID: UInt32, utc: Bool) -> PostgresBinaryCopyDecoder.Kind? {
        switch typeOID {
        case 16: .boolean
        case 21: .int2
        case 23: .int4
        case 20: .int8
        case 700: .float4
        case 701: .float8
        case 1700: .numeric
        case _ where textTypes.contains(typeOID): .text
        case 1082: .date
        case 1114: .timestamp
        case 1184: utc ? .timestampUTC : nil
        default: nil
        }
    }

    /// Whether a session's `TimeZone` setting is UTC.
    static func isUTC(_ timeZone: String) -> Bool {
        ["utc", "etc/utc", "gmt", "etc/gmt", "universal", "etc/universal", "zulu", "etc/zulu", "uct", "etc/uct", "greenwich", "etc/greenwich", "gmt0", "etc/gmt0"]
            .contains(timeZone.lowercased())
    }

    /// ``copyStatement(_:columns:kept:limit:)`` in the binary format, of the same
    /// columns (``PostgreSQLDialect/sentColumns(_:kept:)``): each of a type decoded as
    /// itself, any other as its text (``textExpression(_:)``), the first as a text NULL
    /// when no column is kept; with each sent column's kind, in order.
    func binaryCopyStatement(
        _ relation: DatabaseTable.Relation, columns: [PostgresConnection.Column], kept: Set<Int>?, limit: Int?, utc: Bool
    ) -> (sql: String, kinds: [PostgresBinaryCopyDecoder.Kind]) {
        var kinds: [PostgresBinaryCopyDecoder.Kind] = []
        let list = Self.sentColumns(columns.count, kept: kept).map { index in
            let column = columns[index], name = quoteIdentifier(column.name)
            if let kept, !kept.contains(index) {
                kinds.append(.text)
                return "NULL::text AS \(name)"
            }
            if let kind = Self.binaryKind(column.typeOID, utc: utc) {
                kinds.append(kind)
                return name
            }
            kinds.append(.text)
            return "(\(textExpression(column)))::text AS \(name)"
        }
        let limited = limit.map { " LIMIT \($0)" } ?? ""
        return ("COPY (SELECT \(list.joined(separator: ", ")) FROM \(fromClause(relation))\(limited)) TO STDOUT WITH (FORMAT binary)", kinds)
    }
}
