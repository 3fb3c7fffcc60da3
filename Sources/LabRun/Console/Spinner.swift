import Foundation
import LabKit

/// A one-line spinner on standard error while a model loads or a long action runs. It draws
/// only on a terminal with colour allowed, and erases itself when stopped, so it never mixes
/// with the program's output or with pipes and logs.
public final class Spinner: @unchecked Sendable {
    private let terminal: Terminal
    private let lock = NSLock()
    private var timer: (any DispatchSourceTimer)?
    private var message = ""
    private var frame = 0
    private var began = DispatchTime.now()
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// A spinner drawing on `terminal` (standard error's capabilities).
    public init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// Shows `message` with a spinner after a short delay (quick work shows nothing).
    public func start(_ message: String) {
        guard terminal.usesColor else { return }
        lock.withLock {
            self.message = message
            began = .now()
            guard timer == nil else { return }
            let source = DispatchSource.makeTimerSource(queue: .global())
            source.schedule(deadline: .now() + 0.3, repeating: 0.1)
            source.setEventHandler { [weak self] in self?.draw() }
            timer = source
            source.resume()
        }
    }

    /// Stops and erases the spinner; safe to call when it is not running.
    public func stop() {
        lock.withLock {
            guard let timer else { return }
            timer.cancel()
            self.timer = nil
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }

    private func draw() {
        lock.withLock {
            guard timer != nil else { return }
            frame = (frame + 1) % Self.frames.count
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9
            let line = "\(Self.frames[frame]) \(message) \(String(format: "%.1f s", elapsed))"
            let clipped = String(line.prefix(max(10, terminal.width - 1)))
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(TerminalStyle.dim.apply(clipped, on: terminal))".utf8))
        }
    }
}
