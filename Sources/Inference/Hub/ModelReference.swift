import Foundation

/// What a user or a lab names a model with: a folder on this machine, or a Hub model id.
public enum ModelReference: Sendable, Equatable {
    /// A folder path.
    case folder(URL)
    /// A Hub id as written (`typed`) and the id the Hub uses for it today (`canonical`: differs for legacy ids).
    case hub(typed: String, canonical: String)

    /// Reads `text`: a path (absolute, `./`, `../`, `~/`, or an existing relative folder) is a
    /// folder; anything else must be a valid Hub id (`name` or `org/name`: letters, digits, `-_.`,
    /// no `--` or `..`, at most 96 characters), as huggingface_hub validates them.
    public init(_ text: String, currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws {
        let isPathLike = text.hasPrefix("/") || text.hasPrefix("./") || text.hasPrefix("../")
            || text.hasPrefix("~/") || text == "." || text == ".."
        if isPathLike {
            var path = text
            if path.hasPrefix("~/") {
                path = FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst(1)
            }
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentDirectory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw HubError.noSuchFolder(path: text)
            }
            self = .folder(url.standardizedFileURL)
            return
        }
        var isDirectory: ObjCBool = false
        let relative = currentDirectory.appendingPathComponent(text)
        if !text.isEmpty, FileManager.default.fileExists(atPath: relative.path, isDirectory: &isDirectory), isDirectory.boolValue {
            self = .folder(relative.standardizedFileURL)
            return
        }
        guard Self.isValidID(text) else { throw HubError.invalidID(text) }
        self = .hub(typed: text, canonical: LegacyModelIDs.canonical(text))
    }

    /// Whether `text` is a well-formed Hub model id.
    public static func isValidID(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 96, !text.contains("--"), !text.contains("..") else { return false }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, let last = part.last, !part.isEmpty else { return false }
            let allowed = part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            // Names start and end with a letter, digit or underscore (the regex's word boundaries).
            let wordEdge: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
            return allowed && wordEdge(first) && wordEdge(last)
        }
    }
}
