/// The keys and values a Llama model has computed so far for one sequence, so that each new
/// token only attends to them instead of recomputing the prefix.
///
/// Per layer, `keys[layer]` holds `count` rows of `kvHeadCount · headDimension` floats (after the
/// rotary embedding), `values[layer]` the same for values. A cache belongs to one model and one
/// sequence; `reset()` starts a new sequence.
public struct LlamaKVCache: Sendable {
    /// Keys per layer, row-major `[count, kvWidth]`.
    public internal(set) var keys: [[Float]]
    /// Values per layer, row-major `[count, kvWidth]`.
    public internal(set) var values: [[Float]]
    /// Tokens cached so far (the position of the next token).
    public internal(set) var count = 0
    /// Floats per cached token and layer (`kvHeadCount · headDimension`).
    public let kvWidth: Int

    /// An empty cache for `configuration`.
    public init(configuration: LlamaConfiguration) {
        kvWidth = configuration.kvHeadCount * configuration.headDimension
        keys = Array(repeating: [], count: configuration.layerCount)
        values = Array(repeating: [], count: configuration.layerCount)
    }

    /// Forgets every cached token (keeps the memory for the next sequence).
    public mutating func reset() {
        for layer in keys.indices {
            keys[layer].removeAll(keepingCapacity: true)
            values[layer].removeAll(keepingCapacity: true)
        }
        count = 0
    }

    /// Keeps only the first `length` tokens (to branch from a shared prefix).
    public mutating func truncate(to length: Int) {
        guard length < count else { return }
        let keep = max(length, 0)
        for layer in keys.indices {
            keys[layer].removeLast(keys[layer].count - keep * kvWidth)
            values[layer].removeLast(values[layer].count - keep * kvWidth)
        }
        count = keep
    }
}
