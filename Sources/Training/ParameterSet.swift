import Inference

/// Where one named tensor lives inside a `ParameterSet`'s flat storage.
public struct ParameterSlot: Sendable, Equatable {
    /// The Hugging Face (or PEFT) name, e.g. `model.layers.0.self_attn.q_proj.weight`.
    public let name: String
    /// The tensor's shape, outermost dimension first.
    public let shape: [Int]
    /// The index of the tensor's first value in the flat storage.
    public let offset: Int
    /// The number of values (the product of `shape`).
    public var count: Int { shape.reduce(1, *) }
}

/// The order and shapes of a model's named tensors: every tensor in one allocation addressed by
/// offsets, as llm.c keeps its parameters, so that the optimizer, gradient clipping and norms
/// run over one array.
public struct ParameterLayout: Sendable, Equatable {
    /// The tensors in storage order.
    public private(set) var slots: [ParameterSlot] = []
    /// The total number of values.
    public private(set) var count = 0
    private var indices: [String: Int] = [:]

    /// An empty layout.
    public init() {}

    /// Appends a tensor `name` of `shape` and returns its offset.
    /// - Precondition: `name` is not in the layout yet (a programming error otherwise).
    @discardableResult
    public mutating func append(_ name: String, shape: [Int]) -> Int {
        precondition(indices[name] == nil, "parameter \(name) is in the layout twice")
        let slot = ParameterSlot(name: name, shape: shape, offset: count)
        indices[name] = slots.count
        slots.append(slot)
        count += slot.count
        return slot.offset
    }

    /// The slot named `name`, or nil.
    public func slot(_ name: String) -> ParameterSlot? {
        indices[name].map { slots[$0] }
    }

    /// The offset of `name`.
    /// - Precondition: `name` is in the layout (callers build the layout and ask for their own names).
    func offset(_ name: String) -> Int {
        guard let index = indices[name] else { preconditionFailure("parameter \(name) is not in the layout") }
        return slots[index].offset
    }
}

/// Named float32 tensors in one flat array: a model's parameters, their gradients, or an
/// optimizer's moments, all sharing one `ParameterLayout`.
public struct ParameterSet: Sendable, Equatable {
    /// The names, shapes and offsets.
    public let layout: ParameterLayout
    /// Every tensor's values, in layout order; `values.count == layout.count`.
    public var values: [Float]

    /// Zeros for every tensor of `layout`.
    public init(zeros layout: ParameterLayout) {
        self.layout = layout
        self.values = [Float](repeating: 0, count: layout.count)
    }

    /// The tensor `name` as an `Inference.Tensor`, or nil when the layout has no such name.
    public func tensor(_ name: String) -> Tensor? {
        guard let slot = layout.slot(name) else { return nil }
        return Tensor(shape: slot.shape, scalars: Array(values[slot.offset ..< slot.offset + slot.count]))
    }

    /// Replaces the values of `name` with `tensor`'s.
    /// - Throws: `TrainingError` when the layout has no `name` or the shapes differ.
    public mutating func set(_ name: String, to tensor: Tensor, source: String) throws {
        guard let slot = layout.slot(name) else {
            throw TrainingError(source: source, problem: "tensor '\(name)' is not a parameter of this model",
                                fix: "check the tensor's name against the model's parameter names")
        }
        guard slot.shape == tensor.shape else {
            throw TrainingError(source: source, problem: "tensor '\(name)' has shape \(tensor.shape) but the model expects \(slot.shape)",
                                fix: "use a checkpoint made for this configuration (config.json must match the weights)")
        }
        values.replaceSubrange(slot.offset ..< slot.offset + slot.count, with: tensor.scalars)
    }

    /// The Euclidean norm of every value together (what `clip_grad_norm_` returns), in double precision.
    /// Summed chunk by chunk (`Parallel`), so the value does not depend on the thread count.
    public var globalNorm: Double {
        values.withUnsafeBufferPointer { buffer in
            guard let x = buffer.baseAddress else { return 0 }
            var sums = [Double](repeating: 0, count: Parallel.chunkCount(buffer.count))
            sums.withUnsafeMutableBufferPointer { sumBuffer in
                let s = sumBuffer.baseAddress!
                Parallel.forEachChunk(count: buffer.count) { index, chunk in
                    var sum = 0.0
                    for i in chunk { sum += Double(x[i]) * Double(x[i]) }
                    s[index] = sum
                }
            }
            return sums.reduce(0, +).squareRoot()
        }
    }

    /// The lowercase hex SHA-256 of every tensor's float32 bytes (little-endian, as safetensors
    /// stores them), tensor after tensor in the order of their names: the same values give the same
    /// digest whatever the layout's order.
    public var sha256: String {
        FileDigest.sha256Hex { feed in
            values.withUnsafeBytes { bytes in
                for slot in layout.slots.sorted(by: { $0.name < $1.name }) {
                    let size = MemoryLayout<Float>.stride
                    feed(UnsafeRawBufferPointer(rebasing: bytes[slot.offset * size ..< (slot.offset + slot.count) * size]))
                }
            }
        }
    }

    /// The Euclidean norm of the tensor `name`, or nil when the layout has no such name.
    public func norm(of name: String) -> Double? {
        guard let slot = layout.slot(name) else { return nil }
        var sum = 0.0
        for value in values[slot.offset ..< slot.offset + slot.count] { sum += Double(value) * Double(value) }
        return sum.squareRoot()
    }
}
