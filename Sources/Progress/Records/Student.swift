import Foundation

/// A student whose work the store records: a stable id (what `labrun login` set, else the OS user
/// name) and the name shown to an instructor.
public struct Student: Codable, Sendable, Hashable {
    /// The stable id every record refers to (`ada`, `s1234`).
    public var id: String
    /// The name shown in class reports; the id when none was given.
    public var displayName: String

    /// A student with `id`, shown as `displayName` (default: the id).
    public init(id: String, displayName: String? = nil) {
        self.id = id
        self.displayName = displayName ?? id
    }
}
