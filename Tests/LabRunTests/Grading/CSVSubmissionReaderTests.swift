import Testing
@testable import LabRun

@Suite struct CSVSubmissionReaderTests {
    @Test func readsOneStudentPerRowWithLettersPerQuestion() {
        let batch = CSVSubmissionReader.read(text: "student,Q1,Q2,Q3\nada,B,AC,D\ngrace,c,\"a, c\",\n", file: "class.csv")
        #expect(batch.problems.isEmpty)
        #expect(batch.submissions.map(\.student) == ["ada", "grace"])
        #expect(batch.submissions[0].answers == ["Q1": ["B"], "Q2": ["A", "C"], "Q3": ["D"]])
        #expect(batch.submissions[1].answers == ["Q1": ["C"], "Q2": ["A", "C"], "Q3": []])
        #expect(batch.submissions[1].source == SubmissionSource(file: "class.csv", line: 3))
    }

    @Test func acceptsNumberedHeadersCRLFAndAByteOrderMark() {
        let batch = CSVSubmissionReader.read(text: "\u{FEFF}Student,1,2\r\nada,B,AC\r\n\r\n", file: "class.csv")
        #expect(batch.problems.isEmpty)
        #expect(batch.submissions.first?.answers == ["Q1": ["B"], "Q2": ["A", "C"]])
    }

    @Test func malformedRowsAreReportedWithTheirLineAndSkipped() {
        let text = """
            student,Q1,Q2
            ada,B,AC
            grace,B
            ,A,B
            alan,B?,C
            ada,A,A
            "edsger
            dijkstra",D,C
            barbara,A,C
            """
        let batch = CSVSubmissionReader.read(text: text, file: "class.csv")
        #expect(batch.submissions.map(\.student) == ["ada", "edsger\ndijkstra", "barbara"])
        #expect(batch.submissions[1].source.line == 7)
        #expect(batch.submissions[2].source.line == 9)
        #expect(batch.problems.map(\.source.line) == [3, 4, 5, 6])
        #expect(batch.problems.map(\.description) == [
            "class.csv:3: has 2 cells but the header has 3; leave a blank answer empty (`ada,C,,BD`) rather than dropping its comma",
            "class.csv:4: has no student in the first column",
            "class.csv:5: Q1 answer 'B?': '?' is not an option letter; write option letters such as C or BD",
            "class.csv:6: repeats student 'ada' (first on line 2); keep one row a student",
        ])
    }

    @Test func anUnclosedQuoteKeepsTheRowsBeforeItAndSaysWhere() {
        let batch = CSVSubmissionReader.read(text: "student,Q1\nada,B\n\"grace,C\nalan,D\n", file: "c.csv")
        #expect(batch.submissions.map(\.student) == ["ada"])
        #expect(batch.problems.count == 1)
        #expect(batch.problems.first?.source.line == 3)
    }

    @Test(arguments: [
        ("", "c.csv:1: has no header; the first line must be `student,Q1,Q2,…`"),
        ("name,Q1\nada,B\n", "c.csv:1: the header must start with `student`, then the questions: `student,Q1,Q2,…`"),
        ("student,Q1,total\n", "c.csv:1: header column 3 is 'total', not a question; name questions Q1, Q2, …"),
        ("student,Q1,1\n", "c.csv:1: header names Q1 twice; give each question one column"),
    ])
    func aBadHeaderIsOneProblemForTheFile(text: String, expected: String) {
        let batch = CSVSubmissionReader.read(text: text, file: "c.csv")
        #expect(batch.submissions.isEmpty)
        #expect(batch.problems.map(\.description) == [expected])
    }

    @Test func csvRecordsKeepQuotedCommasAndDoubledQuotes() {
        let csv = CSVRecords(text: "a,\"b,c\",\"say \"\"hi\"\"\"\n")
        #expect(csv.records == [CSVRecords.Record(line: 1, fields: ["a", "b,c", "say \"hi\""])])
    }
}
