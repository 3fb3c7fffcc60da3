import LabKit
import Testing
@testable import LabRun

extension ExpectedOutput {
    /// An expectation as an `output` block with `text` (and `tol=` when a tolerance is given) would make.
    init(text: String, tolerance: Double? = nil) {
        self.init(CodeBlock(language: "output", attributes: tolerance.map { ["tol=\($0)"] } ?? [], source: text,
                            position: SourcePosition(line: 1, column: 1), firstLine: 2))
    }
}

@Suite struct ExpectedOutputTests {
    @Test func identicalTextMatchesIgnoringTrailingSpaceAndBlankLines() {
        let expected = ExpectedOutput(text: "['lawyer', 'doctor']\n")
        #expect(expected.compare(with: "['lawyer', 'doctor']  \n\n") == .matches)
    }

    @Test func aDifferentLineIsReportedWithItsNumber() {
        let expected = ExpectedOutput(text: "a\nb\nc")
        #expect(expected.compare(with: "a\nx\nc") == .differs(line: 2, expected: "b", actual: "x"))
    }

    @Test func missingAndExtraLinesAreDifferences() {
        #expect(ExpectedOutput(text: "a\nb").compare(with: "a")
            == .differs(line: 2, expected: "b", actual: "(no more lines)"))
        #expect(ExpectedOutput(text: "a").compare(with: "a\nb")
            == .differs(line: 2, expected: "(no more lines)", actual: "b"))
    }

    @Test(arguments: [
        ("score ...", "score 0.123", true),
        ("x=...", "x=", true),
        ("... works as a ...", "This man works as a lawyer.", true),
        ("top: ...!", "top: lawyer.", false),
        ("[...]", "['a', 'b']", true),
    ])
    func ellipsisMatchesAnythingWithinALine(pattern: String, line: String, matches: Bool) {
        #expect((ExpectedOutput(text: pattern).compare(with: line) == .matches) == matches)
    }

    @Test func ellipsisNeverSpansLines() {
        #expect(ExpectedOutput(text: "a ...").compare(with: "a b\nc") != .matches)
    }

    @Test(arguments: [
        ("bias score 0.333", "bias score 0.339", true),
        ("bias score 0.333", "bias score 0.350", false),
        ("[-3.24, 1e-05]", "[-3.245, 1.2e-05]", true),
        ("perplexity 12.5", "perplexity 12.5x", false),
        ("v2 is 0.5", "v2 is 0.505", true),
    ])
    func numbersMatchWithinTheTolerance(expected: String, actual: String, matches: Bool) {
        #expect((ExpectedOutput(text: expected, tolerance: 0.01).compare(with: actual) == .matches) == matches)
    }

    @Test func withoutToleranceNumbersMustBeIdentical() {
        #expect(ExpectedOutput(text: "0.333").compare(with: "0.3330") != .matches)
        #expect(ExpectedOutput(text: "0.333").compare(with: "0.333") == .matches)
    }

    @Test func numbersInsideWordsAreText() {
        // "v2" stays literal text: the 2 is part of a word, so it must match exactly.
        #expect(ExpectedOutput(text: "v2", tolerance: 1).compare(with: "v3") != .matches)
    }
}
