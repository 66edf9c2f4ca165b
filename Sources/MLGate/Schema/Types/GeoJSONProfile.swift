/// The GeoJSON JSON Schema frictionless validates `geojson` cells against
/// (frictionless/assets/profiles/geojson.json, draft-04), written out by hand.
///
/// Root: an object with `type`, exactly one of geometry / GeometryCollection /
/// Feature / FeatureCollection, and valid `crs` and `bbox` when present.
enum GeoJSONProfile {
    static func isValid(_ value: JSONValue) -> Bool {
        guard case let .object(members) = value, member(members, "type") != nil else { return false }
        if let crs = member(members, "crs"), !isCRS(crs) { return false }
        if let bbox = member(members, "bbox"), !isNumberArray(bbox) { return false }
        var matches = 0
        if isGeometry(value) { matches += 1 }
        if isGeometryCollection(members) { matches += 1 }
        if isFeature(value) { matches += 1 }
        if isFeatureCollection(members) { matches += 1 }
        return matches == 1
    }

    private static func member(_ members: [(key: String, value: JSONValue)], _ key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// jsonschema's "number": an int or float, never a bool.
    private static func isNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .integer, .float: return true
        default: return false
        }
    }

    private static func isNumberArray(_ value: JSONValue) -> Bool {
        guard case let .array(items) = value else { return false }
        return items.allSatisfy(isNumber)
    }

    /// A `type` property constrained by `enum: [name]` (absent is fine for the
    /// sub-schema; the root requires it).
    private static func typeIs(_ members: [(key: String, value: JSONValue)], _ name: String) -> Bool {
        guard let type = member(members, "type") else { return true }
        return type == .string(name)
    }

    private static func isPosition(_ value: JSONValue) -> Bool {
        guard case let .array(items) = value else { return false }
        return items.count == 2 && isNumber(items[0]) && isNumber(items[1])
    }

    private static func isPositionArray(_ value: JSONValue, minimum: Int = 0) -> Bool {
        guard case let .array(items) = value else { return false }
        return items.count >= minimum && items.allSatisfy { isPosition($0) }
    }

    private static func isArray(of value: JSONValue, _ element: (JSONValue) -> Bool) -> Bool {
        guard case let .array(items) = value else { return false }
        return items.allSatisfy(element)
    }

    private static func isPolygon(_ value: JSONValue) -> Bool {
        isArray(of: value) { isPositionArray($0, minimum: 4) }
    }

    static func isGeometry(_ value: JSONValue) -> Bool {
        guard case let .object(members) = value,
              member(members, "type") != nil, let coordinates = member(members, "coordinates") else { return false }
        let kinds: [(String, (JSONValue) -> Bool)] = [
            ("Point", isPosition),
            ("MultiPoint", { isPositionArray($0) }),
            ("LineString", { isPositionArray($0, minimum: 2) }),
            ("MultiLineString", { isArray(of: $0) { isPositionArray($0, minimum: 2) } }),
            ("Polygon", isPolygon),
            ("MultiPolygon", { isArray(of: $0, isPolygon) }),
        ]
        var matches = 0
        for (name, check) in kinds where typeIs(members, name) && check(coordinates) { matches += 1 }
        return matches == 1
    }

    private static func isGeometryCollection(_ members: [(key: String, value: JSONValue)]) -> Bool {
        guard let geometries = member(members, "geometries"), typeIs(members, "GeometryCollection") else { return false }
        return isArray(of: geometries, isGeometry)
    }

    static func isFeature(_ value: JSONValue) -> Bool {
        guard case let .object(members) = value,
              let geometry = member(members, "geometry"), let properties = member(members, "properties"),
              typeIs(members, "Feature") else { return false }
        let geometryValid = (geometry == .null ? 1 : 0) + (isGeometry(geometry) ? 1 : 0) == 1
        let propertiesValid: Bool
        switch properties {
        case .object, .null: propertiesValid = true
        default: propertiesValid = false
        }
        return geometryValid && propertiesValid
    }

    private static func isFeatureCollection(_ members: [(key: String, value: JSONValue)]) -> Bool {
        guard let features = member(members, "features"), typeIs(members, "FeatureCollection") else { return false }
        return isArray(of: features, isFeature)
    }

    private static func isCRS(_ value: JSONValue) -> Bool {
        if value == .null {
            // type ["object", "null"]; the remaining keywords only apply to objects.
            return true
        }
        guard case let .object(members) = value,
              case .string? = member(members, "type"),
              let properties = member(members, "properties"), case let .object(inner) = properties,
              members.allSatisfy({ $0.key == "type" || $0.key == "properties" }) else { return false }
        let named = typeIs(members, "name")
            && member(inner, "name").map { if case .string = $0 { return true } else { return false } } == true
            && inner.allSatisfy { $0.key == "name" }
        let linked = typeIs(members, "link")
            && member(inner, "href").map { if case .string = $0 { return true } else { return false } } == true
            && (member(inner, "type").map { if case .string = $0 { return true } else { return false } } ?? true)
        return named != linked
    }
}
