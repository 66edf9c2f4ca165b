/// A champion's predictions paired with the candidate's by id on the engine that holds
/// both (one PostgreSQL server, or one Spark cluster), so that a model gate with a
/// `baseline: {predictions: …}` reads its rows grouped as the other aggregate gates do:
/// the server joins the two relations on the id and groups the joined rows by both
/// models' columns, sending each distinct paired row once with its count
/// (``DatabaseTable/Grouping/rows``); mlgate no longer reads every row with its id to
/// pair them itself (``ModelGate``'s `align`).
///
/// The server pairs them only when one statement first finds what `align` checks true
/// (``checkStatement(_:)``): no id empty, every id unique on both sides, every candidate
/// id in the champion's rows, the same label on both sides of each pair (compared as the
/// text a streamed read gives; ids too, unless both are of one type whose values are
/// equal exactly when their texts are). Otherwise, or when either relation cannot be described, the
/// gate reads both row by row as before, and `align` reports what is wrong exactly as
/// in file mode.
struct ChampionPairing: Sendable {
    /// The joined relation as the gate reads it (grouped by the server): the candidate's
    /// columns under their own names, the champion's under ``championPrefix``.
    var joined: TableInput
    /// The candidate's columns in the joined relation (read grouped: no id).
    var candidateColumns: PredictionColumns
    /// The champion's columns in the joined relation: its prediction, score and weight
    /// columns renamed, the candidate's label (the same on both sides), no slices.
    var championColumns: PredictionColumns
    /// The joined relation, not grouped.
    var relation: TableInput
    /// The candidate's lowest and highest label as the check found them (canonical class
    /// names, sorted; one when they are the same class): a binary model's classes.
    var labels: [String]?
    /// Whether the server can send the joined rows in the order a streamed read needs
    /// (``orderedColumns(_:_:)``: numbers or text, on PostgreSQL).
    var ranks: Bool
    /// Whether the server can send them in a regressor's and its champion's errors'
    /// order (the label and both predictions numbers or text, on PostgreSQL:
    /// ``errorColumns(_:_:)``).
    var ordersErrors: Bool
    /// The columns of the joined relation that a classifier's joined rows can be sent in
    /// the order of, for one read that folds both models (``classifierDemands(metrics:bootstrapped:settings:)``),
    /// when the server can order them by each (a number or text on PostgreSQL; any column
    /// on Spark): ``foldOrder(_:_:candidateHeader:championHeader:)``.
    var classOrder: [String]?

    init(
        joined: TableInput, relation: TableInput, candidateColumns: PredictionColumns, championColumns: PredictionColumns,
        labels: [String]?, ranks: Bool, ordersErrors: Bool, classOrder: [String]? = nil
    ) {
        (self.joined, self.relation, self.candidateColumns, self.championColumns, self.labels, self.ranks, self.ordersErrors) =
            (joined, relation, candidateColumns, championColumns, labels, ranks, ordersErrors)
        self.classOrder = classOrder
    }

    /// What the champion's columns are called in the joined relation: this, then their name.
    static let championPrefix = "mlgate_champion_"
    /// The column of the joined relation's operands holding each row's id (its key, ``Operands``).
    static let keyColumn = "mlgate_pairing_key"

