import Foundation
import LabScript
import Testing

/// The conformance corpus: snippets in Conformance/*.py with what CPython 3.11 printed and
/// raised for each (Conformance/expected.json, made by Conformance/regenerate.py).
enum Corpus {
    struct Snippet: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let stdout: String
        let error: String?
        var testDescription: String { name }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Conformance")

    /// Every snippet with its expectation, in file and source order.
    static let snippets: [Snippet] = {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("expected.json").path),
              let expected = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else { return [] }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".py") && $0 != "regenerate.py" }.sorted()
        var out: [Snippet] = []
        for file in files {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
            var name: String?
            var lines: [Substring] = []
            func flush() {
                guard let name else { return }
                let key = "\(file.dropLast(3))/\(name)"
                let source = lines.map { $0 + "\n" }.joined()
                let entry = expected[key]
                out.append(Snippet(name: key, source: source, stdout: entry?["stdout"] as? String ?? "<missing expectation>",
                                   error: entry?["error"] as? String))
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("# --- ") {
                    flush()
                    name = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces)
                    lines = []
                } else if name != nil {
                    lines.append(line)
                }
            }
            if lines.last == "" { lines.removeLast() }
            flush()
        }
        return out
    }()
}

@Suite struct ConformanceTests {
    @Test func theCorpusHasAtLeast400Snippets() {
        #expect(Corpus.snippets.count >= 400)
    }

    @Test(arguments: Corpus.snippets)
    func snippetMatchesCPython(_ snippet: Corpus.Snippet) {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        var raised: String?
        do {
            try interpreter.run(snippet.source, file: "snippet.py")
        } catch {
            raised = error.summary
        }
        #expect(printed == snippet.stdout, "stdout of \(snippet.name)")
        #expect(raised == snippet.error, "error of \(snippet.name)")
    }
}
