extension SubmissionBatch {
    /// The latest recorded attempt of each student (by commit order), as canonical submissions,
    /// in the order the students first appear. Grading them again applies the current key, so a
    /// corrected key re-grades the whole class.
    public init(latestOf attempts: [RecordedAnswers], quizID: String, source: String) {
        var latest: [String: (number: Int, answers: RecordedAnswers)] = [:]
        var order: [String] = []
        for attempt in attempts {
            let number = (latest[attempt.student]?.number ?? 0) + 1
            if latest[attempt.student] == nil { order.append(attempt.student) }
            latest[attempt.student] = (number, attempt)
        }
        self.init(submissions: order.compactMap { student in
            latest[student].map {
                Submission(student: student, answers: $0.answers.answers.mapValues(Set.init), letters: .canonical,
                           source: SubmissionSource(file: "\(source), attempt \($0.number)"), quizID: quizID)
            }
        })
    }

    /// The first recorded attempt of each student (by commit order), as canonical submissions, in
    /// the order the students first appear: what `labrun grade` compares the latest attempts with.
    public init(firstOf attempts: [RecordedAnswers], quizID: String, source: String) {
        var seen = Set<String>()
        self.init(submissions: attempts.compactMap { attempt in
            guard seen.insert(attempt.student).inserted else { return nil }
            return Submission(student: attempt.student, answers: attempt.answers.mapValues(Set.init), letters: .canonical,
                              source: SubmissionSource(file: "\(source), attempt 1"), quizID: quizID)
        })
    }
}
