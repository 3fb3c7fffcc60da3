import Foundation

/// The process's SIGINT (Ctrl-C) mask, shared by the commands that install their own handler.
public enum InterruptSignal {
    /// Unblocks SIGINT for this thread: a parent may have started labrun with it blocked (some
    /// test runners do), and a handler of a blocked signal never runs.
    public static func unblock() {
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }
}
