import Foundation

/// A gate attestation as stored in a file: an in-toto statement, bare when unsigned or
/// inside a DSSE envelope when signed.
public struct GateAttestation: Sendable {
    /// The statement.
    public var statement: InTotoStatement
    /// The envelope, when the file held one.
    public var envelope: DSSEEnvelope?

    /// Creates an attestation from its parts.
    public init(statement: InTotoStatement, envelope: DSSEEnvelope? = nil) {
        self.statement = statement
        self.envelope = envelope
    }

    /// The statement's bytes: sorted keys, so the same run gives the same bytes.
    public static func encode(_ statement: InTotoStatement) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try! encoder.encode(statement) + Data("\n".utf8)
    }

    /// The file's bytes: the bare statement, or, with `key`, a DSSE envelope signed by it.
    public static func file(for statement: InTotoStatement, signedWith key: SigningKey?) throws(PromotionError) -> Data {
        let payload = encode(statement)
        guard let key else { return payload }
        let envelope = try DSSEEnvelope(payload: payload, key: key)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(envelope) + Data("\n".utf8)
    }

    /// Reads an attestation file: a DSSE envelope or a bare statement.
    public init(data: Data, source: String) throws(PromotionError) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw PromotionError(
                .malformed, "\(source): not a JSON object: invalid JSON\(SystemError.jsonPosition(error, in: data)) (expected the attestation 'mlgate check --attest' writes)")
        }
        guard let object = parsed as? [String: Any] else {
            throw PromotionError(.malformed, "\(source): not a JSON object (expected the attestation 'mlgate check --attest' writes)")
        }
        var payload = data
        if object["payloadType"] != nil {
            let envelope: DSSEEnvelope
            do {
                envelope = try decoder.decode(DSSEEnvelope.self, from: data)
            } catch {
                throw PromotionError(.malformed, "\(source): not a DSSE envelope: \(Self.describe(error))")
            }
            guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
                throw PromotionError(.malformed, "\(source): payload type '\(envelope.payloadType)', expected '\(DSSEEnvelope.inTotoPayloadType)'")
            }
            guard let bytes = envelope.payloadBytes else {
                throw PromotionError(.malformed, "\(source): the envelope's payload is not valid base64")
            }
            self.envelope = envelope
            payload = bytes
        } else {
            self.envelope = nil
        }
        let statement: InTotoStatement
        do {
            statement = try decoder.decode(InTotoStatement.self, from: payload)
        } catch {
            throw PromotionError(.malformed, "\(source): not an in-toto statement written by mlgate: \(Self.describe(error))")
        }
        guard statement.type == InTotoStatement.type else {
            throw PromotionError(.malformed, "\(source): statement type '\(statement.type)', expected '\(InTotoStatement.type)'")
        }
        guard statement.predicateType == GatePredicate.type else {
            throw PromotionError(.malformed, "\(source): predicate type '\(statement.predicateType)', expected '\(GatePredicate.type)'")
        }
        self.statement = statement
    }

    /// Reads the attestation file at `url`.
    public init(contentsOf url: URL, source: String) throws(PromotionError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PromotionError(.attestationMissing, "\(source): no attestation: without a record that the gate passed, nothing is promoted (write one with 'mlgate check --attest')")
        }
        let data: Data
        do {
            data = try DocumentFile.read(url)
        } catch {
            throw PromotionError(.missingFile, "\(source): cannot read the attestation: \(SystemError.describe(error))")
        }
        try self.init(data: data, source: source)
    }

    private static func describe(_ error: any Error) -> String { SystemError.describe(error) }
}
