import Foundation
import Testing
@testable import LabKit

/// Every lint rule has a fixture folder `Fixtures/Lint/<rule>/` with a `pass/` tree that must
/// produce no diagnostic at all and a `fail/` tree whose diagnostics must equal `fail/expected.txt`.
@Suite struct LabLinterTests {
    static let rules = [
        "front-matter", "unique-id", "step-numbering", "python-syntax", "output-placement", "empty-hint",
        "unknown-model", "broken-link", "answer-key", "key-without-question", "question-options",
    ]

    /// A stand-in for LabScript's parser: any line with unbalanced parentheses is an error.
    static let validator: LabLinter.CodeValidator = { code, firstLine in
        code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, line in
            line.count { $0 == "(" } == line.count { $0 == ")" } ? nil
                : .error("unbalanced parentheses", file: "", at: SourcePosition(line: firstLine + offset, column: 1),
                         rule: "python-syntax")
        }
    }

    static let linter = LabLinter(validateCode: validator, modelProblem: {
        $0 == "bert-base-uncased" ? nil
            : "is not on this machine and not known to the hub; check the id (e.g. `bert-base-uncased`) or pull it with `labrun models pull \($0)`"
    })

    static func report(_ folder: URL) -> LintReport {
        let paths = LabFileSet.defaultFolders.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
        }
        return linter.lint(LabFileSet(paths: paths, relativeTo: folder))
    }

    @Test(arguments: rules)
    func passingFixtureHasNoDiagnostics(rule: String) {
        let report = Self.report(FixtureFiles.root.appendingPathComponent("Lint/\(rule)/pass"))
        #expect(report.filesChecked > 0)
        #expect(report.diagnostics.map(\.description) == [])
    }

    @Test(arguments: rules)
    func failingFixtureReportsTheRule(rule: String) throws {
        let folder = FixtureFiles.root.appendingPathComponent("Lint/\(rule)/fail")
        let report = Self.report(folder)
        #expect(report.diagnostics.contains { $0.rule == rule })
        let actual = report.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        let expected = try FixtureFiles.golden(folder.appendingPathComponent("expected.txt"), actual: actual)
        #expect(actual == expected)
    }

    @Test func withoutInjectedCheckersThoseRulesAreSkipped() {
        let folder = FixtureFiles.root.appendingPathComponent("Lint/unknown-model/fail")
        let report = LabLinter().lint(LabFileSet(paths: ["Labs"], relativeTo: folder))
        #expect(report.diagnostics.isEmpty)
    }

    @Test func summaryCountsErrorsAndWarnings() {
        let report = LintReport(diagnostics: [
            .error("e", file: "a.md", at: .start, rule: "x"), .warning("w", file: "a.md", at: .start, rule: "y"),
        ], filesChecked: 1)
        #expect(report.summary == "1 file checked: 1 error, 1 warning.")
        #expect(report.hasErrors)
    }

    @Test(arguments: [("notes.md", "notes.md"), ("a%20b.md#x", "a b.md"), ("https://x.org/a.md", nil),
                      ("mailto:me@x.org", nil), ("#anchor", nil), ("//cdn.org/x.png", nil)] as [(String, String?)])
    func relativeLinkTargetsAreRecognised(target: String, path: String?) {
        #expect(LabLinter.localPath(target) == path)
    }
}

@Suite struct LabFileSetTests {
    @Test func checkingOneLabAlsoReadsItsQuizAndAnswerKey() {
        let folder = FixtureFiles.root.appendingPathComponent("Lint/answer-key/fail")
        let set = LabFileSet(paths: ["Labs/a.md"], relativeTo: folder)
        #expect(set.labs.map(\.content.file) == ["Labs/a.md"])
        #expect(set.quizzes.map(\.content.file) == ["Quizzes/q.md"])
        #expect(set.answerKeys.map(\.content.file) == ["Solutions/q.md"])
    }

    @Test func filesAreClassifiedByTheirFolder() {
        let folder = FixtureFiles.root.appendingPathComponent("Lint/question-options/pass")
        let set = LabFileSet(paths: ["Quizzes", "Solutions"], relativeTo: folder)
        #expect(set.labs.isEmpty)
        #expect(set.quizzes.count == 1)
        #expect(set.answerKeys.count == 1)
    }

    @Test func aMissingPathIsADiagnostic() {
        let set = LabFileSet(paths: ["Nope"], relativeTo: FixtureFiles.root)
        #expect(set.unreadable.map(\.description) == ["Nope:1:1: error: no such file or folder; check the path"])
    }
}
