/// The keys and values a causal model has computed so far, per layer and per sequence of a
/// batch, so that each generation step only runs the new token.
///
/// Rows are positions; a row holds `width` floats (all key/value heads side by side, head `g` at
/// columns `g·headSize`). A model appends the new rows of every layer during one call and reads
/// them back for attention; `length(of:)` is the number of positions stored for a sequence.
public final class KeyValueCache {
    /// Layers of the model.
    public let layerCount: Int
    /// Sequences in the batch.
    public let batchSize: Int
    /// Floats per position (key/value heads × head size).
    public let width: Int
    private var keys: [[[Float]]]
    private var values: [[[Float]]]

    /// An empty cache for `batchSize` sequences of a model with `layerCount` layers.
    public init(layerCount: Int, batchSize: Int, width: Int) {
        self.layerCount = layerCount
        self.batchSize = batchSize
        self.width = width
        keys = Array(repeating: Array(repeating: [], count: batchSize), count: layerCount)
        values = keys
    }

    /// A cache of `count` sequences that each begin as a copy of `sequence` of `source`: a
    /// shared prefix computed once and continued in `count` ways. The copies share storage until
    /// they grow, so making one costs nothing per position.
    public init(repeating sequence: Int, of source: KeyValueCache, count: Int) {
        layerCount = source.layerCount
        batchSize = count
        width = source.width
        keys = source.keys.map { Array(repeating: $0[sequence], count: count) }
        values = source.values.map { Array(repeating: $0[sequence], count: count) }
    }

    /// Positions stored for `sequence` (in the last layer, so it counts only completed calls).
    public func length(of sequence: Int) -> Int {
        keys[layerCount - 1][sequence].count / width
    }

    /// Appends `rows` positions of keys and values (each `[rows, width]`, rows `stride` floats apart) to one layer.
    public func append(layer: Int, sequence: Int, keys newKeys: UnsafePointer<Float>, values newValues: UnsafePointer<Float>,
                       rows: Int, stride: Int) {
        for row in 0..<rows {
            keys[layer][sequence].append(contentsOf: UnsafeBufferPointer(start: newKeys + row * stride, count: width))
            values[layer][sequence].append(contentsOf: UnsafeBufferPointer(start: newValues + row * stride, count: width))
        }
    }

    /// Calls `body` with the keys and values of one layer and sequence, `[rows, width]` each
    /// (`rows` is 0, and the pointers must not be read, before anything was appended).
    public func withKeysAndValues<Result>(
        layer: Int, sequence: Int,
        _ body: (_ keys: UnsafePointer<Float>, _ values: UnsafePointer<Float>, _ rows: Int) throws -> Result
    ) rethrows -> Result {
        let storedKeys = keys[layer][sequence], storedValues = values[layer][sequence]
        if storedKeys.isEmpty {
            return try Self.placeholder.withUnsafeBufferPointer { p in try body(p.baseAddress!, p.baseAddress!, 0) }
        }
        return try storedKeys.withUnsafeBufferPointer { k in
            try storedValues.withUnsafeBufferPointer { v in
                try body(k.baseAddress!, v.baseAddress!, k.count / width)
            }
        }
    }

    /// One float to point at when nothing is stored yet.
    private static let placeholder: [Float] = [0]
}
