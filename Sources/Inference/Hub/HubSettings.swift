import Foundation

/// Where the Hub is and how to talk to it, from the same environment variables huggingface_hub reads.
public struct HubSettings: Sendable, Equatable {
    /// `$HF_ENDPOINT`, default `https://huggingface.co` (no trailing slash).
    public var endpoint: URL
    /// `$HF_TOKEN` (else `$HUGGING_FACE_HUB_TOKEN`, else the token file `$HF_HOME/token`), sent as
    /// `Authorization: Bearer …`.
    public var token: String?
    /// `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) set to 1/true/yes/on: never touch the network.
    public var isOffline: Bool
    /// The Hugging Face cache.
    public var cache: HubCache

    /// Settings read from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var text = environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://huggingface.co"
        while text.hasSuffix("/") { text.removeLast() }
        endpoint = URL(string: text) ?? URL(fileURLWithPath: "/")
        func truthy(_ name: String) -> Bool {
            ["1", "on", "yes", "true"].contains((environment[name] ?? "").lowercased())
        }
        isOffline = truthy("HF_HUB_OFFLINE") || truthy("TRANSFORMERS_OFFLINE")
        cache = HubCache(environment: environment)
        if let token = environment["HF_TOKEN"] ?? environment["HUGGING_FACE_HUB_TOKEN"], !token.isEmpty {
            self.token = token
        } else {
            let hfHome = environment["HF_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                ?? HubCache.homeFolder(environment).appendingPathComponent(".cache/huggingface")
            let file = environment["HF_TOKEN_PATH"].map { URL(fileURLWithPath: $0) }
                ?? hfHome.appendingPathComponent("token")
            let stored = (try? String(contentsOf: file, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            token = (stored?.isEmpty ?? true) ? nil : stored
        }
    }

    /// Explicit settings (tests).
    public init(endpoint: URL, token: String? = nil, isOffline: Bool = false, cache: HubCache) {
        self.endpoint = endpoint
        self.token = token
        self.isOffline = isOffline
        self.cache = cache
    }

    /// The endpoint as text, for messages.
    public var endpointText: String { endpoint.absoluteString }
}
