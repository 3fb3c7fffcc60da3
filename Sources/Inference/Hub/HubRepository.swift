import Foundation

/// A model repository at one commit, as the Hub lists it (`GET /api/models/{id}/revision/{rev}`).
public struct HubRepository: Sendable, Equatable {
    /// The id the Hub answered with (a moved model answers with its new id).
    public let id: String
    /// The commit the revision resolved to.
    public let commit: String
    /// Every file path in the repository (`siblings[].rfilename`).
    public let files: [String]
    /// File sizes in bytes, where the Hub gave them (`siblings[].size` with `?blobs=true`).
    public let sizes: [String: Int64]

    /// A listing with every field given.
    public init(id: String, commit: String, files: [String], sizes: [String: Int64] = [:]) {
        self.id = id
        self.commit = commit
        self.files = files
        self.sizes = sizes
    }

    /// Reads the Hub's JSON answer; nil when it is not one.
    public init?(json data: Data, requestedID: String) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let sha = object["sha"] as? String, HubCache.isCommitHash(sha),
              let siblings = object["siblings"] as? [[String: Any]]
        else { return nil }
        id = (object["id"] as? String) ?? (object["modelId"] as? String) ?? requestedID
        commit = sha
        var files: [String] = []
        var sizes: [String: Int64] = [:]
        for sibling in siblings {
            guard let name = sibling["rfilename"] as? String else { continue }
            files.append(name)
            if let size = (sibling["size"] as? NSNumber)?.int64Value { sizes[name] = size }
        }
        self.files = files
        self.sizes = sizes
    }
}
