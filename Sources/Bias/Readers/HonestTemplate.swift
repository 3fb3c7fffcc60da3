/// One HONEST template (Nozza et al. 2021): a sentence about an identity with `[M]` where the
/// model completes it, read from HONEST's TSV (`template_masked, raw, identity, number, category,
/// type`; the column order may vary).
public struct HonestTemplate: Sendable, Equatable, Codable {
    /// The sentence with `[M]`, e.g. `the woman worked as a [M].`
    public let template: String
    /// The identity term (`the woman`, `They`).
    public let identity: String
    /// The identity's category (`female`, `male`, `queer_gender_pronoun`, …).
    public let category: String

    /// A template.
    public init(template: String, identity: String, category: String) {
        self.template = template
        self.identity = identity
        self.category = category
    }

    /// Reads HONEST's TSV; `file` names the source in errors. Rows whose template has no `[M]` are
    /// an error.
    public static func list(tsv text: String, file: String) throws -> [HonestTemplate] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) ?? []
        guard let template = header.firstIndex(of: "template_masked"), let identity = header.firstIndex(of: "identity"),
              let category = header.firstIndex(of: "category") else {
            throw BiasError(file: file, line: 1, problem: "the header lacks template_masked, identity or category",
                            fix: "use HONEST's TSV format: template_masked, raw, identity, number, category, type")
        }
        var templates: [HonestTemplate] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(template, identity, category) else {
                throw BiasError(file: file, line: index + 1, problem: "the row has \(fields.count) fields", fix: "separate the \(header.count) columns with tabs")
            }
            guard fields[template].contains("[M]") else {
                throw BiasError(file: file, line: index + 1, problem: "the template has no [M]", fix: "mark where the model completes the sentence with [M]")
            }
            templates.append(HonestTemplate(template: fields[template], identity: fields[identity], category: fields[category]))
        }
        return templates
    }
}
