import Foundation

/// The instructor's export: every record (reset ones included, marked) as CSV or JSON.
public enum ProgressExport {
    /// The export formats.
    public enum Format: String, Sendable, CaseIterable {
        /// One row per record, the columns of ``ProgressExport/csvHeader``.
        case csv
        /// `{"students", "labs", "stepRuns", "answers", "submissions", "reveals", "quizAttempts", "trainingRuns", "events"}`.
        case json
    }

    /// The CSV columns: the record's kind and id, who, where, when, how it went, and its text.
    public static let csvHeader = [
        "kind", "id", "student", "lab", "step", "item", "at", "status", "passed", "score", "maximum",
        "duration_s", "reset_by", "code", "text",
    ]

    /// `records` as CSV (RFC 4180: fields with commas, quotes or line breaks are quoted), rows in
    /// time order; times are ISO 8601 UTC.
    public static func csv(_ records: ProgressRecords) -> String {
        var rows: [(Date, [String])] = []
        func reset(_ id: Int64?) -> String { id.map(String.init) ?? "" }
        for stored in records.stepRuns {
            let run = stored.record
            rows.append((run.startedAt, ["step-run", "\(stored.id)", run.student, run.lab, "\(run.step)", "",
                                         iso(run.startedAt), run.status.rawValue, "", "", "",
                                         String(format: "%.3f", run.duration), reset(stored.resetBy), run.code,
                                         run.output]))
        }
        for stored in records.answers {
            let answer = stored.record
            rows.append((answer.answeredAt, ["answer", "\(stored.id)", answer.student, answer.lab, "\(answer.step)",
                                             answer.question, iso(answer.answeredAt), "", "", "", "", "",
                                             reset(stored.resetBy), "", answer.text]))
        }
        for stored in records.submissions {
            let submission = stored.record
            let checks = submission.checks.map { "\($0.passed ? "pass" : "fail") \($0.name)" + ($0.message.map { ": \($0)" } ?? "") }
            rows.append((submission.submittedAt, [
                "submission", "\(stored.id)", submission.student, submission.lab, "\(submission.step)",
                submission.exercise, iso(submission.submittedAt), "", "\(submission.passed)",
                "\(submission.checks.filter(\.passed).count)", "\(submission.checks.count)", "",
                reset(stored.resetBy), submission.code, checks.joined(separator: "\n"),
            ]))
        }
        for stored in records.reveals {
            let reveal = stored.record
            rows.append((reveal.revealedAt, ["reveal", "\(stored.id)", reveal.student, reveal.lab, "\(reveal.step)",
                                             reveal.item, iso(reveal.revealedAt), reveal.kind.rawValue, "", "", "", "",
                                             reset(stored.resetBy), "", ""]))
        }
        for stored in records.quizAttempts {
            let attempt = stored.record
            let answers = attempt.answers.keys.sorted().map { "\($0)=\(attempt.answers[$0, default: []].joined(separator: "+"))" }
            rows.append((attempt.attemptedAt, [
                "quiz-attempt", "\(stored.id)", attempt.student, attempt.lab, "", attempt.quiz,
                iso(attempt.attemptedAt), attempt.policy, "\(attempt.passed)", number(attempt.score),
                number(attempt.maximum), "", reset(stored.resetBy), "", answers.joined(separator: " "),
            ]))
        }
        for stored in records.trainingRuns {
            let run = stored.record
            let losses = run.losses.map { String(format: "%.6g", $0) }.joined(separator: " ")
            rows.append((run.startedAt, [
                "training-run", "\(stored.id)", run.student, run.lab, run.step.map(String.init) ?? "", run.baseModel,
                iso(run.startedAt), run.outcome.rawValue, "", "\(run.globalStep)", "", String(format: "%.3f", run.seconds),
                reset(stored.resetBy), run.hyperparameters,
                "method \(run.method); \(String(format: "%.1f", run.tokensPerSecond)) tok/s; sha256 \(run.weightsDigest); losses \(losses)"
                    + (run.failure.map { "; \($0)" } ?? ""),
            ]))
        }
        let sorted = rows.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        return ([csvHeader] + sorted).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The JSON export: every record kind and the event log, for an encoder with ISO 8601 dates
    /// (labrun's command output writes it).
    public struct Document: Encodable, Sendable {
        public let records: ProgressRecords
        public let events: [ProgressEvent]

        /// The export of `records` and `events`.
        public init(_ records: ProgressRecords, events: [ProgressEvent]) {
            self.records = records
            self.events = events
        }

        enum CodingKeys: String, CodingKey { case events }

        public func encode(to encoder: any Encoder) throws {
            try records.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(events, forKey: .events)
        }
    }

    private static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// One CSV field, quoted when it must be.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
