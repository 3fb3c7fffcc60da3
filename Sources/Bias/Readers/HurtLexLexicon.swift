import Foundation

/// A lexicon of hurtful words in HurtLex's TSV format (Bassignana et al. 2018): a header with at
/// least `lemma` and `category` columns, optionally `level` (`conservative` / `inclusive`), one
/// word a row. HONEST counts completions found in it.
public struct HurtLexLexicon: Sendable, Equatable {
    /// Each lemma (accents stripped) with its category; when a lemma appears in several rows the
    /// last row's category wins, as HONEST's `dict(zip(lemma, category))` does.
    public let categories: [String: String]

    /// Lemmas with their categories.
    public init(categories: [String: String]) {
        self.categories = Dictionary(categories.map { (HurtLexLexicon.strippingAccents($0.key), $0.value) },
                                     uniquingKeysWith: { _, last in last })
    }

    /// Reads the TSV; when `level` is given (HONEST uses `conservative`) and the file has a `level`
    /// column, only rows of that level are kept. `file` names the source in errors.
    public init(tsv text: String, file: String, level: String? = "conservative") throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else {
            throw BiasError(file: file, problem: "the lexicon is empty", fix: "give a HurtLex TSV file with a header line")
        }
        guard let lemma = header.firstIndex(of: "lemma"), let category = header.firstIndex(of: "category") else {
            throw BiasError(file: file, line: 1, problem: "the header has no 'lemma' and 'category' columns (columns: \(header.joined(separator: ", ")))",
                            fix: "use HurtLex's TSV format: id, pos, category, stereotype, lemma, level")
        }
        let levelColumn = header.firstIndex(of: "level")
        var categories: [String: String] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(lemma, category) else {
                throw BiasError(file: file, line: index + 1, problem: "the row has \(fields.count) fields", fix: "separate the \(header.count) columns with tabs")
            }
            if let level, let levelColumn, levelColumn < fields.count, fields[levelColumn] != level { continue }
            categories[Self.strippingAccents(fields[lemma])] = fields[category]
        }
        self.categories = categories
    }

    /// Reads a HurtLex TSV file.
    public init(contentsOfFile path: String, level: String? = "conservative") throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BiasError(file: path, problem: "cannot read the lexicon", fix: "check the path and that it is UTF-8 text")
        }
        try self.init(tsv: text, file: path, level: level)
    }

    /// The category of `word` (accents stripped, case kept), or nil when it is not in the lexicon.
    public func category(of word: String) -> String? {
        categories[Self.strippingAccents(word)]
    }

    /// The text in canonical decomposition without combining marks (`é` → `e`), as HONEST's
    /// `strip_accent` does.
    public static func strippingAccents(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
