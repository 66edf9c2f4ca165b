/// What a data gate's contract found, for the JSON, Markdown and HTML reports: counts
/// per error code, field and constraint, and the first problems located.
public struct ContractReport: Sendable, Codable, Hashable {
    /// One count.
    public struct Count: Sendable, Codable, Hashable {
        /// The Frictionless error code.
        public var code: ContractErrorCode
        /// The field (or label, or key fields joined by ", "), if any.
        public var field: String?
        /// The constraint, for `constraint-error`.
        public var constraint: String?
        /// How many times.
        public var count: Int

        /// Creates a count.
        public init(code: ContractErrorCode, field: String? = nil, constraint: String? = nil, count: Int) {
            self.code = code
            self.field = field
            self.constraint = constraint
            self.count = count
        }
    }

    /// The schema as the config names it (`inferred` when none was given).
    public var schema: String
    /// Data rows read (blank rows included).
    public var rows: Int
    /// Whether nothing was found.
    public var valid: Bool
    /// Every count, ordered by code, field and constraint.
    public var counts: [Count]
    /// The first problems, in the order Frictionless reports them.
    public var samples: [ContractIssue]
    /// The schema the table was checked against, as JSON text (shown when it was inferred).
    public var inferredSchema: String?

    /// Creates a report from its parts.
    public init(schema: String, rows: Int, counts: [Count], samples: [ContractIssue], inferredSchema: String? = nil) {
        self.schema = schema
        self.rows = rows
        valid = counts.isEmpty
        self.counts = counts
        self.samples = samples
        self.inferredSchema = inferredSchema
    }

    /// Builds the report from a finished tally.
    public init(schema: String, rows: Int, tally: ContractTally, inferredSchema: String? = nil) {
        self.schema = schema
        self.rows = rows
        valid = tally.total == 0
        counts = tally.counts.sorted { $0.key < $1.key }.map {
            Count(code: $0.key.code, field: $0.key.field, constraint: $0.key.constraint, count: $0.value)
        }
        samples = tally.samples
        self.inferredSchema = inferredSchema
    }
}
