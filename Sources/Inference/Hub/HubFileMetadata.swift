import Foundation

/// What the Hub says about one file of one revision (its `HEAD /{id}/resolve/{rev}/{file}` answer).
public struct HubFileMetadata: Sendable, Equatable {
    /// `X-Repo-Commit`: the commit the revision resolves to.
    public let commit: String
    /// `X-Linked-Etag` (LFS files: their SHA-256), else `ETag` (small files: their git SHA-1), unquoted.
    /// The blob's file name in the cache.
    public let etag: String
    /// `X-Linked-Size`, else `Content-Length`: the file's size in bytes, when the Hub says.
    public let size: Int64?
    /// Where the bytes are: the `Location` of a redirect (a blob URL), else the resolve URL itself.
    public let location: URL

    /// Whether the etag is a SHA-256 (an LFS file), so the downloaded bytes can be checked against it.
    public var isSHA256: Bool {
        etag.utf8.count == 64 && etag.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Whether the etag is a git blob SHA-1 (a small file stored in git).
    public var isGitSHA1: Bool { HubCache.isCommitHash(etag) }

    /// Metadata with every field given.
    public init(commit: String, etag: String, size: Int64?, location: URL) {
        self.commit = commit
        self.etag = etag
        self.size = size
        self.location = location
    }

    /// Removes the quotes and weak prefix of an `ETag` header, as huggingface_hub normalises it.
    public static func normalize(etag: String) -> String {
        var text = etag
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
}