    /// The pairing of `candidate` with `champion` on their engine, or nil when they are
    /// not on one engine, there is no id column, or the server finds that the rows do
    /// not pair one to one with equal labels.
    static func make(
        candidate: TableInput, champion: TableInput, columns: PredictionColumns, championColumns: PredictionColumns
    ) -> ChampionPairing? {
        guard let id = columns.id, championColumns.id == id, championColumns.label == columns.label else { return nil }
        if case .prefix(let prefix)? = columns.scores, championPrefix.hasPrefix(prefix) || keyColumn.hasPrefix(prefix) {
            return nil
        }
        var joined: TableInput
        var labels: [String]?
        var ranks = false, ordersErrors = false
        var classOrder: [String]?
        if let table = candidate.database, let other = champion.database, table.connection == other.connection {
            let orders = [orderedColumns(columns, championColumns), errorColumns(columns, championColumns)]
            let fold = { (left: [String], right: [String]) in foldOrder(columns, championColumns, candidateHeader: left, championHeader: right) }
            guard let (relation, found, ordered, scoreOrder) = postgres(table, other, columns: columns, orders: orders, fold: fold) else {
                return nil
            }
            (labels, ranks, ordersErrors, classOrder) = (found, ordered[0], ordered[1], scoreOrder)
            let paired = DatabaseTable(
                connection: table.connection, relation: relation, statementTimeoutMilliseconds: table.statementTimeoutMilliseconds,
                dialect: table.dialect)
            joined = TableInput(database: paired, location: candidate.location)
        } else if let table = candidate.spark, let other = champion.spark, table.connection == other.connection {
            let fold = { (left: [String], right: [String]) in foldOrder(columns, championColumns, candidateHeader: left, championHeader: right) }
            guard let (relation, found, rankable, scoreOrder) = spark(table, other, columns: columns, fold: fold) else { return nil }
            (labels, ranks, ordersErrors, classOrder) = (found, rankable, errorColumns(columns, championColumns).candidate.isEmpty == false, scoreOrder)
            joined = TableInput(
                spark: SparkTable(connection: table.connection, relation: relation, timeoutSeconds: table.timeoutSeconds),
                location: candidate.location)
        } else {
            return nil
        }
        // Errors name the candidate's table, whose rows these are.
        joined.path = candidate.path
        var candidateColumns = columns
        candidateColumns.id = nil
        candidateColumns.multiplicity = DatabaseTable.rowCountColumn
        var renamed = championColumns
        renamed.id = nil
        renamed.slices = []
        renamed.multiplicity = DatabaseTable.rowCountColumn
        renamed.prediction = championColumns.prediction.map { championPrefix + $0 }
        renamed.weight = championColumns.weight.map { championPrefix + $0 }
        switch championColumns.scores {
        case .column(let name)?: renamed.scores = .column(championPrefix + name)
        case .columns(let names)?: renamed.scores = .columns(names.map { championPrefix + $0 })
        case .prefix(let prefix)?: renamed.scores = .prefix(championPrefix + prefix)
        case nil: break
        }
        let relation = joined
        let reading = "\(candidateColumns)\u{0}\(renamed)"
        joined.database = joined.database?.grouped(.rows, reading: reading)
        joined.spark = joined.spark?.grouped(.rows, reading: reading)
        return ChampionPairing(
            joined: joined, relation: relation, candidateColumns: candidateColumns, championColumns: renamed,
            labels: labels.map { ClassNames.sorted(Array(Set($0.map(ClassNames.canonical)))) }, ranks: ranks, ordersErrors: ordersErrors,
            classOrder: classOrder)
    }

    /// The demand reading the joined relation grouped: one consumer for both models'
    /// predictions, fed the same rows (``PairedPredictionsConsumer``).
    var demand: TableDemand {
        let candidate = PredictionsLoader(columns: candidateColumns), champion = PredictionsLoader(columns: championColumns)
        let path = joined.path
        return TableDemand(joined) { header throws(TableReadError) in
            PairedPredictionsConsumer(
                candidate: try candidate.consumer(header: header, path: path), champion: try champion.consumer(header: header, path: path))
        }
    }

