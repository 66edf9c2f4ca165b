extension GateConfig {
    /// The gate with every table it reads detected (``TableInput/detectingDialect()``),
    /// each file looked at once per run: `detected` holds the inputs already seen.
    func detectingDialects(_ detected: inout [TableInput: TableInput]) -> GateConfig {
        func detect(_ input: TableInput) -> TableInput {
            if let seen = detected[input] { return seen }
            let result = input.detectingDialect()
            detected[input] = result
            return result
        }
        var config = self
        switch body {
        case .data(var data):
            data.input = detect(data.input)
            config.body = .data(data)
        case .model(var model):
            model.predictions = detect(model.predictions)
            if case .predictions(let input, let columns)? = model.baseline { model.baseline = .predictions(detect(input), columns) }
            config.body = .model(model)
        case .fairness(var fairness):
            fairness.predictions = detect(fairness.predictions)
            config.body = .fairness(fairness)
        case .drift(var drift):
            drift.current = detect(drift.current)
            if case .table(let input) = drift.reference { drift.reference = .table(detect(input)) }
            config.body = .drift(drift)
        }
        return config
    }
}
