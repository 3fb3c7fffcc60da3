import Foundation
import Inference
import Progress

/// The progress store as the labrun commands see it: which database (`--database`, else
/// `LABRUN_DATABASE_URL`, else `$LABRUN_HOME/progress.sqlite`), how to open it, and where
/// unrecorded work is kept (`$LABRUN_HOME/unrecorded/`).
public struct ProgressSession: Sendable {
    /// Where the learner's files are.
    public let state: LabRunState
    /// The database the store lives in.
    public let database: ProgressDatabase
    /// The number of steps of a lab, from its file, when the caller can read lab files; reports
    /// fall back to the stored step count, then to the highest step recorded.
    public var stepCount: @Sendable (String) -> Int? = { _ in nil }

    /// Resolves the configured database.
    ///
    /// - Throws: ``ProgressStoreError`` (`badURL`) when `--database` or `LABRUN_DATABASE_URL` is malformed.
    public init(
        databaseOverride: String? = nil, state: LabRunState = LabRunState(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        self.state = state
        database = try ProgressDatabase.configured(override: databaseOverride, environment: environment, home: state.root)
    }

    /// The folder a recorder writes records it could not store to.
    public var unrecordedFolder: URL { state.unrecordedFolder }

    /// Opens the store (connecting and migrating as needed).
    ///
    /// - Throws: ``ProgressStoreError`` saying why it cannot be opened.
    public func openStore() async throws -> any ProgressStore {
        try await database.open()
    }

    /// Opens the store, runs `body` with it and closes it, whether `body` returns or throws (a
    /// failure to close is not reported: the work is committed or failed by then).
    ///
    /// - Throws: ``ProgressStoreError`` when the store cannot be opened, else what `body` throws.
    public func withStore<Result>(_ body: (any ProgressStore) async throws -> Result) async throws -> Result {
        let store = try await openStore()
        do {
            let result = try await body(store)
            try? await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// A recorder for the step runner and the quiz grader over this session's database.
    public func recorder() -> ProgressRecorder {
        ProgressRecorder(database: database, spoolFolder: unrecordedFolder)
    }

    /// A recorder for the configured database that never throws: a malformed `--database` or
    /// `LABRUN_DATABASE_URL` gives a recorder whose every call returns `.notRecorded` with the reason
    /// (the student's output is never lost for it).
    public static func recorder(
        databaseOverride: String? = nil, state: LabRunState = LabRunState(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ProgressRecorder {
        do {
            return try ProgressSession(databaseOverride: databaseOverride, state: state, environment: environment).recorder()
        } catch {
            let storeError = (error as? ProgressStoreError)
                ?? ProgressStoreError(.badURL, "\(error)", location: "LABRUN_DATABASE_URL")
            return ProgressRecorder(configurationError: storeError,
                                    spoolFolder: state.unrecordedFolder)
        }
    }
}