    /// Two ranked reads of the joined relation, the rows grouped by both models' columns,
    /// one in the candidate's score order and one in the champion's, each folding its
    /// model's sums and drawing the paired bootstrap as the rows come
    /// (``RankedScoresConsumer``, ``PairedResampling``): nothing kept per row. Nil unless
    /// the model is binary with one score column on both sides that the server orders by
    /// value (``ranks``), every metric of
    /// `metrics` is answered from sums (``BinaryScoreSums/answers(_:)``), and the
    /// classes of a model without a prediction column are known from the lowest and
    /// highest label the check found (two; or one, when the candidate has no prediction
    /// column either).
    func rankedDemands(metrics: [Metric], settings: BootstrapSettings) -> [TableDemand]? {
        guard candidateColumns.task == .binary, case .column(let candidateScore)? = candidateColumns.scores,
            case .column(let championScore)? = championColumns.scores, ranks, BinaryScoreSums.answers(metrics), let labels
        else { return nil }
        let needsClasses = candidateColumns.prediction == nil || championColumns.prediction == nil
        var classes: (String, String)?
        if needsClasses {
            guard labels.count == 2 || candidateColumns.prediction == nil,
                let resolved = try? PredictionsLoader.binaryClasses(labels, columns: candidateColumns, path: joined.path)
            else { return nil }
            classes = (resolved.classes[resolved.positive], resolved.classes[1 - resolved.positive])
        }
        let candidateClasses = candidateColumns.prediction == nil ? classes : nil
        let championClasses = championColumns.prediction == nil ? classes : nil
        var championRanked = championColumns
        championRanked.slices = candidateColumns.slices
        var candidateWords = candidateColumns
        candidateWords.slices = []
        let path = relation.path
        func demand(score: String, ranked: PredictionColumns, other: PredictionColumns, rankedIsCandidate: Bool) -> TableDemand {
            var input = relation
            let reading = "\(ranked)\u{0}\(other)\u{0}ranked"
            // Rows of one score in the order of the rest of their content's numbers
            // (``PairedResampling/ties``): the other's score, the ranked model's weight, the other's.
            let ties = PairedResampling.ties(ranked: ranked, other: other)
            input.database = input.database?.grouped(.ranked(score: score, ties: ties), reading: reading)
            input.spark = input.spark?.grouped(.ranked(score: score, ties: ties), reading: reading)
            let thresholds = rankedIsCandidate ? (candidateClasses, championClasses) : (championClasses, candidateClasses)
            return TableDemand(input) { header throws(TableReadError) in
                var consumer = try RankedScoresConsumer(columns: ranked, header: header, path: path)
                consumer.resampling = PairedResampling(
                    other: try PredictionsLoader.Consumer(columns: other, header: header, path: path), rankedIsCandidate: rankedIsCandidate,
                    rankedColumns: ranked, thresholdClasses: thresholds, settings: settings)
                return consumer
            }
        }
        return [
            demand(score: candidateScore, ranked: candidateColumns, other: championColumns, rankedIsCandidate: true),
            demand(score: championScore, ranked: championRanked, other: candidateWords, rankedIsCandidate: false),
        ]
    }

    // MARK: SQL

    /// The operands of a pairing, as an engine writes them: each relation as the
    /// operand of `FROM`, each side's id (a key whose equality is the ids' text's, the
    /// same type on both sides) and label (as the text a streamed read gives).
    struct Operands {
        var candidateFrom: String
        var championFrom: String
        var candidateKey: String
        var championKey: String
        var candidateLabel: String
        var championLabel: String
        /// A condition on a key `k` that holds when its id is empty (NULL, or an empty text).
        var emptyKey: String
        /// The champion's columns (quoted) with the names they take in the joined relation (quoted).
        var championColumns: [(column: String, alias: String)]
    }

