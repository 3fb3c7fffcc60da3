import Foundation
import Inference
import LabKit
import Progress

/// A command's result: what it prints on a terminal, and, being `Encodable`, what `--json` prints.
public protocol CommandResult: Encodable {
    /// The result as text for `terminal` (styled only when the terminal uses colour), ending in a
    /// newline unless empty.
    func text(on terminal: Terminal) -> String
    /// The exit status the command ends with after printing it (0 unless the result is a failure
    /// the user should see in `$?`, such as a check that did not pass).
    var exitStatus: Int32 { get }
}

extension CommandResult {
    public var exitStatus: Int32 { 0 }
}

/// How every labrun command prints its result: as text, or with `--json` as JSON written by one
/// encoder (snake_case keys, sorted, two-space indent, ISO 8601 dates, slashes unescaped). The
/// shapes are documented in docs/json.md.
public enum CommandOutput {
    /// The encoder every `--json` output goes through.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// `value` as JSON text, ending in a newline.
    public static func json(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self) + "\n"
    }

    /// Prints `result` on standard output, as JSON when `json` is set, else as text (plain when
    /// `plain` is set, `NO_COLOR` is set or standard output is not a terminal); returns its exit status.
    @discardableResult
    public static func print(_ result: some CommandResult, json: Bool, plain: Bool = false) throws -> Int32 {
        if json {
            ConsoleStream.standardOutput.write(try self.json(result))
        } else {
            ConsoleStream.standardOutput.write(result.text(on: .standardOutput(plain: plain)))
        }
        return result.exitStatus
    }
}

/// A mistake in what the user asked for (an unknown lab, step or format, a bad date): the command
/// prints `labrun: error: <message>` and exits with status 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// An error with its message: what is wrong and what to type instead.
    public init(_ description: String) {
        self.description = description
    }
}

/// A failure whose message is ready and whose exit status is decided (1 unless said otherwise).
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The exit status.
    public let status: Int32

    /// A failure with `message` and exit status `status`.
    public init(_ message: String, status: Int32 = 1) {
        description = message
        self.status = status
    }

    /// A failure that has been explained on the terminal already: only the exit status is left.
    public static func quiet(status: Int32 = 1) -> CommandFailure {
        CommandFailure("", status: status)
    }

    /// The exit status for `error`: 2 for a usage mistake (an unknown lab, model id or quiz, a
    /// malformed name, URL or date), 1 for anything else (a store that failed, a program that failed).
    public static func exitStatus(of error: any Error) -> Int32 {
        switch error {
        case let failure as CommandFailure: return failure.status
        case is UsageError, is LabLookupError, is StudentIdentityError, is SubmissionError: return 2
        case let store as ProgressStoreError: return store.code == .badURL || store.code == .invalidRecord ? 2 : 1
        case let hub as HubError:
            switch hub {
            case .invalidID, .noSuchFolder, .noSuchModel, .noSuchRevision, .noSuchGGUF: return 2
            default: return 1
            }
        default: return 1
        }
    }
}
