import Foundation

/// What Ctrl-C does during `labrun quiz`: before the last answer it ends the quiz at once with
/// "nothing was saved" (nothing has been written yet: the attempt is recorded only when complete);
/// while the finished attempt is being recorded it is ignored, so a record is never cut in half.
public enum QuizInterrupt {
    /// From now on, SIGINT prints that the quiz was abandoned and exits with status 130.
    public static func abandonOnControlC() {
        signal(SIGINT) { _ in
            // Only async-signal-safe calls here: write(2) of a static string, then _exit(2).
            let message: StaticString = "\nQuiz abandoned (Ctrl-C): nothing was saved.\n"
            _ = write(STDOUT_FILENO, message.utf8Start, message.utf8CodeUnitCount)
            _exit(130)
        }
    }

    /// From now on, SIGINT is ignored (while the attempt is recorded).
    public static func ignoreWhileRecording() {
        signal(SIGINT, SIG_IGN)
    }
}