    /// One statement, one pass over each relation (their ids and labels, grouped by id):
    /// the ids that break pairing (empty, twice on either side, a candidate's that no
    /// champion row has, or whose labels differ) and the candidate's rows. The rows pair
    /// one to one with equal labels when the first is 0 and the second is not
    /// (``pairs(_:)``). Standard SQL that PostgreSQL, Redshift, Citus and Spark run alike.
    static func checkStatement(_ operands: Operands) -> String {
        "SELECT SUM(CASE WHEN \(operands.emptyKey) OR nc > 1 OR nb > 1 OR (nc = 1 AND (nb = 0 OR lc IS NULL OR lb IS NULL OR lc <> lb)) THEN 1 ELSE 0 END), SUM(nc), "
            + "MIN(lc), MAX(lc) "
            + "FROM (SELECT k, SUM(CASE WHEN s = 0 THEN 1 ELSE 0 END) AS nc, SUM(CASE WHEN s = 1 THEN 1 ELSE 0 END) AS nb, "
            + "MIN(CASE WHEN s = 0 THEN l END) AS lc, MIN(CASE WHEN s = 1 THEN l END) AS lb "
            + "FROM (SELECT 0 AS s, \(operands.candidateKey) AS k, \(operands.candidateLabel) AS l FROM \(operands.candidateFrom) "
            + "UNION ALL SELECT 1 AS s, \(operands.championKey) AS k, \(operands.championLabel) AS l FROM \(operands.championFrom)) AS mlgate_ids "
            + "GROUP BY k) AS mlgate_pairs"
    }

    /// Whether ``checkStatement(_:)``'s answer says the rows pair one to one with equal labels.
    static func pairs(_ rows: [[String?]]) -> Bool {
        guard rows.count == 1, rows[0].count == 4, let broken = rows[0][0].flatMap({ Int($0) }),
            let candidate = rows[0][1].flatMap({ Int($0) })
        else { return false }
        return broken == 0 && candidate > 0
    }

    /// The candidate's lowest and highest label (as the text a streamed read gives), as
    /// ``checkStatement(_:)`` found them: a binary model's labels when it has at most
    /// two (a third is the loader's error, met at the end of the reads, which then
    /// resolve other classes than these: ``PairedResampling/drewWith(rankedClasses:)``).
    static func labels(_ rows: [[String?]]) -> [String]? {
        guard pairs(rows), let low = rows[0][2], let high = rows[0][3] else { return nil }
        return low == high ? [low] : [low, high]
    }

    /// The joined relation: every candidate column under its name (and the key), then
    /// the champion's columns renamed, the rows paired by id (an inner join: every
    /// candidate id is known to be among the champion's, once).
    static func joinedQuery(_ operands: Operands, quote: (String) -> String) -> String {
        let key = quote(keyColumn)
        let champion = operands.championColumns.map { "mlgate_b.\($0.column) AS \($0.alias)" }
        return "SELECT mlgate_c.*, \(champion.joined(separator: ", ")) "
            + "FROM (SELECT *, \(operands.candidateKey) AS \(key) FROM \(operands.candidateFrom)) AS mlgate_c "
            + "JOIN (SELECT *, \(operands.championKey) AS \(key) FROM \(operands.championFrom)) AS mlgate_b "
            + "ON mlgate_c.\(key) = mlgate_b.\(key)"
    }

    // MARK: Engines

    /// Whether a candidate column's name is one the join gives the champion's columns or
    /// the key (the joined relation would have two columns of that name).
    static func clashes(_ names: [String]) -> Bool {
        names.contains { $0.hasPrefix(championPrefix) || $0 == keyColumn }
    }

    /// The PostgreSQL types (`int2`, `int4`, `int8`, `text`, `varchar`, `uuid`) whose
    /// values are equal exactly when their texts are.
    static let nativeKeyTypes: Set<UInt32> = [21, 23, 20, 25, 1043, 2950]

    /// The columns a streamed read of the joined relation orders its rows by, the
    /// candidate's and the champion's: a binary model's score column and weight on each
    /// side (read once in each score's order, ties by the other columns), a regressor's
    /// prediction (the candidate's). None when no streamed read applies.
    static func orderedColumns(_ candidate: PredictionColumns, _ champion: PredictionColumns) -> (candidate: [String], champion: [String]) {
        if case .column(let left)? = candidate.scores, case .column(let right)? = champion.scores {
            return ([left] + [candidate.weight].compactMap { $0 }, [right] + [champion.weight].compactMap { $0 })
        }
        if candidate.task == .regression, let prediction = candidate.prediction { return ([prediction], []) }
        return ([], [])
    }

