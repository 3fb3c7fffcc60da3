import Foundation

/// Records a student's work for the step runner and the quiz grader, so that a database problem
/// never costs the student what they just did.
///
/// The store is opened on first use. When opening or writing fails, the call returns
/// ``RecordingOutcome/notRecorded(_:savedTo:)`` instead of throwing: the caller has already shown
/// the output, prints ``RecordingOutcome/warning`` on stderr, and exits with
/// ``RecordingOutcome/exitStatus(for:)`` (0 for best-effort recording, 1 when the user asked for
/// recording explicitly). When a spool folder is given, the unrecorded record is also written there
/// as JSON, so nothing is lost.
public actor ProgressRecorder {
    /// How much the caller cares that recording succeeds.
    public enum Requirement: Sendable, Equatable {
        /// Record if possible; a failure is a warning (the default for `labrun step`).
        case bestEffort
        /// The user asked for recording (for example `--record`): a failure is an error, exit status 1.
        case required
    }

    private let database: ProgressDatabase?
    private let configurationError: ProgressStoreError?
    private var store: (any ProgressStore)?
    private let spoolFolder: URL?

    /// A recorder for `database`, opened on first use; failed records go to `spoolFolder` if given.
    public init(database: ProgressDatabase, spoolFolder: URL? = nil) {
        self.database = database
        configurationError = nil
        self.spoolFolder = spoolFolder
    }

    /// A recorder over a store that is already open.
    public init(store: any ProgressStore, spoolFolder: URL? = nil) {
        database = nil
        configurationError = nil
        self.store = store
        self.spoolFolder = spoolFolder
    }

    /// A recorder whose configuration could not be read (for example a bad `LABRUN_DATABASE_URL`):
    /// every call returns `.notRecorded(error)`.
    public init(configurationError: ProgressStoreError, spoolFolder: URL? = nil) {
        database = nil
        self.configurationError = configurationError
        self.spoolFolder = spoolFolder
    }

    /// Records a step run, answer, submission, reveal or quiz attempt.
    public func record<Record: ProgressRecord>(_ record: Record) async -> RecordingOutcome {
        await attempt(record, kind: Record.recordKind) { try await $0.record(record) }
    }

    /// Registers the lab version the student is working on (title and step count help reports).
    /// Labs have no event: a successful outcome carries the receipt `(0, 0)`.
    public func save(_ lab: LabVersion) async -> RecordingOutcome {
        await attempt(lab, kind: "lab") { store in
            try await store.save(lab)
            return RecordReceipt(recordID: 0, eventID: 0)
        }
    }

    /// Closes the store if this recorder opened it.
    public func close() async {
        if database != nil, let store { try? await store.close() }
        store = nil
    }

    private func attempt<Record: Encodable & Sendable>(
        _ record: Record, kind: String, _ write: (any ProgressStore) async throws -> RecordReceipt
    ) async -> RecordingOutcome {
        do {
            let store = try await openedStore()
            return .recorded(try await write(store))
        } catch {
            let storeError = (error as? ProgressStoreError)
                ?? ProgressStoreError(.database, "\(error)", location: database?.description ?? "progress store")
            return .notRecorded(storeError, savedTo: spool(record, kind: kind, error: storeError))
        }
    }

    private func openedStore() async throws -> any ProgressStore {
        if let store { return store }
        if let configurationError { throw configurationError }
        guard let database else { throw ProgressStoreError(.closed, "the store was closed", location: "progress store") }
        let opened = try await database.open()
        store = opened
        return opened
    }

    /// Writes the record that could not be stored to the spool folder; returns the file, if written.
    private func spool<Record: Encodable>(_ record: Record, kind: String, error: ProgressStoreError) -> URL? {
        guard let spoolFolder else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(UnrecordedCopy(kind: kind, reason: error.description, record: record)) else {
            return nil
        }
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let file = spoolFolder.appendingPathComponent("\(stamp)-\(kind)-\(UUID().uuidString.prefix(8)).json")
        do {
            try FileManager.default.createDirectory(at: spoolFolder, withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
            return file
        } catch {
            return nil
        }
    }
}

/// The JSON a recorder writes to its spool folder for a record it could not store.
private struct UnrecordedCopy<Record: Encodable>: Encodable {
    let kind: String
    let reason: String
    let record: Record
}

/// What happened to one record handed to a ``ProgressRecorder``.
public enum RecordingOutcome: Sendable, Equatable {
    /// Committed to the store.
    case recorded(RecordReceipt)
    /// Not recorded, and why; `savedTo` is the JSON copy in the spool folder, when one was written.
    case notRecorded(ProgressStoreError, savedTo: URL?)

    /// Whether the record was committed.
    public var isRecorded: Bool {
        if case .recorded = self { return true }
        return false
    }

    /// The sentence to print on stderr when the record was not committed, `nil` when it was.
    /// It never contains a database password.
    public var warning: String? {
        guard case .notRecorded(let error, let file) = self else { return nil }
        var text = "this run was not recorded: \(error)"
        if let file { text += " (a copy is in \(file.path))" }
        return text
    }

    /// The exit status the command should end with: 1 when recording was required and failed,
    /// else 0.
    public func exitStatus(for requirement: ProgressRecorder.Requirement) -> Int32 {
        isRecorded || requirement == .bestEffort ? 0 : 1
    }
}
