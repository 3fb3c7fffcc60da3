import Foundation

/// The tensors of a `pytorch_model.bin` (what `torch.save(model.state_dict())` writes): a zip whose
/// `data.pkl` is a pickled dict of tensors, each tensor's numbers in a `data/<key>` entry.
///
/// The pickle is **interpreted, never executed**: a small pickle machine builds plain values, and
/// the only callables it accepts are the ones that rebuild a state dict
/// (`torch._utils._rebuild_tensor_v2`, `torch._utils._rebuild_parameter`,
/// `collections.OrderedDict`, and the `torch.*Storage` types named by storage references). Any
/// other global (`os.system`, `builtins.eval`, …) is refused with an error before anything is
/// called, so a malicious file cannot run code. Every tensor becomes float32.
public struct PyTorchCheckpoint: Sendable {
    /// The tensors by their stored name (`bert.embeddings.word_embeddings.weight`).
    public let tensors: [String: Tensor]
    /// The file (for errors).
    public let source: String

    /// Reads `url`.
    /// - Throws: `PyTorchCheckpointError` naming the place for a truncated or malformed archive, a
    ///   pickle that names anything but a tensor rebuild, or a tensor whose bytes are missing.
    public init(contentsOf url: URL) throws {
        let bytes: Data
        do { bytes = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw PyTorchCheckpointError(file: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(bytes: bytes, source: url.path)
    }

    /// Reads a checkpoint held in memory, reported as `source`.
    /// - Throws: as `init(contentsOf:)`.
    public init(bytes: Data, source: String) throws {
        self.source = source
        if bytes.first == 0x80 {
            throw PyTorchCheckpointError(file: source, problem: "is in PyTorch's legacy (pre-1.6) format, which labrun does not read; load it in Python and save it again with torch.save, or convert it to safetensors")
        }
        let archive = try ZipArchive(bytes: bytes, file: source)
        guard let pickleEntry = archive.entries.values.filter({ $0.name.hasSuffix("data.pkl") }).min(by: { $0.name.count < $1.name.count }) else {
            throw PyTorchCheckpointError(file: source, place: "zip entries", problem: "has no data.pkl; this is not a checkpoint written by torch.save")
        }
        let prefix = String(pickleEntry.name.dropLast("data.pkl".count))
        var machine = PickleMachine(bytes: archive.data(pickleEntry), file: source, place: pickleEntry.name)
        let root = try machine.run()
        guard case .dictionary(let box) = root else {
            throw PyTorchCheckpointError(file: source, place: pickleEntry.name, problem: "holds \(root.kind), not a dict of tensors (a state dict); save model.state_dict()")
        }
        var tensors: [String: Tensor] = [:]
        for (key, value) in box.items {
            guard case .string(let name) = key else { continue }
            switch value {
            case .tensor(let reference):
                tensors[name] = try Self.tensor(reference, name: name, archive: archive, prefix: prefix)
            case .dictionary:
                continue // `_metadata` and other bookkeeping dicts carry no weights
            default:
                throw PyTorchCheckpointError(file: source, place: "\(pickleEntry.name), key '\(name)'", problem: "is \(value.kind), not a tensor; only state dicts of tensors are read")
            }
        }
        guard !tensors.isEmpty else {
            throw PyTorchCheckpointError(file: source, place: pickleEntry.name, problem: "has no tensors")
        }
        self.tensors = tensors
    }

    /// The float32 values of one tensor, gathered from its storage by size and stride.
    private static func tensor(_ reference: PickleMachine.TensorReference, name: String, archive: ZipArchive, prefix: String) throws -> Tensor {
        let file = archive.file
        let entryName = prefix + "data/" + reference.storageKey
        guard let entry = archive.entries[entryName] else {
            throw PyTorchCheckpointError(file: file, place: "tensor '\(name)'", problem: "its storage \(entryName) is missing from the archive; the file is truncated or damaged")
        }
        let width = reference.storageType.byteWidth
        let available = entry.range.count / width
        let shape = reference.size
        guard shape.allSatisfy({ $0 >= 0 }), reference.stride.count == shape.count, reference.offset >= 0 else {
            throw PyTorchCheckpointError(file: file, place: "tensor '\(name)'", problem: "has a malformed size \(shape) or stride \(reference.stride)")
        }
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        // The furthest element any index reaches must lie inside the storage.
        var furthest = reference.offset
        for (size, stride) in zip(shape, reference.stride) where size > 0 {
            guard stride >= 0 else {
                throw PyTorchCheckpointError(file: file, place: "tensor '\(name)'", problem: "has a negative stride \(reference.stride)")
            }
            let (step, overflow) = (size - 1).multipliedReportingOverflow(by: stride)
            guard !overflow else { furthest = Int.max; break }
            furthest = furthest.addingReportingOverflow(step).overflow ? Int.max : furthest + step
        }
        guard count == 0 || furthest < available else {
            throw PyTorchCheckpointError(file: file, place: "tensor '\(name)'", problem: "reaches element \(furthest) of a storage of \(available); the file is truncated or damaged")
        }
        var scalars = [Float](repeating: 0, count: count)
        let storage = archive.bytes
        let base = storage.startIndex + entry.range.lowerBound
        storage.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let start = raw.baseAddress! + base - storage.startIndex
            var index = [Int](repeating: 0, count: shape.count)
            for flat in 0..<count {
                var element = reference.offset
                for axis in 0..<shape.count { element += index[axis] * reference.stride[axis] }
                scalars[flat] = reference.storageType.value(at: start + element * width)
                var axis = shape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    if index[axis] < shape[axis] { break }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }
}

/// The element types of `torch.*Storage`, each read as float32.
enum StorageType: String, Sendable {
    case float = "FloatStorage", half = "HalfStorage", bfloat16 = "BFloat16Storage", double = "DoubleStorage"
    case long = "LongStorage", int = "IntStorage", short = "ShortStorage", char = "CharStorage"
    case byte = "ByteStorage", bool = "BoolStorage"

    var byteWidth: Int {
        switch self {
        case .double, .long: return 8
        case .float, .int: return 4
        case .half, .bfloat16, .short: return 2
        case .char, .byte, .bool: return 1
        }
    }

    /// The little-endian value at `pointer`, as float32.
    func value(at pointer: UnsafeRawPointer) -> Float {
        switch self {
        case .float: return Float(bitPattern: pointer.loadUnaligned(as: UInt32.self).littleEndian)
        case .half: return HalfPrecision.float(fromHalf: pointer.loadUnaligned(as: UInt16.self).littleEndian)
        case .bfloat16: return Float(bitPattern: UInt32(pointer.loadUnaligned(as: UInt16.self).littleEndian) << 16)
        case .double: return Float(Double(bitPattern: pointer.loadUnaligned(as: UInt64.self).littleEndian))
        case .long: return Float(Int64(littleEndian: pointer.loadUnaligned(as: Int64.self)))
        case .int: return Float(Int32(littleEndian: pointer.loadUnaligned(as: Int32.self)))
        case .short: return Float(Int16(littleEndian: pointer.loadUnaligned(as: Int16.self)))
        case .char: return Float(pointer.load(as: Int8.self))
        case .byte, .bool: return Float(pointer.load(as: UInt8.self))
        }
    }
}