    /// The columns a regressor's reads in each model's error order take the difference
    /// of: the candidate's label and prediction, and the champion's prediction. None
    /// unless both sides have a prediction column.
    static func errorColumns(_ candidate: PredictionColumns, _ champion: PredictionColumns) -> (candidate: [String], champion: [String]) {
        guard candidate.task == .regression, let prediction = candidate.prediction, let other = champion.prediction else { return ([], []) }
        return ([candidate.label, prediction], [other])
    }

    /// The columns whose order the joined rows of a classifier are read in for one read
    /// that folds both models, rows of one content then meeting in one run of equal
    /// values of them all (so that a run holds few contents, whatever the columns' values):
    /// a multiclass model's score columns and weight, then the champion's (its score
    /// columns by name, or the relation's columns, `candidateHeader` and `championHeader`,
    /// that a prefix names); for models without scores on either side, their weight
    /// columns (the candidate must have one: without, the distinct paired rows are few,
    /// at most the classes' triples). The champion's as each relation names them (the
    /// joined relation prefixes them, ``championPrefix``). Nil otherwise.
    static func foldOrder(_ columns: PredictionColumns, _ champion: PredictionColumns, candidateHeader: [String], championHeader: [String])
        -> (candidate: [String], champion: [String])?
    {
        if columns.scores == nil, champion.scores == nil, columns.task != .regression {
            guard let weight = columns.weight else { return nil }
            return ([weight], champion.weight.map { [$0] } ?? [])
        }
        guard columns.task == .multiclass, let scores = columns.scores, let championScores = champion.scores else { return nil }
        let candidateScores = scores.positions(in: candidateHeader).map { candidateHeader[$0] }
        let championNames = championScores.positions(in: championHeader).map { championHeader[$0] }
        guard candidateScores.count > 1, championNames.count > 1 else { return nil }
        return (candidateScores + [columns.weight].compactMap { $0 }, championNames + [champion.weight].compactMap { $0 })
    }

