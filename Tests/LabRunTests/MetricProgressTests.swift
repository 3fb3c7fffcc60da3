import Foundation
import Testing
@testable import LabRun

/// The progress display of long metric runs: a bar redrawn on a terminal, nothing elsewhere.
@Suite struct MetricProgressTests {
    @Test func theBarShowsTheLabelTheFilledShareAndTheCount() {
        let line = MetricProgress.line(label: "crows_pairs", done: 5, total: 10, width: 40)
        #expect(line == "crows_pairs  [" + String(repeating: "█", count: 9) + String(repeating: "░", count: 9) + "]  5/10")
        #expect(line.count == 39)
    }

    @Test func aTerminalGetsABarThatIsClearedAtTheEnd() {
        let written = Written()
        let progress = MetricProgress(label: "seat", interactive: true, width: 30, write: { written.append($0) })
        progress.report(done: 1, total: 3)
        progress.report(done: 3, total: 3)
        #expect(written.items.count == 2)
        #expect(written.items[0].hasPrefix("\r\u{1B}[Kseat  ["))
        #expect(written.items[1] == "\r\u{1B}[K")
    }

    @Test func nothingIsWrittenWhenStandardErrorIsNotATerminal() {
        let written = Written()
        let progress = MetricProgress(label: "seat", interactive: false, write: { written.append($0) })
        progress.report(done: 1, total: 3)
        progress.report(done: 3, total: 3)
        #expect(written.items.isEmpty)
    }
}

/// Collects what a display wrote.
private final class Written: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ text: String) { lock.withLock { stored.append(text) } }
    var items: [String] { lock.withLock { stored } }
}
