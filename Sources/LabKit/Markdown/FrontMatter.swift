import Foundation
import Yams

/// The YAML front matter at the top of a Markdown file (between `---` lines), and the body after it.
///
/// The body keeps the file's line numbers: the front matter's lines are replaced by empty lines,
/// so positions in the Markdown tree are positions in the file.
public struct FrontMatter: Sendable {
    /// One key of the front matter with its value and where the value starts in the file.
    public struct Entry: Sendable, Hashable {
        /// The key as written.
        public let key: String
        /// The value; `nil` for an empty value (`key:`).
        public let value: Value
        /// Where the key is written.
        public let position: SourcePosition
    }

    /// A YAML value, reduced to what labrun's files use.
    public enum Value: Sendable, Hashable {
        /// A scalar as written (`ml-bias`, `0.7`, `true`).
        case scalar(String)
        /// A sequence of values.
        case sequence([Value])
        /// A nested mapping (kept as key/value pairs in order).
        case mapping([String: Value])
        /// `key:` with nothing after it, or `null`/`~`.
        case null

        /// The scalar's text, or nil.
        public var string: String? {
            if case let .scalar(text) = self { return text }
            return nil
        }
    }

    /// The entries in file order; empty when there is no front matter.
    public let entries: [Entry]
    /// Whether the file starts with a front matter block at all.
    public let isPresent: Bool
    /// Where the opening `---` is (line 1) or would be.
    public let position: SourcePosition
    /// The file's text with the front matter blanked out (same line numbers).
    public let body: String
    /// Problems found: unterminated block, YAML syntax, a non-mapping top level, duplicate keys.
    public let problems: [(message: String, position: SourcePosition)]

    /// The entry for `key`, if present.
    public subscript(key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    /// Splits `text` (normalised, LF line endings) into front matter and body, and reads the YAML.
    public init(splitting text: String) {
        position = .start
        guard text.hasPrefix("---\n") || text == "---" else {
            isPresent = false
            entries = []
            body = text
            problems = []
            return
        }
        isPresent = true
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var closing: Int?
        for index in 1..<lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed == "---" || trimmed == "...", !lines[index].hasPrefix(" ") {
                closing = index
                break
            }
        }
        guard let closing else {
            entries = []
            body = text
            problems = [("the front matter starting here has no closing `---` line; add one after the last key",
                         .start)]
            return
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        body = String(repeating: "\n", count: closing + 1) + lines[(closing + 1)...].joined(separator: "\n")
        var found: [(message: String, position: SourcePosition)] = []
        var read: [Entry] = []
        do {
            if let root = try Yams.compose(yaml: yaml) {
                if case let .mapping(mapping) = root {
                    var seen: Set<String> = []
                    for (keyNode, valueNode) in mapping {
                        let key = keyNode.string ?? "\(keyNode)"
                        let where_ = Self.filePosition(keyNode.mark)
                        if !seen.insert(key).inserted {
                            found.append(("the key `\(key)` appears twice in the front matter; keep one", where_))
                        }
                        read.append(Entry(key: key, value: Self.value(valueNode), position: where_))
                    }
                } else {
                    found.append(("the front matter must be `key: value` lines (a YAML mapping)",
                                  SourcePosition(line: 2, column: 1)))
                }
            }
        } catch let error as YamlError {
            found.append(Self.describe(error))
        } catch {
            found.append(("the front matter is not valid YAML: \(error)", SourcePosition(line: 2, column: 1)))
        }
        entries = read
        problems = found
    }

    /// Converts a YAML mark (1-based, inside the block) to a file position (the block starts at line 2).
    private static func filePosition(_ mark: Mark?) -> SourcePosition {
        guard let mark else { return SourcePosition(line: 2, column: 1) }
        return SourcePosition(line: mark.line + 1, column: max(1, mark.column))
    }

    private static func value(_ node: Node) -> Value {
        switch node {
        case let .scalar(scalar):
            if node.null != nil, scalar.style == .plain { return .null }
            return .scalar(scalar.string)
        case let .sequence(sequence):
            return .sequence(sequence.map(value))
        case let .mapping(mapping):
            var result: [String: Value] = [:]
            for (key, item) in mapping { result[key.string ?? "\(key)"] = value(item) }
            return .mapping(result)
        case .alias:
            return .null
        }
    }

    private static func describe(_ error: YamlError) -> (message: String, position: SourcePosition) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ("the front matter is not valid YAML: \(detail)\(problem); check quoting and indentation",
                    filePosition(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            return ("the front matter repeats the key(s) \(duplicates.joined(separator: ", ")); keep one of each",
                    filePosition(context.mark))
        default:
            return ("the front matter is not valid YAML: \(error)", SourcePosition(line: 2, column: 1))
        }
    }
}