    /// The joined relation on a PostgreSQL-wire engine, when the server pairs the rows,
    /// whether it orders them by each of `orders`' columns (some, all numbers or text),
    /// and the columns `fold` names (given each relation's columns), as the joined
    /// relation names them, when it orders them by each.
    private static func postgres(
        _ candidate: DatabaseTable, _ champion: DatabaseTable, columns: PredictionColumns, orders: [(candidate: [String], champion: [String])],
        fold: ([String], [String]) -> (candidate: [String], champion: [String])?
    )
        -> (DatabaseTable.Relation, [String]?, ordered: [Bool], classOrder: [String]?)?
    {
        let id = columns.id ?? "", label = columns.label
        let dialect = PostgreSQLDialect()
        do throws(PostgresError) {
            // The statements are the same on every PostgreSQL-wire engine: no detection.
            let connection = try PostgresConnection(
                try PostgresConnectionParameters(candidate.connection), statementTimeout: candidate.statementTimeoutMilliseconds)
            let left = try connection.query(dialect.describeStatement(candidate.relation)).columns
            let right = try connection.query(dialect.describeStatement(champion.relation)).columns
            func text(_ column: PostgresConnection.Column) -> String { "NULLIF((\(dialect.textExpression(column)))::text, '')" }
            guard !clashes(left.map(\.name)), let leftID = left.first(where: { $0.name == id }), let leftLabel = left.first(where: { $0.name == label }),
                let rightID = right.first(where: { $0.name == id }), let rightLabel = right.first(where: { $0.name == label })
            else { return nil }
            // Ids of one type whose equality is their text's are joined as they are (the
            // planner then knows them: a hash join, not a merge join of expressions).
            let native = leftID.typeOID == rightID.typeOID && nativeKeyTypes.contains(leftID.typeOID)
            let operands = Operands(
                candidateFrom: dialect.fromClause(candidate.relation), championFrom: dialect.fromClause(champion.relation),
                candidateKey: native ? dialect.quoteIdentifier(id) : text(leftID), championKey: native ? dialect.quoteIdentifier(id) : text(rightID),
                candidateLabel: text(leftLabel), championLabel: text(rightLabel), emptyKey: "(k IS NULL OR CAST(k AS text) = '')",
                championColumns: right.map { (dialect.quoteIdentifier($0.name), dialect.quoteIdentifier(championPrefix + $0.name)) })
            let answer = try connection.query(checkStatement(operands)).rows
            guard pairs(answer) else { return nil }
            // A streamed read orders the rows by columns the server holds as numbers or text.
            func isOrderable(_ columns: [PostgresConnection.Column], _ name: String) -> Bool {
                columns.first { $0.name == name }.map(PostgreSQLDialect.isOrderable) ?? false
            }
            let ordered = orders.map { columns in
                !columns.candidate.isEmpty && columns.candidate.allSatisfy { isOrderable(left, $0) }
                    && columns.champion.allSatisfy { isOrderable(right, $0) }
            }
            let classOrder = fold(left.map(\.name), right.map(\.name)).flatMap { order in
                order.candidate.allSatisfy { isOrderable(left, $0) } && order.champion.allSatisfy { isOrderable(right, $0) }
                    ? order.candidate + order.champion.map { championPrefix + $0 } : nil
            }
            return (.query(joinedQuery(operands, quote: dialect.quoteIdentifier)), labels(answer), ordered, classOrder)
        } catch {
            // The gate reads both tables row by row, and meets (and reports) the problem there.
            return nil
        }
    }

    /// The joined relation on a Spark cluster, when the cluster pairs the rows, and the
    /// columns `fold` names (given each relation's columns; Spark orders by any column),
    /// as the joined relation names them.
    private static func spark(
        _ candidate: SparkTable, _ champion: SparkTable, columns: PredictionColumns,
        fold: ([String], [String]) -> (candidate: [String], champion: [String])?
    ) -> (DatabaseTable.Relation, [String]?, ranks: Bool, classOrder: [String]?)? {
        let id = columns.id ?? "", label = columns.label
        let location = SourceLocation(file: candidate.display)
        do throws(TableReadError) {
            guard let left = try SparkPushdownSession(candidate, location: location),
                let right = try SparkPushdownSession(champion, location: location)
            else { return nil }
            func key(_ columns: [SparkSQLDialect.Column], _ name: String) -> String? {
                columns.first { $0.name == name }.flatMap(SparkSQLDialect.cell).map(SparkSQLDialect.key)
            }
            guard !clashes(left.columns.map(\.name)), let leftID = key(left.columns, id), let leftLabel = key(left.columns, label),
                let rightID = key(right.columns, id), let rightLabel = key(right.columns, label)
            else { return nil }
            let quote = SparkSQLDialect.quote
            let operands = Operands(
                candidateFrom: SparkSQLDialect.from(candidate.relation), championFrom: SparkSQLDialect.from(champion.relation),
                candidateKey: leftID, championKey: rightID, candidateLabel: leftLabel, championLabel: rightLabel, emptyKey: "k IS NULL",
                championColumns: right.columns.map { (quote($0.name), quote(championPrefix + $0.name)) })
            let answer = try left.query(checkStatement(operands))
            guard pairs(answer) else { return nil }
            // Spark orders a streamed read by a column as a double, whatever its type.
            let order = fold(left.columns.map(\.name), right.columns.map(\.name)).map { $0.candidate + $0.champion.map { championPrefix + $0 } }
            return (.query(joinedQuery(operands, quote: quote)), labels(answer), true, order)
        } catch {
            return nil
        }
    }
}
