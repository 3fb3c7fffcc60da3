import Foundation
import Inference
import LabKit
import LabScript

/// A lab step's exercise as the student meets it: its hints (the lab's, then the answer key's),
/// its reference solution and its checks, from `Labs/<lab>.md` and `Solutions/<quiz or lab>.md`.
public struct Exercise: Sendable {
    /// The lab.
    public let lab: Lab
    /// The step.
    public let step: Step
    /// The step's section of the answer key, when Solutions/ has one.
    public let key: ExerciseKey?
    /// The Solutions file the key came from (for messages).
    public let keyFile: String?

    /// The exercise of step `number`, reading the answer key from `solutionsFolder` (a file named
    /// after the lab's quiz, else after the lab).
    /// - Throws: `LabLookupError` for an unknown step; `LabFileError` for an unreadable key.
    public init(lab: Lab, step number: Int, solutionsFolder: URL) throws {
        self.lab = lab
        step = try LabCatalog.step(number, of: lab)
        var found: (ExerciseKey, String)?
        for name in [lab.frontMatter.quiz, lab.id].compactMap({ $0 }) {
            let url = solutionsFolder.appendingPathComponent("\(name).md")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let answerKey = try AnswerKey(contentsOf: url, displayPath: "Solutions/\(name).md")
            if let exercise = answerKey.exercise(step: number) {
                found = (exercise, "Solutions/\(name).md")
                break
            }
        }
        key = found?.0
        keyFile = found?.1
    }

    /// The Solutions folder next to a labs folder (`Labs/` → `Solutions/`).
    public static func solutionsFolder(besides labsFolder: URL) -> URL {
        labsFolder.deletingLastPathComponent().appendingPathComponent("Solutions", isDirectory: true)
    }

    /// Every hint, in the order they are revealed: the lab's own, then the answer key's.
    public var hints: [Hint] { step.hints + (key?.hints ?? []) }

    /// The starter code the student's file begins with (the step's `python starter` blocks).
    public var starter: String {
        step.starterCode.map(\.source).joined(separator: "\n\n")
    }
}
