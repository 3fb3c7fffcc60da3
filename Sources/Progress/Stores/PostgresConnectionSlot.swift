#if PostgreSQL
import PostgresNIO
import Synchronization

/// The PostgreSQL store's one connection to the server, lent to one operation at a time.
///
/// A labrun process records a few things one after another, so a connection pool buys it nothing
/// and costs a second connection (with its password exchange) per process and timers armed and
/// cancelled on every lease. The slot keeps the connection the store opened with, opens a new one
/// (through `open`, which bounds the time) when the server closed it between operations, and lends
/// it in arrival order, so the statements of one operation's transaction never interleave with
/// another's. It never retries a statement: one that failed on a broken connection may or may not
/// have committed, so the error goes back to the caller.
final class PostgresConnectionSlot: Sendable {
    private struct State {
        var connection: PostgresConnection?
        var lent = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var closed = false
    }

    private let state: Mutex<State>
    private let open: @Sendable () async throws -> PostgresConnection

    /// A slot holding `connection`; `open` makes a replacement when the server has closed it.
    init(connection: PostgresConnection, open: @escaping @Sendable () async throws -> PostgresConnection) {
        state = Mutex(State(connection: connection))
        self.open = open
    }

    deinit {
        // A store released without `close()`: end the session now rather than at exit, keeping the
        // connection alive until it has closed (PostgresNIO requires a connection to be closed
        // before it goes away).
        if let connection = state.withLock({ $0.connection }), !connection.isClosed {
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    /// Runs `body` with the connection once every earlier operation has finished.
    ///
    /// - Throws: ``SlotClosed`` after ``close()``; whatever opening a new connection or `body` throws.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        await borrow()
        defer { giveBack() }
        let (current, closed) = state.withLock { ($0.connection, $0.closed) }
        if closed { throw SlotClosed() }
        let connection: PostgresConnection
        if let current, !current.isClosed {
            connection = current
        } else {
            connection = try await open()
            state.withLock { $0.connection = connection }
        }
        return try await body(connection)
    }

    /// Waits for the operation in progress, then closes the connection; later operations throw
    /// ``SlotClosed``.
    func close() async {
        await borrow()
        let connection = state.withLock { state -> PostgresConnection? in
            state.closed = true
            defer { state.connection = nil }
            return state.connection
        }
        giveBack()
        if let connection { try? await connection.close() }
    }

    /// Takes the slot, waiting behind the operations that asked before.
    private func borrow() async {
        // A free slot resumes the continuation at once, and the task goes on without suspending.
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                if !state.lent {
                    state.lent = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    /// Hands the slot to the longest-waiting operation, or frees it.
    private func giveBack() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.lent = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }

    /// The slot was closed before the operation could run.
    struct SlotClosed: Error {}
}

#endif
