import Foundation
import Inference
import Testing
@testable import LabRun

@Suite struct DownloadProgressBarTests {
    /// Collects what the display writes.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        var written: String { lock.withLock { text } }
        func write(_ chunk: String) { lock.withLock { text += chunk } }
    }

    @Test func aBarShowsPercentBytesRateAndETA() {
        let line = DownloadProgressBar.line(file: "model.safetensors", received: 2_500_000, total: 10_000_000,
                                            bytesPerSecond: 1_000_000, width: 100)
        #expect(line == "  model.safetensors  [████████░░░░░░░░░░░░░░░░░░░░░░]  25%  2.5 MB / 10.0 MB  1.0 MB/s  ETA 8 s")
    }

    @Test func aBarFitsANarrowTerminalAndLongNames() {
        let line = DownloadProgressBar.line(file: "model-00001-of-00002.safetensors", received: 5, total: 10,
                                            bytesPerSecond: nil, width: 40)
        #expect(line == "  …-00001-of-00002.safetensors  [███░░]  50%  5 B / 10 B")
    }

    @Test func anUnknownSizeShowsBytesOnly() {
        #expect(DownloadProgressBar.line(file: "f", received: 1500, total: nil, bytesPerSecond: 3000, width: 80)
            == "  f  1.5 kB  3.0 kB/s")
    }

    @Test func durationsReadNaturally() {
        #expect(DownloadProgressBar.duration(0.2) == "1 s")
        #expect(DownloadProgressBar.duration(185) == "3 min 5 s")
        #expect(DownloadProgressBar.duration(7800) == "2 h 10 min")
    }

    @Test func withoutATerminalEachFileGetsQuietLines() {
        let output = Output()
        let display = DownloadProgressBar(interactive: false, write: output.write)
        display.handle(.listed(id: "org/m", commit: String(repeating: "a", count: 40), files: ["config.json", "model.safetensors"]))
        display.handle(.cached(file: "config.json", bytes: 820))
        display.handle(.started(file: "model.safetensors", bytes: 6_412_328, resumedFrom: 1_000_000))
        display.handle(.received(file: "model.safetensors", bytes: 3_000_000, of: 6_412_328))
        display.handle(.retrying(file: "model.safetensors", after: 3_000_000))
        display.handle(.finished(file: "model.safetensors", bytes: 6_412_328))
        let lines = output.written.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0] == "org/m at aaaaaaa: 2 files")
        #expect(lines[1] == "  config.json: already in the cache (820 B)")
        #expect(lines[2] == "  model.safetensors: downloading (6.4 MB), resuming at 1.0 MB")
        #expect(lines[3] == "  model.safetensors: connection dropped after 3.0 MB; resuming")
        #expect(lines[4].hasPrefix("  model.safetensors: done, 6.4 MB in "))
        #expect(!output.written.contains("\r"))
    }

    @Test func onATerminalTheBarIsRedrawnInPlace() {
        let output = Output()
        let display = DownloadProgressBar(interactive: true, width: 100, write: output.write)
        display.handle(.started(file: "w.gguf", bytes: 100, resumedFrom: 0))
        display.handle(.received(file: "w.gguf", bytes: 100, of: 100))
        display.handle(.finished(file: "w.gguf", bytes: 100))
        #expect(output.written.hasPrefix("\r\u{1B}[K  w.gguf  ["))
        #expect(output.written.contains("100%  100 B / 100 B"))
        #expect(output.written.hasSuffix("\r\u{1B}[K  w.gguf: done, 100 B in 0.0 s\n"))
    }
}
