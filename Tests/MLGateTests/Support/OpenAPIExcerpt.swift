import Foundation

/// An OpenAPI excerpt (Fixtures/openapi/) and a check of one recorded request against
/// it: the operation exists for the method and path, every path and query parameter is
/// declared with a value of its type (and enum), and the JSON body has every required
/// field, no undeclared one, each of its declared type and within `maxLength`.
struct OpenAPIExcerpt {
    let document: [String: Any]
    /// The servers' base path the requests carry before the described paths.
    let basePath: String

    init(fixture: String, basePath: String = "") throws {
        let data = try Data(contentsOf: Fixtures.url("openapi/\(fixture)"))
        document = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        self.basePath = basePath
    }

    /// The problems of `request` (empty when it matches the description).
    func problems(_ request: LocalHTTPServer.Request) -> [String] {
        let method = request.method.lowercased()
        guard request.path.hasPrefix(basePath) else { return ["\(request.path): not under \(basePath)"] }
        let path = String(request.path.dropFirst(basePath.count))
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { $0.removingPercentEncoding ?? String($0) }
        let paths = document["paths"] as! [String: [String: Any]]
        for (template, operations) in paths {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == segments.count else { continue }
            var values: [String: String] = [:]
            var matches = true
            for (part, segment) in zip(parts, segments) {
                if part.hasPrefix("{") && part.hasSuffix("}") {
                    values[String(part.dropFirst().dropLast())] = segment
                } else if part != segment {
                    matches = false
                    break
                }
            }
            guard matches else { continue }
            guard let operation = operations[method] as? [String: Any] else {
                return ["\(request.method) \(template): no such operation (only \(operations.keys.sorted().joined(separator: ", ")))"]
            }
            return check(operation, template: template, pathValues: values, request: request)
        }
        return ["\(request.method) \(path): no path of the description matches"]
    }

    private func check(_ operation: [String: Any], template: String, pathValues: [String: String], request: LocalHTTPServer.Request) -> [String] {
        var problems: [String] = []
        let parameters = (operation["parameters"] as? [[String: Any]] ?? []).map(resolve)
        for parameter in parameters {
            let name = parameter["name"] as! String
            let schema = parameter["schema"] as? [String: Any] ?? [:]
            switch parameter["in"] as? String {
            case "path":
                guard let value = pathValues[name], !value.isEmpty else {
                    problems.append("\(template): path parameter \(name) missing")
                    continue
                }
                problems += check(value: value, schema: schema, name: name)
            case "query":
                if parameter["required"] as? Bool == true, request.query[name] == nil { problems.append("query parameter \(name) is required") }
            default: break
            }
        }
        let declaredQuery = Set(parameters.filter { $0["in"] as? String == "query" }.map { $0["name"] as! String })
        for (name, value) in request.query {
            guard declaredQuery.contains(name) else {
                problems.append("query parameter \(name) is not declared by \(template)")
                continue
            }
            let schema = parameters.first { $0["name"] as? String == name }?["schema"] as? [String: Any] ?? [:]
            problems += check(value: value, schema: schema, name: name)
        }
        if let body = operation["requestBody"] as? [String: Any] {
            let schema = ((body["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] ?? [:]
            if request.headers["content-type"]?.hasPrefix("application/json") != true { problems.append("Content-Type is not application/json") }
            guard let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] else {
                return problems + ["the body is not a JSON object"]
            }
            problems += check(object: object, schema: schema)
        } else if !request.body.isEmpty {
            problems.append("\(request.method) \(template) takes no body")
        }
        return problems
    }

    private func check(object: [String: Any], schema: [String: Any]) -> [String] {
        var problems: [String] = []
        let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
        for required in schema["required"] as? [String] ?? [] where object[required] == nil {
            problems.append("body field \(required) is required")
        }
        for (key, value) in object {
            guard let property = properties[key] else {
                problems.append("body field \(key) is not declared")
                continue
            }
            switch property["type"] as? String {
            case "string":
                guard let text = value as? String else {
                    problems.append("body field \(key) is not a string")
                    continue
                }
                if let maximum = property["maxLength"] as? Int, text.count > maximum { problems.append("body field \(key) is over \(maximum) characters") }
            case "boolean": if !(value is Bool) { problems.append("body field \(key) is not a boolean") }
            case "integer": if !(value is Int) { problems.append("body field \(key) is not an integer") }
            default: break
            }
        }
        return problems
    }

    private func check(value: String, schema: [String: Any], name: String) -> [String] {
        var problems: [String] = []
        if schema["type"] as? String == "integer", Int(value) == nil { problems.append("parameter \(name) '\(value)' is not an integer") }
        if let options = schema["enum"] as? [String], !options.contains(value) { problems.append("parameter \(name) '\(value)' is not one of \(options)") }
        return problems
    }

    private func resolve(_ parameter: [String: Any]) -> [String: Any] {
        guard let reference = parameter["$ref"] as? String else { return parameter }
        let name = String(reference.split(separator: "/").last!)
        return ((document["components"] as! [String: Any])["parameters"] as! [String: Any])[name] as! [String: Any]
    }
}
