import Foundation

/// A DSSE envelope (Dead Simple Signing Envelope, v1): the payload, its type, and
/// signatures over the pre-authentication encoding of both, as in-toto and Sigstore use.
public struct DSSEEnvelope: Sendable, Hashable, Codable {
    /// The payload type of an in-toto statement.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// What the payload is.
    public var payloadType: String
    /// The payload, base64.
    public var payload: String
    /// The signatures.
    public var signatures: [Signature]

    /// One signature.
    public struct Signature: Sendable, Hashable, Codable {
        /// Which key made it (see ``VerificationKey/keyID``).
        public var keyid: String
        /// The signature, base64.
        public var sig: String
    }

    /// Signs `payload` with `key`.
    public init(payload: Data, payloadType: String = Self.inTotoPayloadType, key: SigningKey) throws(PromotionError) {
        self.payloadType = payloadType
        self.payload = payload.base64EncodedString()
        let signature = try key.signature(for: Self.preAuthenticationEncoding(type: payloadType, body: payload))
        self.signatures = [Signature(keyid: key.publicKey.keyID, sig: signature.base64EncodedString())]
    }

    /// The payload's bytes, or `nil` when it is not valid base64.
    public var payloadBytes: Data? { Data(base64Encoded: payload) }

    /// Whether one of the signatures is `key`'s over this payload.
    public func isSigned(by key: VerificationKey) -> Bool {
        guard let body = payloadBytes else { return false }
        let message = Self.preAuthenticationEncoding(type: payloadType, body: body)
        return signatures.contains { signature in
            guard let bytes = Data(base64Encoded: signature.sig) else { return false }
            return key.isValidSignature(bytes, for: message)
        }
    }

    /// `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in
    /// ASCII decimal bytes.
    public static func preAuthenticationEncoding(type: String, body: Data) -> Data {
        var data = Data("DSSEv1 \(type.utf8.count) \(type) \(body.count) ".utf8)
        data.append(body)
        return data
    }
}
