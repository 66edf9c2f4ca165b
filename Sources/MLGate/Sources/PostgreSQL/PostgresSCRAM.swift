import Crypto
import Foundation

/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it: no
/// channel binding (`n,,`), the user name left to the startup message (`n=`).
struct PostgresSCRAM {
    private let password: String
    private let nonce: String
    private var clientFirstBare: String { "n=,r=\(nonce)" }
    private var expectedServerSignature: [UInt8]?

    init(password: String, nonce: String = Self.makeNonce()) {
        self.password = password
        self.nonce = nonce
    }

    /// A random printable nonce.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    /// The client-first message.
    var clientFirst: String { "n,,\(clientFirstBare)" }

    /// The client-final message answering `serverFirst` (`r=…,s=…,i=…`).
    mutating func clientFinal(serverFirst: String) throws(PostgresError) -> String {
        var attributes: [Character: String] = [:]
        for part in serverFirst.split(separator: ",") where part.count >= 2 && part.dropFirst().first == "=" {
            attributes[part.first!] = String(part.dropFirst(2))
        }
        guard let serverNonce = attributes["r"], serverNonce.hasPrefix(nonce),
            let saltText = attributes["s"], let salt = Data(base64Encoded: saltText),
            let iterationText = attributes["i"], let iterations = Int(iterationText), iterations > 0,
            iterations <= Self.maximumIterations
        else {
            throw PostgresError(.authentication, "the server's SCRAM-SHA-256 challenge cannot be read")
        }
        let salted = Self.pbkdf2(password: Array(password.utf8), salt: Array(salt), iterations: iterations)
        let clientKey = Self.hmac(salted, "Client Key")
        let storedKey = Array(SHA256.hash(data: clientKey))
        let withoutProof = "c=biws,r=\(serverNonce)"
        let authMessage = "\(clientFirstBare),\(serverFirst),\(withoutProof)"
        let signature = Self.hmac(storedKey, authMessage)
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        expectedServerSignature = Self.hmac(Self.hmac(salted, "Server Key"), authMessage)
        return "\(withoutProof),p=\(Data(proof).base64EncodedString())"
    }

    /// Checks the server's final message (`v=…`): the server knew the password too.
    func verify(serverFinal: String) throws(PostgresError) {
        guard serverFinal.hasPrefix("v="), let signature = Data(base64Encoded: String(serverFinal.dropFirst(2))),
            Array(signature) == expectedServerSignature
        else {
            throw PostgresError(.authentication, "the server's SCRAM-SHA-256 signature does not match: it may not be the server it claims to be")
        }
    }

    static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
        hmac(key, Array(message.utf8))
    }

    static func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// The most PBKDF2 iterations a server may ask for (PostgreSQL's default is 4,096): a
    /// damaged or hostile server must not keep the client hashing for hours.
    static let maximumIterations = 10_000_000

    /// PBKDF2 with HMAC-SHA-256, one block (32 bytes).
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = block
        for _ in 1..<iterations {
            block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }
}
