import Foundation
import LabKit

/// A quiz taken at a terminal, one question at a time.
///
/// The student answers by letter(s) (`C`, `BD`, `b d`), types `?` for the question's next hint,
/// and — in practice mode — gets feedback right after each answer: right or not, the author's
/// note on each wrong option chosen, and the answer with its explanation when the reveal policy
/// allows. In exam mode (`mode: exam`) all feedback comes at the end. Open questions of a quiz
/// file are not asked here (they belong to a lab's `Quiz for Step N`). Nothing is recorded here: the caller records the finished attempt,
/// so an abandoned one (end of input) leaves nothing behind.
public struct InteractiveQuiz: Sendable {
    /// How the session ended.
    public enum Outcome: Sendable {
        /// Every question answered; the attempt is ready to record.
        case finished(sheet: AnswerSheet, score: QuizScore)
        /// Input ended before the last answer; nothing is to be saved.
        case abandoned(answered: Int)
    }

    /// The quiz and its key.
    public let keyed: KeyedQuiz
    /// Who is taking it (seeds the shuffle).
    public let student: String
    /// This attempt's number and the limit, for the header.
    public let attemptNumber: Int
    /// Output capabilities.
    public let terminal: Terminal

    /// A session for `student`'s attempt `attemptNumber` of `keyed`.
    public init(keyed: KeyedQuiz, student: String, attemptNumber: Int, terminal: Terminal) {
        self.keyed = keyed
        self.student = student
        self.attemptNumber = attemptNumber
        self.terminal = terminal
    }

