import CLibcrypto
import Foundation

/// A model repository served by `HubTestServer`: files by path, a fixed commit, optionally gated.
public struct HubTestRepository: Sendable {
    /// The model id (`org/name`).
    public let id: String
    /// The commit `main` points at (40 hex digits, derived from the id so every run agrees).
    public let commit: String
    /// File contents by path in the repository.
    public var files: [String: Data]
    /// Whether the server asks for the token (401 `GatedRepo` without it).
    public var gated: Bool

    /// A repository with the given files.
    public init(id: String, files: [String: Data], gated: Bool = false) {
        self.id = id
        self.files = files
        self.gated = gated
        commit = Self.hex(Self.digest(Data("labrun test commit \(id)".utf8), EVP_sha1()))
    }

    /// The files of `Tests/Fixtures/models/<fixture>` served as `id`.
    public static func fixture(_ fixture: String, as id: String, gated: Bool = false) throws -> HubTestRepository {
        let folder = fixturesFolder.appendingPathComponent("models/\(fixture)")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return HubTestRepository(id: id, files: files, gated: gated)
    }

    /// `Tests/Fixtures`, found from this file's path.
    public static let fixturesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Whether the Hub stores `path` with Git LFS (weights), so it answers with a redirect to a blob URL.
    public static func isLFS(_ path: String) -> Bool {
        [".safetensors", ".gguf", ".bin", ".pt", ".onnx"].contains { path.hasSuffix($0) }
    }

    /// The etag the Hub gives `path`: SHA-256 of the content for LFS files, else the git blob SHA-1.
    public func etag(_ path: String) -> String? {
        guard let data = files[path] else { return nil }
        if Self.isLFS(path) { return Self.hex(Self.digest(data, EVP_sha256())) }
        return Self.hex(Self.digest(Data("blob \(data.count)\0".utf8) + data, EVP_sha1()))
    }

    /// The digest of `data` with libcrypto's one-shot `EVP_Digest`.
    static func digest(_ data: Data, _ algorithm: OpaquePointer?) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        data.withUnsafeBytes { bytes in
            _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, algorithm, nil)
        }
        return Array(digest.prefix(Int(length)))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
