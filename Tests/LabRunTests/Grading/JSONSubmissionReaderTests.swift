import Foundation
import Testing
@testable import LabRun

@Suite struct JSONSubmissionReaderTests {
    func read(_ json: String) -> SubmissionBatch {
        JSONSubmissionReader.read(data: Data(json.utf8), file: "ada.json")
    }

    @Test func readsAStudentWithStringAndArrayAnswers() {
        let batch = read(#"{"student": "ada", "quiz": "sample", "answers": {"Q1": "B", "2": ["a", "C"], "Q3": null}}"#)
        #expect(batch.problems.isEmpty)
        let submission = batch.submissions.first
        #expect(submission?.student == "ada")
        #expect(submission?.quizID == "sample")
        #expect(submission?.letters == .canonical)
        #expect(submission?.answers == ["Q1": ["B"], "Q2": ["A", "C"], "Q3": []])
    }

    @Test func readsAnArrayOfSubmissionsAndReportsTheBadItemByNumber() {
        let batch = read(#"[{"student": "ada", "answers": {"Q1": "B"}}, {"answers": {}}, {"student": "grace", "letters": "shown", "answers": {}}]"#)
        #expect(batch.submissions.map(\.student) == ["ada", "grace"])
        #expect(batch.submissions.last?.letters == .shown)
        #expect(batch.problems.map(\.description) == [#"ada.json: item 2: has no "student"; add "student": "<their id>""#])
    }

    @Test(arguments: [
        (#"{"student": "ada"}"#, #"ada.json: has no "answers" object; add "answers": {"Q1": "C", "Q2": "BD"}"#),
        (#"{"student": "ada", "answers": {"Q1": 3}}"#, #"ada.json: Q1 must be letters like "BD" or ["B", "D"]"#),
        (#"{"student": "ada", "answers": {"first": "B"}}"#, "ada.json: answer key 'first' is not a question; use Q1, Q2, …"),
        (#"{"student": "ada", "letters": "mixed", "answers": {}}"#, #"ada.json: "letters" must be "canonical" or "shown""#),
        (#"{"student": "ada", "answers": {"Q1": "B", "1": "C"}}"#, "ada.json: answers Q1 twice"),
        ("[1]", #"ada.json: item 1: must be an object like {"student": "ada", "answers": {"Q1": "C"}}"#),
    ])
    func aMalformedSubmissionIsOneProblem(json: String, expected: String) {
        let batch = read(json)
        #expect(batch.submissions.isEmpty)
        #expect(batch.problems.map(\.description) == [expected])
    }

    @Test func invalidJSONNamesTheLineWhenFoundationKnowsIt() {
        let batch = read("{\n  \"student\": \"ada\",\n  \"answers\": {\"Q1\": \"B\",}\n  oops\n}")
        #expect(batch.submissions.isEmpty)
        #expect(batch.problems.count == 1)
        #expect(batch.problems.first?.message.hasPrefix("is not valid JSON") == true)
    }

    @Test func readsEveryJSONFileOfAFolderInNameOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"student": "grace", "answers": {"Q1": "A"}}"#.write(to: folder.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
        try #"{"student": "ada", "answers": {"Q1": "B"}}"#.write(to: folder.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
        try "not a submission".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try "{".write(to: folder.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let batch = JSONSubmissionReader.read(folder: folder, label: "subs")
        #expect(batch.submissions.map(\.student) == ["ada", "grace"])
        #expect(batch.submissions.map(\.source.file) == ["subs/a.json", "subs/b.json"])
        #expect(batch.problems.map(\.source.file) == ["subs/c.json"])
    }

    @Test func anEmptyFolderIsAProblemNotACrash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(JSONSubmissionReader.read(folder: folder, label: "subs").problems.count == 1)
        #expect(JSONSubmissionReader.read(folder: folder.appendingPathComponent("missing"), label: "x").problems.count == 1)
    }
}
