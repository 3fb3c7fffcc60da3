/// Why a lab or step named on the command line could not be found. Each description is one line
/// that lists what exists.
public enum LabLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No lab has this id or path; `available` are the ids in the labs folder.
    case unknownLab(String, folder: String, available: [String])
    /// The lab has no step with this number.
    case unknownStep(Int, lab: String, available: [Int])
    /// No lab was named and none was started.
    case noCurrentLab(available: [String])
    /// The lab file exists but cannot be read.
    case unreadable(LabFileError)

    /// One line for `labrun: error: …`.
    public var description: String {
        switch self {
        case let .unknownLab(name, folder, available):
            let list = available.isEmpty ? "there are no labs in \(folder)" : "labs in \(folder): \(available.joined(separator: ", "))"
            return "no lab `\(name)`; \(list)"
        case let .unknownStep(number, lab, available):
            let list = available.isEmpty ? "it has no steps" : "steps: \(available.map(String.init).joined(separator: ", "))"
            return "lab `\(lab)` has no step \(number); \(list)"
        case let .noCurrentLab(available):
            let list = available.isEmpty ? "" : " (labs: \(available.joined(separator: ", ")))"
            return "no current lab; run `labrun start <lab>` or pass `--lab <id>`\(list)"
        case let .unreadable(error):
            return error.description
        }
    }
}
