import Foundation
import Inference

/// The last step the student ran (`$LABRUN_HOME/last-step`: `<lab id> <step>`), so `labrun next`
/// knows where to go on.
public struct LastStep: Sendable {
    /// The file.
    public let file: URL

    /// The file under `home`.
    public init(home: LabRunHome = LabRunHome()) {
        file = home.root.appendingPathComponent("last-step")
    }

    /// The lab id and step last run, or nil.
    public func read() -> (lab: String, step: Int)? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let step = Int(parts[1]) else { return nil }
        return (String(parts[0]), step)
    }

    /// Remembers `step` of `lab`; a failure to write is not worth stopping a student for.
    public func write(lab: String, step: Int) {
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data("\(lab) \(step)\n".utf8).write(to: file, options: .atomic)
    }
}
