import Foundation

/// A lab as the store knows it: its id, a hash of the file's content (so an instructor can tell
/// which version of a lab a run was made against) and, when the runner knows them, its title and
/// number of steps (schema version 2; `nil` for labs recorded by an older labrun).
public struct LabVersion: Codable, Sendable, Hashable {
    /// The lab's id (`ml-bias`).
    public var id: String
    /// A hash of the lab file's content (any stable hex digest; empty when unknown).
    public var contentHash: String
    /// The lab's title, when known.
    public var title: String?
    /// How many steps the lab has, when known; progress reports show every step up to it.
    public var stepCount: Int?

    /// A lab version; `title` and `stepCount` are optional.
    public init(id: String, contentHash: String, title: String? = nil, stepCount: Int? = nil) {
        self.id = id
        self.contentHash = contentHash
        self.title = title
        self.stepCount = stepCount
    }
}
