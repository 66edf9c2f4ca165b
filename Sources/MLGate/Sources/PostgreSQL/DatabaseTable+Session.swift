/// The connection a pushdown runs its statements on.
extension DatabaseTable {
    /// A connection to the table's server with the table's statement timeout, the
    /// parameters it was opened with (for more connections), and the engine: the
    /// configured dialect, or the one the server names (``WarehouseDialect/detect(on:)``).
    func session() throws(PostgresError) -> (connection: PostgresConnection, parameters: PostgresConnectionParameters, engine: WarehouseDialect) {
        let parameters = try PostgresConnectionParameters(connection)
        let opened = try PostgresConnection(parameters, statementTimeout: statementTimeoutMilliseconds)
        let engine: WarehouseDialect
        if let dialect { engine = dialect } else { engine = try WarehouseDialect.detect(on: opened) }
        return (opened, parameters, engine)
    }
}
