import Foundation

/// A lab: a Markdown file with front matter, an introduction, and numbered steps.
///
/// Load one with `Lab(contentsOf:)` or parse text with `Lab(parsing:file:)`. Parsing never
/// fails: problems it notices (bad front matter, a `Quiz for Step N` without step N) are in
/// `diagnostics`; `LabLinter` adds the rest.
public struct Lab: Sendable, Hashable {
    /// The file's path as given (used in diagnostics), e.g. `Labs/ml-bias.md`.
    public let file: String
    /// Where the file was read from; nil for a lab parsed from text.
    public let url: URL?
    /// id, title, models, quiz, content warning, format.
    public let frontMatter: LabFrontMatter
    /// The whole Markdown document (front matter excluded; positions are file positions).
    public let document: MarkdownNode
    /// Blocks before step 1.
    public let introduction: [Block]
    /// Markdown nodes before step 1, for rendering.
    public let introductionNodes: [MarkdownNode]
    /// The steps in file order (`labrun check` reports gaps and duplicates).
    public let steps: [Step]
    /// Problems found while reading the file.
    public let diagnostics: [Diagnostic]

    /// The lab's id (`ml-bias`).
    public var id: String { frontMatter.id }
    /// The lab's title.
    public var title: String { frontMatter.title }

    /// The step numbered `number`, if the lab has one.
    public func step(_ number: Int) -> Step? {
        steps.first { $0.number == number }
    }

    /// Reads and parses the lab at `url`.
    /// - Throws: `LabFileError.unreadable` when the file cannot be read.
    public init(contentsOf url: URL, displayPath: String? = nil) throws(LabFileError) {
        let text = try SourceText.read(url)
        self.init(parsing: text, file: displayPath ?? url.path, url: url)
    }

    /// Parses lab text; `file` names the file in diagnostics and gives the default id.
    public init(parsing text: String, file: String, url: URL? = nil) {
        self.url = url?.standardizedFileURL
        let normalized = SourceText.normalize(text)
        let frontMatter = FrontMatter(splitting: normalized)
        let document = MarkdownParser.parse(frontMatter.body)
        self.file = file
        self.document = document

        var fields = FrontMatterFields(frontMatter, file: file, knownKeys: LabFrontMatter.knownKeys)
        let defaultID = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let firstHeading = document.children.first { if case .heading = $0.kind { return true } else { return false } }
        var positions: [String: SourcePosition] = [:]
        for entry in frontMatter.entries { positions[entry.key] = entry.position }
        let format = fields.int("format") ?? LabFrontMatter.currentFormat
        if format < 1 || format > LabFrontMatter.currentFormat {
            fields.fail("format", "lab format \(format) is not supported; this labrun reads format 1 to \(LabFrontMatter.currentFormat)")
        }
        let id = fields.string("id") ?? defaultID
        self.frontMatter = LabFrontMatter(
            id: id,
            title: fields.string("title") ?? firstHeading?.plainText ?? id,
            models: fields.strings("models") ?? [],
            quiz: fields.string("quiz"),
            contentWarning: fields.string("content_warning"),
            trainingCap: fields.trainingCap("training_cap"),
            format: format,
            positions: positions
        )
        var diagnostics = fields.diagnostics
        if !LabIdentifier.isValid(id) {
            diagnostics.append(.error(
                "the lab id `\(id)` may only use letters, digits, `-`, `_` and `.`; rename it (students type it)",
                file: file, at: positions["id"] ?? .start, rule: "front-matter"))
        }
        let sections = LabSections(document: document, file: file)
        introduction = sections.introduction
        introductionNodes = sections.introductionNodes
        steps = sections.steps
        diagnostics += sections.diagnostics
        self.diagnostics = diagnostics
    }
}

/// What a lab, quiz or answer-key id may look like: something a student can type unquoted.
enum LabIdentifier {
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}
