import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request over URLSession, waited for synchronously, with the redirect rules the Hub needs
/// and the body either collected in memory or streamed to a file as it arrives.
final class HTTPExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// Which redirects to follow.
    enum Redirects {
        /// Follow none: the 3xx response itself is the answer (its `Location` is read).
        case none
        /// Follow only redirects that stay on the same origin (scheme, host, port), such as a renamed
        /// repository's relative `Location`, as huggingface_hub does for its metadata HEAD request; a
        /// redirect to another origin (a CDN's blob URL) is the answer.
        case sameOrigin
        /// Follow all, dropping `Authorization` when the host changes (a CDN never sees the token).
        case all
    }

    /// What came back.
    struct Outcome {
        let response: HTTPURLResponse
        let body: Data
    }

    private let redirects: Redirects
    private let sink: (@Sendable (_ status: Int, _ data: Data) throws -> Void)?
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var response: HTTPURLResponse?
    private var body = Data()
    private var failure: (any Error)?
    private var sinkFailure: (any Error)?

    private init(redirects: Redirects, sink: (@Sendable (_ status: Int, _ data: Data) throws -> Void)?) {
        self.redirects = redirects
        self.sink = sink
    }

    /// Sends `request` and waits for the whole answer. With a `sink`, the bytes of a 2xx body go to it
    /// (with the status) as they arrive (and `Outcome.body` is empty); an error thrown by the sink cancels the transfer and is rethrown.
    /// A transport failure (no connection, connection dropped) throws the `URLError`.
    static func perform(
        _ request: URLRequest, redirects: Redirects, idleTimeout: TimeInterval = 60,
        sink: (@Sendable (_ status: Int, _ data: Data) throws -> Void)? = nil
    ) throws -> Outcome {
        let exchange = HTTPExchange(redirects: redirects, sink: sink)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        exchange.done.wait()
        return try exchange.lock.withLock {
            if let sinkFailure = exchange.sinkFailure { throw sinkFailure }
            if let failure = exchange.failure { throw failure }
            guard let response = exchange.response else {
                throw URLError(.badServerResponse)
            }
            return Outcome(response: response, body: exchange.body)
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        switch redirects {
        case .none:
            completionHandler(nil)
        case .sameOrigin:
            let from = task.currentRequest?.url ?? task.originalRequest?.url
            let to = request.url
            let same = from?.scheme == to?.scheme && from?.host == to?.host && from?.port == to?.port
            completionHandler(same ? request : nil)
        case .all:
            var next = request
            if next.url?.host != task.originalRequest?.url?.host || next.url?.port != task.originalRequest?.url?.port {
                next.setValue(nil, forHTTPHeaderField: "Authorization")
            }
            completionHandler(next)
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { self.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let status = lock.withLock { response?.statusCode ?? 0 }
        // Error bodies and redirect bodies are never written into a model file.
        guard let sink, (200..<300).contains(status) else {
            lock.withLock { body.append(data) }
            return
        }
        do {
            try sink(status, data)
        } catch {
            lock.withLock { sinkFailure = error }
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock {
            if let error { failure = error }
            if response == nil, let http = task.response as? HTTPURLResponse { response = http }
        }
        done.signal()
    }
}
