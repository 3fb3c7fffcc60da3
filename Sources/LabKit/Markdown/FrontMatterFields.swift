import Foundation

/// Reads typed values out of a `FrontMatter`, collecting a diagnostic for each wrong one.
struct FrontMatterFields {
    let frontMatter: FrontMatter
    let file: String
    /// Keys this kind of file knows; others are reported as warnings (a likely typo).
    let knownKeys: [String]
    private(set) var diagnostics: [Diagnostic] = []

    init(_ frontMatter: FrontMatter, file: String, knownKeys: [String]) {
        self.frontMatter = frontMatter
        self.file = file
        self.knownKeys = knownKeys
        for problem in frontMatter.problems {
            diagnostics.append(.error(problem.message, file: file, at: problem.position, rule: "front-matter"))
        }
        for entry in frontMatter.entries where !knownKeys.contains(entry.key) {
            diagnostics.append(.warning(
                "unknown front matter key `\(entry.key)`; known keys: \(knownKeys.joined(separator: ", "))",
                file: file, at: entry.position, rule: "front-matter"))
        }
    }

    /// Where `key` is written, or the start of the file.
    func position(_ key: String) -> SourcePosition {
        frontMatter[key]?.position ?? .start
    }

    mutating func fail(_ key: String, _ message: String) {
        diagnostics.append(.error(message, file: file, at: position(key), rule: "front-matter"))
    }

    /// A non-empty string value.
    mutating func string(_ key: String) -> String? {
        guard let entry = frontMatter[key] else { return nil }
        switch entry.value {
        case let .scalar(text) where !text.trimmingCharacters(in: .whitespaces).isEmpty:
            return text.trimmingCharacters(in: .whitespaces)
        case .null, .scalar:
            fail(key, "`\(key)` is empty; give it a value or remove the line")
        default:
            fail(key, "`\(key)` must be a single value, not a list or mapping")
        }
        return nil
    }

    /// A list of strings; a single scalar is accepted as a one-element list.
    mutating func strings(_ key: String) -> [String]? {
        guard let entry = frontMatter[key] else { return nil }
        switch entry.value {
        case let .scalar(text): return [text]
        case .null: return []
        case let .sequence(items):
            var result: [String] = []
            for item in items {
                guard let text = item.string else {
                    fail(key, "`\(key)` must be a list of names, like `\(key): [a, b]`")
                    return nil
                }
                result.append(text)
            }
            return result
        case .mapping:
            fail(key, "`\(key)` must be a list of names, like `\(key): [a, b]`")
            return nil
        }
    }

    /// `true/false/yes/no`.
    mutating func bool(_ key: String) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(key, "`\(key)` must be true or false, not `\(text)`")
            return nil
        }
    }

    /// A whole number.
    mutating func int(_ key: String) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text) else {
            fail(key, "`\(key)` must be a whole number, not `\(text)`")
            return nil
        }
        return value
    }

    /// `{steps: N, seconds: S}` (either may be left out): whole steps ≥ 1, seconds > 0.
    mutating func trainingCap(_ key: String) -> TrainingCap? {
        guard let entry = frontMatter[key] else { return nil }
        let fix = "write it like `\(key): {steps: 40, seconds: 120}` (either limit may be left out)"
        guard case let .mapping(fields) = entry.value, !fields.isEmpty else {
            fail(key, "`\(key)` must be a mapping of steps and seconds; \(fix)")
            return nil
        }
        if let unknown = fields.keys.sorted().first(where: { $0 != "steps" && $0 != "seconds" }) {
            fail(key, "`\(key)` has `\(unknown)`, which is not a limit; use `steps` and `seconds`: \(fix)")
            return nil
        }
        var steps: Int?
        var seconds: Double?
        if let value = fields["steps"] {
            guard let text = value.string, let number = Int(text), number >= 1 else {
                fail(key, "`\(key).steps` must be a whole number of steps ≥ 1, not `\(value.string ?? "a list")`; \(fix)")
                return nil
            }
            steps = number
        }
        if let value = fields["seconds"] {
            guard let text = value.string, let number = Double(text), number > 0, number.isFinite else {
                fail(key, "`\(key).seconds` must be a number of seconds > 0, not `\(value.string ?? "a list")`; \(fix)")
                return nil
            }
            seconds = number
        }
        return TrainingCap(steps: steps, seconds: seconds)
    }

    /// One of `choices`.
    mutating func choice(_ key: String, _ choices: [String]) -> String? {
        guard let text = string(key) else { return nil }
        guard choices.contains(text.lowercased()) else {
            fail(key, "`\(key)` must be one of \(choices.joined(separator: ", ")), not `\(text)`")
            return nil
        }
        return text.lowercased()
    }
}
