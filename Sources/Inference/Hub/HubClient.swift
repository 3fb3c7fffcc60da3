import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Hub's HTTP API, as huggingface_hub uses it: the repository listing, the metadata `HEAD` of a
/// file, and a resumable `GET` of its bytes.
struct HubClient: Sendable {
    let settings: HubSettings

    /// `GET /api/models/{id}/revision/{revision}`: the commit and the file list.
    func repository(_ id: String, revision: String) throws -> HubRepository {
        let url = apiURL("api/models/\(id)/revision/\(Self.encode(revision, keepingSlashes: false))")
        let outcome = try send(request(url, method: "GET"), redirects: .all, id: id)
        try check(outcome.response, id: id, revision: revision, file: nil)
        guard let repository = HubRepository(json: outcome.body, requestedID: id) else {
            throw HubError.badResponse(url: url.absoluteString, status: outcome.response.statusCode,
                                       detail: "not a model listing (no sha or siblings); is HF_ENDPOINT a Hugging Face Hub?")
        }
        return repository
    }

    /// The resolve URL of `file` at `revision`: `{endpoint}/{id}/resolve/{revision}/{file}`.
    func resolveURL(_ id: String, revision: String, file: String) -> URL {
        apiURL("\(id)/resolve/\(Self.encode(revision, keepingSlashes: false))/\(Self.encode(file, keepingSlashes: true))")
    }

    /// `HEAD` of the resolve URL without following a redirect to another origin (the blob on a CDN;
    /// redirects on the Hub itself, such as a renamed repository's, are followed), read as
    /// huggingface_hub's `get_hf_file_metadata` reads it.
    func metadata(_ id: String, revision: String, file: String) throws -> HubFileMetadata {
        let url = resolveURL(id, revision: revision, file: file)
        var head = request(url, method: "HEAD")
        head.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        let outcome = try send(head, redirects: .sameOrigin, id: id)
        let response = outcome.response
        try check(response, id: id, revision: revision, file: file)
        guard let commit = response.value(forHTTPHeaderField: "X-Repo-Commit") else {
            throw HubError.badResponse(url: url.absoluteString, status: response.statusCode,
                                       detail: "no X-Repo-Commit header; is HF_ENDPOINT a Hugging Face Hub?")
        }
        guard let etag = (response.value(forHTTPHeaderField: "X-Linked-Etag") ?? response.value(forHTTPHeaderField: "ETag"))
            .map(HubFileMetadata.normalize(etag:)), !etag.isEmpty, !etag.contains("/")
        else {
            throw HubError.badResponse(url: url.absoluteString, status: response.statusCode,
                                       detail: "no usable ETag, so the file cannot be checked or cached")
        }
        let isRedirect = (300..<400).contains(response.statusCode)
        let size = (response.value(forHTTPHeaderField: "X-Linked-Size")
            ?? (isRedirect ? nil : response.value(forHTTPHeaderField: "Content-Length"))).flatMap { Int64($0) }
        var location = response.url ?? url
        if isRedirect, let text = response.value(forHTTPHeaderField: "Location"),
           let target = URL(string: text, relativeTo: response.url ?? url)?.absoluteURL {
            location = target
        }
        return HubFileMetadata(commit: commit, etag: etag, size: size, location: location)
    }

    /// Downloads `metadata.location` into `partial`, continuing from the bytes already there with a
    /// `Range` request (starting over when the server ignores the range). Throws `HubError.interrupted`
    /// when the connection drops, keeping what arrived; `progress` gets (bytes so far, total).
    func download(
        _ metadata: HubFileMetadata, id: String, file: String, into partial: URL,
        progress: @escaping @Sendable (Int64, Int64?) -> Void
    ) throws {
        let writer = try PartialFile(url: partial, path: file)
        defer { writer.close() }
        if let size = metadata.size, writer.offset == size { return }
        if let size = metadata.size, writer.offset > size { try writer.truncate() }
        if let size = metadata.size {
            try Self.checkFreeSpace(in: partial.deletingLastPathComponent(), needed: size - writer.offset)
        }
        var get = request(metadata.location, method: "GET")
        get.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if metadata.location.host != settings.endpoint.host || metadata.location.port != settings.endpoint.port
            || metadata.location.scheme != settings.endpoint.scheme {
            get.setValue(nil, forHTTPHeaderField: "Authorization")
        }
        let resumedFrom = writer.offset
        if resumedFrom > 0 { get.setValue("bytes=\(resumedFrom)-", forHTTPHeaderField: "Range") }
        progress(resumedFrom, metadata.size)
        let outcome: HTTPExchange.Outcome
        do {
            outcome = try HTTPExchange.perform(get, redirects: .all) { status, data in
                if status == 200, resumedFrom > 0, !writer.restarted { try writer.truncate(); writer.restarted = true }
                try writer.append(data)
                progress(writer.offset, metadata.size)
            }
        } catch let error as HubError {
            throw error
        } catch let error as URLError where Self.isDropped(error) && writer.offset > 0 {
            throw HubError.interrupted(id: id, file: file, received: writer.offset, expected: metadata.size)
        } catch {
            throw HubError.unreachable(endpoint: settings.endpointText, reason: Self.reason(error))
        }
        if outcome.response.statusCode == 416, let size = metadata.size, writer.offset == size { return }
        try check(outcome.response, id: id, revision: nil, file: file)
        if let size = metadata.size, writer.offset < size {
            throw HubError.interrupted(id: id, file: file, received: writer.offset, expected: size)
        }
    }

