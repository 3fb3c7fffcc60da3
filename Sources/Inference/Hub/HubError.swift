import Foundation

/// Why a model could not be found or fetched, with what to do about it.
public enum HubError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model is not on this machine and the network may not be used (`HF_HUB_OFFLINE=1`, or a
    /// caller that asked for local models only).
    case notOnThisMachine(id: String, offline: Bool)
    /// A path that names no folder.
    case noSuchFolder(path: String)
    /// Text that is neither a folder nor a model id.
    case invalidID(String)
    /// The Hub could not be reached.
    case unreachable(endpoint: String, reason: String)
    /// The repository is gated: the licence must be accepted and a token given.
    case gated(id: String, endpoint: String, hasToken: Bool)
    /// 401/403 without a gate: private, or the token lacks access.
    case accessDenied(id: String, endpoint: String, status: Int, hasToken: Bool)
    /// No such model on the Hub.
    case noSuchModel(id: String, endpoint: String)
    /// The model exists but not the revision.
    case noSuchRevision(id: String, revision: String)
    /// The model exists but not the file.
    case noSuchFile(id: String, file: String)
    /// The repository holds no weights labrun reads.
    case noUsableWeights(id: String, files: [String])
    /// `--gguf FILE` names a file the repository does not hold.
    case noSuchGGUF(id: String, file: String, available: [String])
    /// Not enough free space for a file.
    case diskFull(path: String, needed: Int64, available: Int64)
    /// The connection dropped; the partial file is kept and the next pull resumes it.
    case interrupted(id: String, file: String, received: Int64, expected: Int64?)
    /// The downloaded bytes do not hash to what the Hub reported; the file was deleted.
    case checksumMismatch(id: String, file: String, expected: String, actual: String)
    /// The downloaded file has the wrong size; the file was deleted.
    case sizeMismatch(id: String, file: String, expected: Int64, actual: Int64)
    /// The server answered something a Hub does not (a 5xx, a missing header).
    case badResponse(url: String, status: Int, detail: String)
    /// A file operation in the cache failed.
    case fileSystem(path: String, reason: String)

    /// The model every lab can fall back on: it is installed by set-up.
    public static let bundledFallback = "HuggingFaceTB/SmolLM2-135M-Instruct"

    /// The sentence the CLI prints after `labrun: error: `: what happened and what to do.
    public var description: String {
        switch self {
        case let .notOnThisMachine(id, offline):
            let message = "\(id) is not on this machine; connect and run `labrun models pull \(id)`, "
                + "or use the bundled \(Self.bundledFallback)"
            return offline ? message + " (HF_HUB_OFFLINE is set: unset it before pulling)" : message
        case let .noSuchFolder(path):
            return "\(path): no such folder; give a model folder or a model id such as openai-community/gpt2"
        case let .invalidID(text):
            return "'\(text)' is not a model id (org/name, e.g. openai-community/gpt2) nor a model folder"
        case let .unreachable(endpoint, reason):
            return "could not reach \(endpoint) (\(reason)); check the connection (and HF_ENDPOINT), "
                + "or set HF_HUB_OFFLINE=1 to use only the models on this machine"
        case let .gated(id, endpoint, hasToken):
            return hasToken
                ? "\(id) is gated and HF_TOKEN has no access yet: accept its conditions at \(endpoint)/\(id), then pull again"
                : "\(id) is gated: accept its conditions at \(endpoint)/\(id), create a token at "
                    + "\(endpoint)/settings/tokens and set HF_TOKEN=<token>, then pull again"
        case let .accessDenied(id, endpoint, status, hasToken):
            return hasToken
                ? "\(endpoint) refused HF_TOKEN for \(id) (HTTP \(status)): check that the token is valid and can read this model"
                : "\(endpoint) refused access to \(id) (HTTP \(status)): it is private or gated; set HF_TOKEN=<token from \(endpoint)/settings/tokens>"
        case let .noSuchModel(id, endpoint):
            return "no model \(id) on \(endpoint); check the spelling (ids look like org/name, e.g. openai-community/gpt2), or set HF_TOKEN if it is private"
        case let .noSuchRevision(id, revision):
            return "\(id) has no revision '\(revision)'; use a branch, tag or commit that exists (default main)"
        case let .noSuchFile(id, file):
            return "\(id) has no file \(file)"
        case let .noUsableWeights(id, files):
            return "\(id) has no weights labrun reads (model.safetensors, sharded safetensors or a .gguf); "
                + "it holds: \(files.joined(separator: ", "))"
        case let .noSuchGGUF(id, file, available):
            return available.isEmpty
                ? "\(id) has no GGUF file \(file) (it has no .gguf files at all); pull it without --gguf"
                : "\(id) has no GGUF file \(file); choose one of: \(available.joined(separator: ", "))"
        case let .diskFull(path, needed, available):
            return "not enough disk space in \(path): need \(needed) bytes, \(available) free; "
                + "free some space (e.g. `labrun models rm ID`) and pull again"
        case let .interrupted(id, file, received, expected):
            let of = expected.map { " of \($0)" } ?? ""
            return "download of \(id)/\(file) was interrupted after \(received)\(of) bytes; "
                + "run `labrun models pull \(id)` again to resume where it stopped"
        case let .checksumMismatch(id, file, expected, actual):
            return "\(id)/\(file) is corrupt (hash \(actual), the Hub says \(expected)); the file was discarded: "
                + "run `labrun models pull \(id)` again"
        case let .sizeMismatch(id, file, expected, actual):
            return "\(id)/\(file) has \(actual) bytes, the Hub says \(expected); the file was discarded: "
                + "run `labrun models pull \(id)` again"
        case let .badResponse(url, status, detail):
            return "unexpected answer from \(url) (HTTP \(status)): \(detail); try again later"
        case let .fileSystem(path, reason):
            return "\(path): \(reason)"
        }
    }
}
