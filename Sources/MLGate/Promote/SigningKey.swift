import Crypto
import Foundation

/// An Ed25519 key pair for signing gate attestations, read from and written as PEM —
/// the PKCS #8 `PRIVATE KEY` and SubjectPublicKeyInfo `PUBLIC KEY` documents that
/// `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write.
public struct SigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// Reads a PEM private key; `source` names where it came from, for errors.
    public init(pem: String, source: String) throws(PromotionError) {
        let der = try PEM.decode(pem, label: "PRIVATE KEY", source: source)
        guard der.count == PEM.privatePrefix.count + 32, der.starts(with: PEM.privatePrefix) else {
            throw PromotionError(.malformed, "\(source): not an Ed25519 private key (expected the PKCS #8 PEM that 'openssl genpkey -algorithm ed25519' writes)")
        }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        } catch {
            throw PromotionError(.malformed, "\(source): not an Ed25519 private key: the key bytes are not a valid Ed25519 key")
        }
    }

    /// The key as a PKCS #8 PEM document.
    public var pem: String { PEM.encode(PEM.privatePrefix + key.rawRepresentation, label: "PRIVATE KEY") }

    /// The matching public key.
    public var publicKey: VerificationKey { VerificationKey(key: key.publicKey) }

    /// Signs `message`.
    func signature(for message: Data) throws(PromotionError) -> Data {
        do {
            return try key.signature(for: message)
        } catch {
            throw PromotionError(.malformed, "cannot sign: \(SystemError.describe(error))")
        }
    }
}

/// An Ed25519 public key that verifies gate attestations.
public struct VerificationKey: Sendable, Hashable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    /// Reads a PEM public key (SubjectPublicKeyInfo); `source` names where it came from.
    public init(pem: String, source: String) throws(PromotionError) {
        let der = try PEM.decode(pem, label: "PUBLIC KEY", source: source)
        guard der.count == PEM.publicPrefix.count + 32, der.starts(with: PEM.publicPrefix) else {
            throw PromotionError(.malformed, "\(source): not an Ed25519 public key (expected the PEM that 'openssl pkey -pubout' or 'mlgate keygen' writes)")
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
        } catch {
            throw PromotionError(.malformed, "\(source): not an Ed25519 public key: the key bytes are not a valid Ed25519 key")
        }
    }

    /// The key as a PEM document.
    public var pem: String { PEM.encode(PEM.publicPrefix + key.rawRepresentation, label: "PUBLIC KEY") }

    /// The DSSE key id: the SHA-256 of the raw 32-byte public key, in hexadecimal.
    public var keyID: String { ArtifactDigest.sha256(of: key.rawRepresentation) }

    /// Whether `signature` is this key's signature of `message`.
    func isValidSignature(_ signature: Data, for message: Data) -> Bool {
        key.isValidSignature(signature, for: message)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.key.rawRepresentation == rhs.key.rawRepresentation }
    public func hash(into hasher: inout Hasher) { hasher.combine(key.rawRepresentation) }
}

/// The two fixed DER layouts of Ed25519 keys (RFC 8410), and PEM armour.
enum PEM {
    /// `SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }`
    static let privatePrefix = Data([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
    /// `SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32) }`
    static let publicPrefix = Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

    static func decode(_ text: String, label: String, source: String) throws(PromotionError) -> Data {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            throw PromotionError(.malformed, "\(source): expected a PEM document starting with '\(begin)'")
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else {
            // Located at the body's first line (after the BEGIN line).
            let line = text[..<start.upperBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 } + 1
            throw PromotionError(.malformed, "\(source): the PEM body from line \(line) is not valid base64 (expected the base64 lines between '\(begin)' and '\(end)')")
        }
        return der
    }

    static func encode(_ der: Data, label: String) -> String {
        let base64 = der.base64EncodedString()
        var lines: [Substring] = []
        var rest = base64[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }
}
