import Foundation

/// One WEAT / SEAT test (Caliskan et al. 2017; May et al. 2019): two target sets X, Y (for example
/// career and family words) and two attribute sets A, B (male and female names), read from SEAT's
/// jsonl format `{"targ1": {"category": …, "examples": […]}, "targ2": …, "attr1": …, "attr2": …}`.
public struct WEATTest: Sendable, Equatable, Codable {
    /// A named list of words or sentences.
    public struct WordSet: Sendable, Equatable, Codable {
        /// The set's name (`Career`, `MaleNames`, …).
        public let category: String
        /// Its words or sentences.
        public let examples: [String]

        /// A set named `category`.
        public init(category: String, examples: [String]) {
            self.category = category
            self.examples = examples
        }
    }

    /// Target set X.
    public let targ1: WordSet
    /// Target set Y.
    public let targ2: WordSet
    /// Attribute set A.
    public let attr1: WordSet
    /// Attribute set B.
    public let attr2: WordSet

    /// A test from its four sets.
    public init(targ1: WordSet, targ2: WordSet, attr1: WordSet, attr2: WordSet) {
        self.targ1 = targ1
        self.targ2 = targ2
        self.attr1 = attr1
        self.attr2 = attr2
    }

    /// Reads SEAT's format: one JSON object (SEAT's `.jsonl` files hold a single object; a file
    /// with several lines is read as one object, or else its first line). `file` names it in errors.
    public init(jsonl text: String, file: String) throws {
        let decoder = JSONDecoder()
        let candidates = [text] + text.split(separator: "\n").prefix(1).map(String.init)
        var lastError: (any Error)?
        var decoded: WEATTest?
        for candidate in candidates where decoded == nil {
            do {
                decoded = try decoder.decode(WEATTest.self, from: Data(candidate.utf8))
            } catch {
                lastError = error
            }
        }
        if let decoded {
            try decoded.validate(file: file)
            self = decoded
            return
        }
        throw BiasError(file: file, problem: "not a SEAT test: \(Self.describe(lastError))",
                        fix: "give a JSON object with targ1, targ2, attr1, attr2, each {\"category\": …, \"examples\": […]}")
    }

    /// Reads a SEAT `.jsonl` file.
    public init(contentsOfFile path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BiasError(file: path, problem: "cannot read the SEAT test file", fix: "check the path and that it is UTF-8 JSON")
        }
        try self.init(jsonl: text, file: path)
    }

    /// Every set must have at least two examples: the effect size divides by a sample standard
    /// deviation.
    func validate(file: String) throws {
        for (name, set) in [("targ1", targ1), ("targ2", targ2), ("attr1", attr1), ("attr2", attr2)] where set.examples.isEmpty {
            throw BiasError(file: file, problem: "\(name) ('\(set.category)') has no examples", fix: "list at least one example in every set")
        }
    }

    /// Runs the test on `embedder`'s embeddings: the effect size and the one-sided permutation
    /// p-value (`permutations` is both the exact-enumeration limit and the Monte Carlo sample count;
    /// `seed` fixes the Monte Carlo draws). `progress` is called after each of the four sets.
    public func run(embedder: any SentenceEmbedder, permutations: Int = 100_000, seed: UInt64 = 0,
                    progress: ProgressHandler? = nil) throws -> SEATResult {
        try validate(file: "SEAT test")
        var sets: [[[Float]]] = []
        for (index, set) in [targ1, targ2, attr1, attr2].enumerated() {
            let vectors = try embedder.embed(set.examples)
            guard vectors.count == set.examples.count else {
                throw BiasError(problem: "the embedder returned \(vectors.count) vectors for \(set.examples.count) examples of '\(set.category)'",
                                fix: "use an embedder that returns one vector per sentence")
            }
            sets.append(vectors)
            progress?(index + 1, 4)
        }
        return try WEAT.test(x: sets[0], y: sets[1], a: sets[2], b: sets[3], permutations: permutations, seed: seed)
    }

    private static func describe(_ error: (any Error)?) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context)?:
            return "missing key '\(key.stringValue)'\(context.codingPath.isEmpty ? "" : " in \(context.codingPath.map(\.stringValue).joined(separator: "."))")"
        case let DecodingError.typeMismatch(_, context)?:
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .some:
            return "invalid JSON"
        case nil:
            return "empty file"
        }
    }
}
