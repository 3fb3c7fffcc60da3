import Foundation
import Inference
import LabKit

/// `labrun list`: the labs of a labs folder.
public struct LabList: CommandResult {
    /// One lab.
    public struct Entry: Encodable, Sendable {
        public let id: String
        public let title: String
        public let steps: Int
        public let file: String
    }

    /// The labs, by id.
    public let labs: [Entry]
    /// The folder as the user named it.
    public let folder: String

    /// The labs of `choice`'s folder.
    /// - Throws: `UsageError` when there is no such folder.
    public init(_ choice: LabChoice) throws {
        let catalog = choice.catalog
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: catalog.folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("no labs folder `\(catalog.displayFolder)`; run labrun in a course folder, pass --labs DIR or set LABRUN_LABS")
        }
        labs = catalog.labs().map { Entry(id: $0.id, title: $0.title, steps: $0.steps.count, file: $0.file) }
        folder = catalog.displayFolder
    }

    /// As JSON: the array of labs.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(labs)
    }

    public func text(on terminal: Terminal) -> String {
        guard !labs.isEmpty else { return "No labs in \(folder).\n" }
        let idWidth = max(2, labs.map(\.id.count).max() ?? 0)
        let titleWidth = max(5, labs.map(\.title.count).max() ?? 0)
        var lines = [TerminalStyle.bold.apply(pad("ID", idWidth) + "  " + pad("TITLE", titleWidth) + "  STEPS", on: terminal)]
        lines += labs.map { pad($0.id, idWidth) + "  " + pad($0.title, titleWidth) + "  " + String($0.steps) }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `labrun show LAB`: a whole lab, rendered for the terminal, or its parsed structure as JSON.
public struct LabPage: CommandResult {
    /// The lab.
    public let lab: Lab

    /// The lab named `reference` in `choice`'s folder.
    /// - Throws: `UsageError` naming the labs there are.
    public init(_ reference: String, in choice: LabChoice) throws {
        lab = try choice.lab(reference)
    }

    /// The problems `labrun check` would report as errors, as a warning for standard error, if any.
    public var warning: String? {
        let errors = lab.diagnostics.filter { $0.severity == .error }.count
        guard errors > 0 else { return nil }
        return "\(lab.file) has \(errors) problem\(errors == 1 ? "" : "s"); run `labrun check \(lab.file)`"
    }

    public func encode(to encoder: any Encoder) throws {
        try LabJSON.object(lab).encode(to: encoder)
    }

    public func text(on terminal: Terminal) -> String {
        TerminalRenderer(terminal: terminal).render(lab: lab)
    }
}

/// `labrun start LAB`: makes a lab the current one and says how to begin.
public struct LabStart: CommandResult {
    public let id: String
    public let title: String
    public let steps: Int
    public let contentWarning: String?
    /// The first step's number and title.
    public let firstStep: Int?
    public let firstStepTitle: String?
    /// The lab's bundled models that set-up has not installed.
    public let missingBundledModels: [String]
    /// The lab's other models that are not on this machine.
    public let missingModels: [String]
    /// Whether `offerToPullMissingModels` will ask (there are some, the hub is online and someone
    /// is at the terminal); otherwise the text says how to pull them.
    public let offersToPull: Bool

    /// Remembers the lab named `reference` as the current lab.
    /// - Throws: `UsageError` for an unknown lab, `LabFileError` when the state folder cannot be written.
    public init(_ reference: String, in choice: LabChoice) throws {
        let lab = try choice.lab(reference)
        try choice.state.setCurrentLab(choice.catalog.reference(for: lab))
        id = lab.id
        title = lab.title
        steps = lab.steps.count
        contentWarning = lab.frontMatter.contentWarning
        firstStep = lab.steps.first?.number
        firstStepTitle = lab.steps.first?.title
        let hub = choice.state.hub()
        let missing = hub.missing(lab.frontMatter.models)
        missingBundledModels = missing.filter { LocalModel.bundledIDs.contains($0) }
        missingModels = missing.filter { !LocalModel.bundledIDs.contains($0) }
        offersToPull = !missingModels.isEmpty && !hub.settings.isOffline && Console.isInteractive
    }

    public func text(on terminal: Terminal) -> String {
        var lines = ["Started \(TerminalStyle.bold.apply(title, on: terminal)) (\(id), \(steps) steps)."]
        if let contentWarning {
            lines.append(TerminalStyle.yellow.apply("Content warning: ", on: terminal) + contentWarning)
        }
        if !missingBundledModels.isEmpty {
            lines.append("The bundled \(missingBundledModels.count == 1 ? "model is" : "models are") not installed: \(missingBundledModels.joined(separator: ", ")); run `make setup` (scripts/install-models.sh).")
        }
        if !missingModels.isEmpty {
            let them = missingModels.count == 1 ? "it" : "them"
            lines.append("Not on this machine: \(missingModels.joined(separator: ", ")) (steps that use \(them) run with the bundled models, or with --model).")
            if !offersToPull { lines.append("To fetch \(them): labrun models pull \(missingModels.joined(separator: " "))") }
        }
        if let firstStep { lines.append("Next: labrun step \(firstStep)    (\(firstStepTitle ?? ""))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Asks whether to pull the missing models and pulls them, when `offersToPull`.
    public func offerToPullMissingModels(state: LabRunState) {
        guard offersToPull else { return }
        let hub = state.hub()
        guard Console.confirm("Pull \(missingModels.count == 1 ? "it" : "them") now? [y/N] ") else { return }
        for id in missingModels {
            do {
                _ = try hub.pull(id, progress: DownloadProgressBar.standardError().handle)
                ConsoleStream.standardOutput.write("Pulled \(id).\n")
            } catch {
                ConsoleStream.warn("could not pull \(id): \(error)")
            }
        }
    }
}

/// `text` padded with spaces to `width` characters (table columns).
func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: width, withPad: " ", startingAt: 0)
}