    /// Runs the session: `read` returns the next line typed (nil at end of input), `write`
    /// prints text as given (the session adds its own newlines).
    public func run(read: () -> String?, write: (String) -> Void) -> Outcome {
        let gradable = keyed.gradable
        let shuffle = QuizShuffle(quiz: gradable, student: student)
        let exam = keyed.quiz.mode == .exam
        let total = gradable.questions.count
        func say(_ text: String = "") { write(text + "\n") }

        say(TerminalStyle.bold.apply(keyed.quiz.title, on: terminal))
        var facts = ["\(total) question\(total == 1 ? "" : "s")", "pass mark \(AttemptText.percent(gradable.passThreshold))",
                     exam ? "exam: feedback at the end" : "practice: feedback after each answer"]
        if let limit = gradable.attemptsLimit { facts.append("attempt \(attemptNumber) of \(limit)") }
        say(TerminalStyle.dim.apply(facts.joined(separator: " · "), on: terminal))
        say("Answer with the letter of an option (several letters where it says so). Type ? for a hint.")
        say(TerminalStyle.dim.apply("Ctrl-C or Ctrl-D leaves without saving anything.", on: terminal))

        var sheet = AnswerSheet()
        for (position, index) in shuffle.questionOrder.enumerated() {
            let question = keyed.choiceQuestions[index]
            let graded = gradable.questions[index]
            say()
            say(header(number: position + 1, total: total, question: question))
            say(TextWrap.wrap(question.stem, width: terminal.width))
            say()
            let shownOptions = shuffle.optionOrders[index].map { question.options[$0] }
            for (slot, option) in shownOptions.enumerated() {
                say(TextWrap.wrap("\(QuizShuffle.shownLetter(at: slot)). \(option.text)", width: terminal.width, indent: "  ")
                    .replacingOccurrences(of: "\n  ", with: "\n     "))
            }
            let lastLetter = QuizShuffle.shownLetter(at: max(0, shownOptions.count - 1))
            let prompt: String
            switch graded.response {
            case .choice:
                prompt = graded.kind == .multiple
                    ? "Choose all that apply (letters A–\(lastLetter), ? for a hint): "
                    : "Your answer (A–\(lastLetter), ? for a hint): "
            case .numeric: prompt = "Your answer (a number, ? for a hint): "
            case .text: prompt = "Your answer (? for a hint): "
            case .ordering: prompt = "Put them in order (letters A–\(lastLetter), first to last, ? for a hint): "
            }
            let hints = keyed.questionKey(at: index)?.hints.map(\.text) ?? []
            var hintsShown = 0
            var chosen: Set<String>?
            while chosen == nil {
                write(prompt)
                guard let line = read() else {
                    say()
                    return .abandoned(answered: position)
                }
                let text = line.trimmingCharacters(in: .whitespaces)
                if text == "?" {
                    if hintsShown < hints.count {
                        hintsShown += 1
                        say(TextWrap.wrap("Hint \(hintsShown) of \(hints.count): \(hints[hintsShown - 1])", width: terminal.width, indent: "  "))
                    } else {
                        say(hints.isEmpty ? "  There are no hints for this question." : "  That was the last hint.")
                    }
                    continue
                }
                if text.isEmpty {
                    say(graded.response.isTyped ? "  Type your answer, or ? for a hint."
                        : "  Type a letter from A to \(lastLetter), or ? for a hint.")
                    continue
                }
                if graded.response.isTyped {
                    var typed = text
                    if case .ordering = graded.response, let order = GradableQuestion.order(in: text) {
                        let unknown = order.filter { shuffle.canonicalLetter(shown: $0, ofQuestion: index) == nil }
                        if !unknown.isEmpty {
                            say("  There is no item \(unknown.joined(separator: ", ")) here; the items are A to \(lastLetter).")
                            continue
                        }
                        // Shown letters to canonical ones, keeping the order typed.
                        typed = order.compactMap { shuffle.canonicalLetter(shown: $0, ofQuestion: index) }.joined()
                    }
                    if let problem = Submission.typedProblem([typed], of: graded) {
                        say("  " + problem.replacingOccurrences(of: graded.id + " ", with: "") + ".")
                        continue
                    }
                    chosen = [typed]
                    continue
                }
                let letters: Set<String>
                do {
                    letters = try AnswerSheet.letters(in: text)
                } catch {
                    say("  \(error.problem): answer with letters from A to \(lastLetter).")
                    continue
                }
                let outside = letters.filter { (QuizShuffle.position(ofShownLetter: $0) ?? Int.max) >= shownOptions.count }
                if !outside.isEmpty {
                    say("  There is no option \(outside.sorted().joined(separator: ", ")) here; the options are A to \(lastLetter).")
                    continue
                }
                if graded.kind == .single && letters.count > 1 {
                    say("  Choose one letter for this question.")
                    continue
                }
                chosen = Set(letters.compactMap { shuffle.canonicalLetter(shown: $0, ofQuestion: index) })
            }
            let canonical = chosen ?? []
            sheet[graded.id] = canonical
            if exam {
                say(TerminalStyle.dim.apply("Answer saved for the end of the quiz.", on: terminal))
            } else {
                let credit = graded.credit(canonical, policy: gradable.policy(for: graded))
                let result = QuestionScore(questionID: graded.id, chosen: canonical, points: credit * graded.weight,
                                           weight: graded.weight,
                                           isCorrect: graded.response.isTyped ? credit == 1 : canonical == graded.correct)
                let item = AttemptReview.item(keyed: keyed, index: index, result: result, shuffle: shuffle,
                                              label: "Q\(position + 1)", passed: nil)
                say(AttemptText.feedback(item, terminal: terminal))
            }
        }

        let score = gradable.grade(sheet)
        say()
        let review = AttemptReview(keyed: keyed, score: score, shuffle: shuffle, passed: score.passed)
        if exam {
            say(TerminalStyle.bold.apply("Your answers", on: terminal))
            for item in review.items {
                say(item.question + " " + AttemptText.feedback(item, terminal: terminal))
            }
            say()
        } else if score.passed {
            // Answers held back until a pass can be shown now.
            let late = zip(review.items, shuffle.questionOrder).filter { item, index in
                keyed.reveal(at: index) == .afterPass && !item.correct
            }
            if !late.isEmpty {
                say(TerminalStyle.bold.apply("Now that you passed, the answers you missed:", on: terminal))
                for (item, _) in late {
                    say(item.question + " " + AttemptText.feedback(item, terminal: terminal))
                }
                say()
            }
        }
        say(AttemptText.summary(score, passThreshold: gradable.passThreshold, terminal: terminal))
        return .finished(sheet: sheet, score: score)
    }

    private func header(number: Int, total: Int, question: Question) -> String {
        var text = "Question \(number) of \(total)"
        if let difficulty = question.difficulty { text += " (\(difficulty.rawValue))" }
        if !question.title.isEmpty { text += " — \(question.title)" }
        return TerminalStyle.bold.apply(text, on: terminal)
    }
}
