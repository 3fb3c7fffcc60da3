import Foundation
import NIOCore
import NIOHTTP1

/// Answers one connection's requests the way the Hub does (see `HubTestServer`).
final class HubRequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: State
    private var head: HTTPRequestHead?

    init(state: State) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(request): head = request
        case .body: break
        case .end:
            guard let request = head else { return }
            head = nil
            state.record(.init(method: request.method.rawValue, uri: request.uri,
                               range: request.headers.first(name: "Range"),
                               authorization: request.headers.first(name: "Authorization")))
            respond(to: request, context: context)
        }
    }

    // MARK: - Routing

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(request.uri.split(separator: "?", maxSplits: 1).first ?? "")
        let isHead = request.method == .HEAD
        if path.hasPrefix("/cdn/") {
            return serveBlob(sha256: String(path.dropFirst("/cdn/".count)), request: request, context: context)
        }
        if path.hasPrefix("/api/models/") {
            let rest = String(path.dropFirst("/api/models/".count))
            for kind in ["/revision/", "/tree/"] {
                if let range = rest.range(of: kind) {
                    let id = String(rest[..<range.lowerBound])
                    let revision = decode(String(rest[range.upperBound...]).split(separator: "/").first.map(String.init) ?? "")
                    return serveAPI(kind: kind, id: id, revision: revision, request: request, context: context)
                }
            }
            return send(context, .notFound, headers: ["X-Error-Code": "RepoNotFound"], isHead: isHead)
        }
        if let range = path.range(of: "/resolve/") {
            let id = String(path[path.index(after: path.startIndex)..<range.lowerBound])
            let parts = path[range.upperBound...].split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return send(context, .notFound, isHead: isHead) }
            return serveResolve(id: id, revision: decode(parts[0]), file: decode(parts[1]), suffix: String(path[range.lowerBound...]),
                                request: request, context: context)
        }
        send(context, .notFound, isHead: isHead)
    }

    /// The repository for `id`, or the error answer already sent (renamed ids are redirected with `suffix`).
    private func repository(_ id: String, prefix: String, suffix: String, request: HTTPRequestHead, context: ChannelHandlerContext) -> HubTestRepository? {
        let isHead = request.method == .HEAD
        if let current = state.renamed[id] {
            send(context, .temporaryRedirect, headers: ["Location": "\(prefix)\(current)\(suffix)"], isHead: isHead)
            return nil
        }
        guard let repository = state.repositories[id] else {
            send(context, .notFound, headers: ["X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"], isHead: isHead)
            return nil
        }
        if repository.gated, request.headers.first(name: "Authorization") != state.token.map({ "Bearer \($0)" }) {
            send(context, .unauthorized, headers: ["X-Error-Code": "GatedRepo",
                                                   "X-Error-Message": "Access to model \(id) is restricted."], isHead: isHead)
            return nil
        }
        return repository
    }

    private func serveAPI(kind: String, id: String, revision: String, request: HTTPRequestHead, context: ChannelHandlerContext) {
        let suffix = String(request.uri.dropFirst("/api/models/\(id)".count))
        guard let repository = repository(id, prefix: "/api/models/", suffix: suffix, request: request, context: context) else { return }
        guard revision == "main" || revision == repository.commit else {
            return send(context, .notFound, headers: ["X-Error-Code": "RevisionNotFound"], isHead: request.method == .HEAD)
        }
        let paths = repository.files.keys.sorted()
        let object: Any
        if kind == "/revision/" {
            object = ["id": repository.id, "modelId": repository.id, "sha": repository.commit, "private": false,
                      "gated": repository.gated ? "auto" : false,
                      "siblings": paths.map { ["rfilename": $0, "size": repository.files[$0]?.count ?? 0] }] as [String: Any]
        } else {
            object = paths.map { path -> [String: Any] in
                let data = repository.files[path] ?? Data()
                var entry: [String: Any] = ["type": "file", "path": path, "size": data.count, "oid": gitSHA1(data)]
                if HubTestRepository.isLFS(path) {
                    entry["lfs"] = ["oid": repository.etag(path) ?? "", "size": data.count, "pointerSize": 134]
                }
                return entry
            }
        }
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        send(context, .ok, headers: ["Content-Type": "application/json"], body: body, isHead: request.method == .HEAD)
    }

    private func serveResolve(id: String, revision: String, file: String, suffix: String, request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard let repository = repository(id, prefix: "/", suffix: suffix, request: request, context: context) else { return }
        let isHead = request.method == .HEAD
        guard revision == "main" || revision == repository.commit else {
            return send(context, .notFound, headers: ["X-Error-Code": "RevisionNotFound"], isHead: isHead)
        }
        guard let data = repository.files[file], let etag = repository.etag(file) else {
            return send(context, .notFound, headers: ["X-Error-Code": "EntryNotFound", "X-Repo-Commit": repository.commit], isHead: isHead)
        }
        var headers = ["X-Repo-Commit": repository.commit, "ETag": "\"\(etag)\""]
        if HubTestRepository.isLFS(file) {
            headers["X-Linked-Etag"] = "\"\(etag)\""
            headers["X-Linked-Size"] = "\(data.count)"
            // Another origin (the second port), as a CDN is: clients must not follow it for metadata.
            headers["Location"] = "http://127.0.0.1:\(state.currentCDNPort)/cdn/\(etag)"
            return send(context, .found, headers: headers, isHead: isHead)
        }
        serveBytes(data, file: file, headers: headers, request: request, context: context)
    }

    private func serveBlob(sha256: String, request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard let (file, data) = state.blob(sha256: sha256) else {
            return send(context, .notFound, isHead: request.method == .HEAD)
        }
        serveBytes(data, file: file, headers: ["ETag": "\"\(sha256)\""], request: request, context: context)
    }

    /// Sends `data` (or the requested range of it), applying the file's fault to a GET.
    private func serveBytes(_ data: Data, file: String, headers: [String: String], request: HTTPRequestHead, context: ChannelHandlerContext) {
        let isHead = request.method == .HEAD
        var headers = headers
        headers["Accept-Ranges"] = "bytes"
        var start = 0
        if let range = request.headers.first(name: "Range"), range.hasPrefix("bytes="),
           let first = range.dropFirst("bytes=".count).split(separator: "-", omittingEmptySubsequences: false).first,
           let offset = Int(first) {
            guard offset < data.count else {
                headers["Content-Range"] = "bytes */\(data.count)"
                return send(context, .rangeNotSatisfiable, headers: headers, isHead: isHead)
            }
            start = offset
            headers["Content-Range"] = "bytes \(offset)-\(data.count - 1)/\(data.count)"
        }
        let status: HTTPResponseStatus = start > 0 || headers["Content-Range"] != nil ? .partialContent : .ok
        var bytes = data.subdata(in: start..<data.count)
        guard !isHead else { return send(context, status, headers: headers, body: bytes, isHead: true) }
        switch state.takeFault(for: file) {
        case let .dropAfter(count, _) where count < bytes.count:
            headers["Content-Length"] = "\(bytes.count)"
            let part = bytes.prefix(count)
            writeHead(context, status, headers: headers)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: part)))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer())))).whenComplete { _ in
                channel.close(promise: nil)
            }
            return
        case let .stallAfter(count) where count < bytes.count:
            headers["Content-Length"] = "\(bytes.count)"
            writeHead(context, status, headers: headers)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes.prefix(count))))), promise: nil)
            return
        case .corrupt:
            bytes = Data(bytes.map { $0 ^ 0x5A })
        default:
            break
        }
        send(context, status, headers: headers, body: bytes, isHead: false)
    }

    // MARK: - Writing

    private func writeHead(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, headers: [String: String]) {
        var fields = HTTPHeaders(headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        fields.replaceOrAdd(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: fields))), promise: nil)
    }

    private func send(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, headers: [String: String] = [:],
                      body: Data = Data(), isHead: Bool) {
        var headers = headers
        headers["Content-Length"] = "\(body.count)"
        writeHead(context, status, headers: headers)
        if !isHead, !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    private func decode(_ text: String) -> String { text.removingPercentEncoding ?? text }

    private func gitSHA1(_ data: Data) -> String {
        HubTestRepository(id: "x", files: ["f": data]).etag("f") ?? ""
    }
}
