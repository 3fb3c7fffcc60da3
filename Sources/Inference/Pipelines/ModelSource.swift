import Foundation

/// Where a pipeline gets its model: a folder loaded lazily through a `ModelCache` on first use,
/// or a model object already built.
public enum ModelSource: Sendable {
    /// A model folder (config.json + weights + tokenizer files), loaded on first use and shared.
    case directory(URL, cache: ModelCache = .shared)
    /// A model already in memory.
    case loaded(any Sendable)

    /// The model, loading it if needed.
    /// - Throws: the loader's error.
    public func resolve() throws -> any Sendable {
        switch self {
        case .directory(let url, let cache): return try cache.model(at: url)
        case .loaded(let model): return model
        }
    }

    /// A description for errors.
    var name: String {
        switch self {
        case .directory(let url, _): return url.path
        case .loaded(let model): return "\(type(of: model))"
        }
    }

    /// The model as `Kind`, or a `ModelError` saying the pipeline cannot use it.
    func resolve<Kind>(as kind: Kind.Type, for task: String) throws -> Kind {
        guard let model = try resolve() as? Kind else {
            throw ModelError(file: name, problem: "this model cannot be used for \(task)")
        }
        return model
    }
}