    // MARK: - Requests

    private func apiURL(_ path: String) -> URL {
        URL(string: settings.endpoint.absoluteString + "/" + path) ?? settings.endpoint
    }

    private func request(_ url: URL, method: String) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        request.setValue("labrun; hf_hub-compatible", forHTTPHeaderField: "User-Agent")
        if let token = settings.token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return request
    }

    private func send(_ request: URLRequest, redirects: HTTPExchange.Redirects, id: String) throws -> HTTPExchange.Outcome {
        do {
            return try HTTPExchange.perform(request, redirects: redirects)
        } catch {
            throw HubError.unreachable(endpoint: settings.endpointText, reason: Self.reason(error))
        }
    }

    /// Maps a Hub error answer (status and `X-Error-Code`) to the error that says what to do.
    private func check(_ response: HTTPURLResponse, id: String, revision: String?, file: String?) throws {
        let status = response.statusCode
        if (200..<400).contains(status) { return }
        let hasToken = settings.token != nil
        switch response.value(forHTTPHeaderField: "X-Error-Code") {
        case "GatedRepo": throw HubError.gated(id: id, endpoint: settings.endpointText, hasToken: hasToken)
        case "RepoNotFound":
            if status == 401 || status == 403, hasToken {
                throw HubError.accessDenied(id: id, endpoint: settings.endpointText, status: status, hasToken: true)
            }
            throw HubError.noSuchModel(id: id, endpoint: settings.endpointText)
        case "RevisionNotFound": throw HubError.noSuchRevision(id: id, revision: revision ?? "?")
        case "EntryNotFound": throw HubError.noSuchFile(id: id, file: file ?? "?")
        default: break
        }
        switch status {
        case 401, 403:
            throw HubError.accessDenied(id: id, endpoint: settings.endpointText, status: status, hasToken: hasToken)
        case 404:
            if let file { throw HubError.noSuchFile(id: id, file: file) }
            throw HubError.noSuchModel(id: id, endpoint: settings.endpointText)
        default:
            let message = response.value(forHTTPHeaderField: "X-Error-Message") ?? HTTPURLResponse.localizedString(forStatusCode: status)
            throw HubError.badResponse(url: response.url?.absoluteString ?? id, status: status, detail: message)
        }
    }

    // MARK: - Helpers

    /// Percent-encodes a revision or a file path for a URL, as huggingface_hub's `quote` does.
    static func encode(_ text: String, keepingSlashes: Bool) -> String {
        var allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        if keepingSlashes { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func isDropped(_ error: URLError) -> Bool {
        [.networkConnectionLost, .timedOut, .cannotParseResponse, .notConnectedToInternet, .badServerResponse,
         .cannotDecodeRawData, .zeroByteResource, .unknown].contains(error.code)
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: return "connection refused"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .timedOut: return "timed out"
            case .notConnectedToInternet: return "no network"
            case .networkConnectionLost: return "connection lost"
            default: return error.localizedDescription
            }
        }
        return "\(error)"
    }

    /// Throws `HubError.diskFull` when the file system holding `folder` has fewer than `needed` bytes free.
    static func checkFreeSpace(in folder: URL, needed: Int64) throws {
        guard needed > 0 else { return }
        var stats = statvfs()
        guard statvfs(folder.path, &stats) == 0 else { return }
        let available = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        if available < needed {
            throw HubError.diskFull(path: folder.path, needed: needed, available: available)
        }
    }
}
