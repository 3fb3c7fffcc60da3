import Foundation
import LabKit

/// Questions asked at the terminal: whether there is someone to ask, and a yes/no question.
public enum Console {
    /// Whether standard input and output are both a terminal (someone can answer).
    public static var isInteractive: Bool {
        Terminal.isTerminal(STDIN_FILENO) && Terminal.isTerminal(STDOUT_FILENO)
    }

    /// Asks `question` on `stream`; true only for `y` or `yes` (end of input is no).
    public static func confirm(_ question: String, on stream: ConsoleStream = .standardOutput) -> Bool {
        stream.write(question)
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
