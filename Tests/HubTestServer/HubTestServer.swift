import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A Hugging Face Hub look-alike on 127.0.0.1 for tests: the URL layout and headers huggingface_hub
/// relies on, and faults to inject.
///
/// - `GET /api/models/{id}/revision/{rev}`: `{"id", "sha", "siblings": [{"rfilename", "size"}]}`
/// - `GET /api/models/{id}/tree/{rev}`: the file list huggingface_hub ≥ 1.0 reads
/// - `HEAD|GET /{id}/resolve/{rev}/{file}`: small files answered directly (`ETag` = git SHA-1);
///   LFS files (weights) answered with `302` to `http://127.0.0.1:<cdnPort>/cdn/{sha256}` (a second
///   listener: another origin, as the Hub's CDN is) plus `X-Linked-Etag`, `X-Linked-Size`;
///   always `X-Repo-Commit`
/// - `GET /cdn/{sha256}`: the bytes, with `Range` support (`206`)
/// - renamed ids answer `307` with a relative `Location`, as the Hub does for legacy ids
/// - errors carry `X-Error-Code` (`RepoNotFound`, `GatedRepo`, `RevisionNotFound`, `EntryNotFound`)
///
/// It stops itself after `lifetime` seconds, so a failed test never leaves it running.
public final class HubTestServer: @unchecked Sendable {
    /// A fault to inject into the blob downloads of one file.
    public enum Fault: Sendable, Equatable {
        /// The next `times` GETs send the headers of the whole (requested part of the) file, then close
        /// the connection after `bytes` bytes of body.
        case dropAfter(bytes: Int, times: Int)
        /// The bytes are changed (same length, same headers): the hash will not match.
        case corrupt
        /// Every GET sends `bytes` bytes of body, then nothing more while the connection stays open (a
        /// stalled network, for interrupting a client mid-file).
        case stallAfter(bytes: Int)
    }

    /// One request the server received.
    public struct Request: Sendable, Equatable {
        /// `GET`, `HEAD`, …
        public let method: String
        /// The path and query.
        public let uri: String
        /// The `Range` header, if sent.
        public let range: String?
        /// The `Authorization` header, if sent.
        public let authorization: String?
    }

    /// The port it listens on.
    public let port: Int
    /// `http://127.0.0.1:<port>`, for `HF_ENDPOINT`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private let state: State
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let cdnChannel: any Channel

    /// Starts serving `repositories` on a free port. `renamed` maps old ids to current ones (answered
    /// with a redirect); `token` is what gated repositories accept.
    public init(
        repositories: [HubTestRepository], renamed: [String: String] = [:], token: String? = nil,
        lifetime: TimeAmount = .seconds(300)
    ) throws {
        let state = State(repositories: repositories, renamed: renamed, token: token)
        self.state = state
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(HubRequestHandler(state: state))
                }
            }
        channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        cdnChannel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
        state.setCDNPort(cdnChannel.localAddress?.port ?? 0)
        let channels = [channel, cdnChannel]
        group.next().scheduleTask(in: lifetime) { for channel in channels { channel.close(promise: nil) } }
    }

    deinit { stop() }

    /// Sets or clears the fault for `file` (a path in a repository).
    public func setFault(_ fault: Fault?, for file: String) {
        state.setFault(fault, for: file)
    }

    /// Every request received so far, in order.
    public var requests: [Request] { state.requestLog }

    /// Closes the listening socket and stops the event loop.
    public func stop() {
        guard state.markStopped() else { return }
        try? channel.close().wait()
        try? cdnChannel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// The server's shared, locked state.
final class State: @unchecked Sendable {
    private let lock = NSLock()
    let repositories: [String: HubTestRepository]
    let renamed: [String: String]
    let token: String?
    private var cdnPort = 0
    private var faults: [String: HubTestServer.Fault] = [:]
    private var log: [HubTestServer.Request] = []
    private var stopped = false

    init(repositories: [HubTestRepository], renamed: [String: String], token: String?) {
        self.repositories = Dictionary(repositories.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        self.renamed = renamed
        self.token = token
    }

    func setCDNPort(_ value: Int) { lock.withLock { cdnPort = value } }
    var currentCDNPort: Int { lock.withLock { cdnPort } }
    func setFault(_ fault: HubTestServer.Fault?, for file: String) { lock.withLock { faults[file] = fault } }
    func record(_ request: HubTestServer.Request) { lock.withLock { log.append(request) } }
    var requestLog: [HubTestServer.Request] { lock.withLock { log } }
    func markStopped() -> Bool { lock.withLock { defer { stopped = true }; return !stopped } }

    /// The fault for a blob download of `file`, consuming one of its `dropAfter` times.
    func takeFault(for file: String) -> HubTestServer.Fault? {
        lock.withLock {
            guard let fault = faults[file] else { return nil }
            if case let .dropAfter(bytes, times) = fault {
                faults[file] = times > 1 ? .dropAfter(bytes: bytes, times: times - 1) : nil
            }
            return fault
        }
    }

    /// The repository path and data of an LFS blob.
    func blob(sha256: String) -> (file: String, data: Data)? {
        for repository in repositories.values {
            for (path, data) in repository.files where HubTestRepository.isLFS(path) && repository.etag(path) == sha256 {
                return (path, data)
            }
        }
        return nil
    }
}
