import Testing
@testable import LabRun

@Suite struct AnswerSheetTests {
    @Test(arguments: [
        ("C", "C"), ("BD", "BD"), ("b, d", "BD"), ("B+D", "BD"), (" a ; c ", "AC"), ("", ""), ("   ", ""),
    ])
    func readsLettersWithAnySeparator(text: String, expected: String) throws {
        #expect(try AnswerSheet.letters(in: text) == Set(expected.map(String.init)))
    }

    @Test(arguments: ["C?", "1", "BB", "é"])
    func rejectsAnythingButLetters(text: String) {
        #expect(throws: AnswerSyntaxError.self) { try AnswerSheet.letters(in: text) }
    }

    @Test(arguments: [("3", "Q3"), ("q3", "Q3"), ("Q12", "Q12"), (" Q2 ", "Q2")])
    func normalisesQuestionReferences(text: String, expected: String) {
        #expect(AnswerSheet.questionID(from: text) == expected)
    }

    @Test(arguments: ["Q0", "Q", "x3", "3.5", "-1", "Q٣"])
    func refusesWhatIsNotAQuestionReference(text: String) {
        #expect(AnswerSheet.questionID(from: text) == nil)
    }
}
