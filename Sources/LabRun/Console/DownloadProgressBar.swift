import Foundation
import Inference
import LabKit

/// Shows a pull's progress on standard error: a redrawn bar (bytes, rate, ETA) on a terminal, one
/// quiet line per file otherwise (logs, CI, pipes).
public final class DownloadProgressBar: @unchecked Sendable {
    private let interactive: Bool
    private let width: Int
    private let write: @Sendable (String) -> Void
    private let bar: ProgressLineWriter
    private let lock = NSLock()
    private var started: [String: (time: Date, from: Int64)] = [:]

    /// A progress display; `interactive` redraws a bar in place, else prints lines. `write` receives
    /// the text (default: standard error).
    public init(interactive: Bool, width: Int = 80,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.interactive = interactive
        self.width = width
        self.write = write
        bar = ProgressLineWriter(interactive: interactive, write: write)
    }

    /// A display for standard error as it is now (a bar when it is a terminal).
    public static func standardError() -> DownloadProgressBar {
        DownloadProgressBar(interactive: ProgressLineWriter.standardErrorIsInteractive, width: Terminal.standardError().width)
    }

    /// Reports one event; pass as `progress:` to `ModelHub.pull`.
    public func handle(_ event: HubDownloadEvent) {
        lock.withLock {
            switch event {
            case let .listed(id, commit, files):
                write("\(id) at \(commit.prefix(7)): \(files.count) files\n")
            case let .cached(file, bytes):
                if !interactive { write("  \(file): already in the cache (\(ByteCount.format(bytes)))\n") }
            case let .waiting(file):
                bar.clear()
                write("  \(file): another process is downloading it; waiting\n")
            case let .started(file, bytes, resumedFrom):
                started[file] = (Date(), resumedFrom)
                let size = bytes.map { " (\(ByteCount.format($0)))" } ?? ""
                let resume = resumedFrom > 0 ? ", resuming at \(ByteCount.format(resumedFrom))" : ""
                if !interactive { write("  \(file): downloading\(size)\(resume)\n") }
            case let .received(file, bytes, total):
                guard interactive else { return }
                let start = started[file] ?? (Date(), 0)
                let elapsed = Date().timeIntervalSince(start.time)
                let rate = elapsed > 0.05 ? Double(bytes - start.from) / elapsed : nil
                bar.draw(Self.line(file: file, received: bytes, total: total, bytesPerSecond: rate, width: width), force: bytes == total)
            case let .retrying(file, after):
                bar.clear()
                write("  \(file): connection dropped after \(ByteCount.format(after)); resuming\n")
            case let .finished(file, bytes):
                bar.clear()
                let elapsed = started[file].map { Date().timeIntervalSince($0.time) } ?? 0
                write("  \(file): done, \(ByteCount.format(bytes)) in \(String(format: "%.1f", elapsed)) s\n")
            }
        }
    }

    /// One bar line: `  name  [█████░░░░░]  45%  2.9 MB / 6.4 MB  1.2 MB/s  ETA 3 s`, fitted to `width`.
    public static func line(file: String, received: Int64, total: Int64?, bytesPerSecond: Double?, width: Int) -> String {
        var rate = ""
        var eta = ""
        if let bytesPerSecond, bytesPerSecond > 0 {
            rate = "  \(ByteCount.format(Int64(bytesPerSecond)))/s"
            if let total, total > received {
                eta = "  ETA " + duration(Double(total - received) / bytesPerSecond)
            }
        }
        let name = "  " + (file.count > 28 ? "…" + file.suffix(27) : file)
        guard let total, total > 0 else {
            return ProgressLine.line(label: name, fraction: nil, figures: ByteCount.format(received) + rate, width: width)
        }
        let fraction = min(1, Double(received) / Double(total))
        let figures = "\(Int(fraction * 100))%  \(ByteCount.format(received)) / \(ByteCount.format(total))\(rate)\(eta)"
        return ProgressLine.line(label: name, fraction: fraction, figures: figures, width: width)
    }

    /// `45 s`, `3 min 5 s`, `2 h 10 min`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \((total % 3600) / 60) min"
    }
}
