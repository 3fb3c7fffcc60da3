import CLibcrypto
import Foundation

/// Streaming digests of files, as the Hugging Face Hub names them: the SHA-256 of a Git LFS file
/// (weights) and the git blob SHA-1 (`blob <size>\0` + content) of any other file.
///
/// Computed with the system's OpenSSL libcrypto, read 4 MiB at a time, so a model file is never
/// held in memory whole.
public enum FileDigest {
    /// The two algorithms the Hub uses.
    public enum Algorithm: Sendable {
        /// SHA-256 of the content (LFS files).
        case sha256
        /// SHA-1 of the git blob: a `blob <size>\0` header, then the content.
        case gitBlobSHA1
    }

    /// The lowercase hex digest of the file at `url` (symlinks followed).
    ///
    /// - Throws: ``HubError/fileSystem(path:reason:)`` when the file cannot be read.
    public static func hex(of url: URL, _ algorithm: Algorithm = .sha256) throws -> String {
        let resolved = url.resolvingSymlinksInPath()
        guard let handle = try? FileHandle(forReadingFrom: resolved) else {
            throw HubError.fileSystem(path: url.path, reason: "cannot read the file")
        }
        defer { try? handle.close() }
        guard let context = EVP_MD_CTX_new() else {
            throw HubError.fileSystem(path: url.path, reason: "libcrypto could not allocate a digest")
        }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, algorithm == .sha256 ? EVP_sha256() : EVP_sha1(), nil)
        if algorithm == .gitBlobSHA1 {
            let size = ((try? FileManager.default.attributesOfItem(atPath: resolved.path)[.size]) as? NSNumber)?.int64Value ?? 0
            update(context, Data("blob \(size)\0".utf8))
        }
        do {
            while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty { update(context, chunk) }
        } catch {
            throw HubError.fileSystem(path: url.path, reason: "reading it failed: \(error.localizedDescription)")
        }
        return finish(context)
    }

    /// The lowercase hex SHA-256 of `bytes` in memory (the digest of trained weights before or
    /// without a file).
    public static func sha256(of bytes: UnsafeRawBufferPointer) -> String {
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto could not allocate a digest") }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        return finish(context)
    }

    private static func finish(_ context: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    private static func update(_ context: OpaquePointer, _ data: Data) {
        data.withUnsafeBytes { bytes in _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) }
    }
}
