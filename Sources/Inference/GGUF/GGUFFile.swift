/// A GGUF model file (v2 or v3): its metadata, its tensor directory and its tensor bytes, read
/// from a memory-mapped file.
///
/// Opening validates everything the rest of labrun relies on: the magic and version, every count
/// and length against the bytes left, every value and tensor type, each tensor's shape, its offset
/// (aligned, inside the data section) and size. Anything else is a `GGUFError`, never a crash.
public struct GGUFFile: Sendable {
    /// The file's bytes (kept alive as long as this value and every tensor view taken from it).
    public let storage: MappedFile
    /// The format version (2 or 3).
    public let version: Int
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Metadata values by key.
    public let metadata: [String: GGUFValue]
    /// Tensors in file order.
    public let tensors: [GGUFTensorInfo]
    /// Alignment of tensor data in bytes (`general.alignment`, default 32).
    public let alignment: Int
    /// Offset of the tensor data section from the start of the file.
    public let dataOffset: Int
    private let tensorIndex: [String: Int]

    /// The file's path (or label).
    public var path: String { storage.path }

    /// Maps and reads the GGUF file at `path`.
    /// - Throws: `GGUFError` when the file is missing, truncated, corrupt or uses a type labrun does not read.
    public init(path: String) throws {
        try self.init(storage: MappedFile(path: path))
    }

    /// Reads a GGUF file held in `storage`.
    /// - Throws: `GGUFError` as `init(path:)`.
    public init(storage: MappedFile) throws {
        self.storage = storage
        var reader = GGUFByteReader(bytes: storage.bytes, file: storage.path)
        try reader.require(4, for: "the magic number")
        let magic = Array(storage.bytes[0..<4])
        guard magic == Array("GGUF".utf8) else {
            throw reader.error("not a GGUF file: it starts with \(magic.map { Self.hex($0) }.joined(separator: " ")) instead of 'GGUF'",
                               fix: "pass a .gguf model file", at: 0)
        }
        _ = try reader.read(UInt32.self, for: "the magic number")
        let rawVersion = try reader.read(UInt32.self, for: "the version")
        guard rawVersion == 2 || rawVersion == 3 else {
            throw reader.error("GGUF version \(rawVersion) is not supported (labrun reads versions 2 and 3)",
                               fix: "convert the model with a current llama.cpp (convert_hf_to_gguf.py)", at: 4)
        }
        version = Int(rawVersion)
        // A tensor info takes at least 8 (name length) + 4 (dims) + 4 (type) + 8 (offset) bytes;
        // a key-value pair at least 8 (key length) + 4 (type) + 1 byte.
        let tensorCount = try reader.readCount(for: "the tensor count", limit: (reader.remaining - 8) / 24)
        let keyCount = try reader.readCount(for: "the metadata key count", limit: (reader.remaining - 8) / 13)

        var keys: [String] = []
        var values: [String: GGUFValue] = [:]
        keys.reserveCapacity(keyCount)
        for index in 0..<keyCount {
            let keyStart = reader.offset
            let key = try reader.readString(for: "metadata key #\(index)")
            guard values[key] == nil else {
                throw reader.error("metadata key '\(key)' appears twice", at: keyStart)
            }
            let type = try Self.readValueType(&reader, for: "the type of '\(key)'")
            values[key] = try Self.readValue(&reader, type: type, key: key, depth: 0)
            keys.append(key)
        }
        metadataKeys = keys
        metadata = values

        var alignment = 32
        if let value = values["general.alignment"] {
            guard let a = value.int, a > 0, a <= 1 << 20, a & (a - 1) == 0 else {
                throw reader.error("general.alignment is \(value), not a power of two", at: nil)
            }
            alignment = a
        }
        self.alignment = alignment

        struct RawTensor { let name: String; let dims: [Int]; let type: GGMLType; let offset: Int; let at: Int }
        var raw: [RawTensor] = []
        raw.reserveCapacity(tensorCount)
        var index: [String: Int] = [:]
        for number in 0..<tensorCount {
            let start = reader.offset
            let name = try reader.readString(for: "the name of tensor #\(number)")
            guard index[name] == nil else { throw reader.error("tensor '\(name)' appears twice", at: start) }
            let dimensionCount = try reader.read(UInt32.self, for: "the dimension count of '\(name)'")
            guard (1...4).contains(dimensionCount) else {
                throw reader.error("tensor '\(name)' has \(dimensionCount) dimensions (GGUF allows 1 to 4)", at: start)
            }
            var dims: [Int] = []
            var elements = 1
            for _ in 0..<dimensionCount {
                let dim = try reader.read(UInt64.self, for: "a dimension of '\(name)'")
                guard dim >= 1, dim <= UInt64(Int32.max) else {
                    throw reader.error("tensor '\(name)' has dimension \(dim)", at: start)
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
                guard !overflow, product <= storage.bytes.count * 8 else {
                    throw reader.error("tensor '\(name)' has more elements than the file can hold", at: start)
                }
                elements = product
                dims.append(Int(dim))
            }
            let typeAt = reader.offset
            let rawType = try reader.read(UInt32.self, for: "the type of '\(name)'")
            guard let type = GGMLType(rawValue: rawType) else {
                let known = GGMLType.unsupportedName(rawType).map { "type \($0) (\(rawType))" } ?? "unknown type \(rawType)"
                throw reader.error("tensor '\(name)' has \(known); labrun reads F32, F16, Q4_0, Q4_1, Q8_0, Q4_K and Q6_K",
                                   fix: "requantize the model to one of those types with llama.cpp's llama-quantize", at: typeAt)
            }
            guard dims[0] % type.blockSize == 0 else {
                throw reader.error("tensor '\(name)' has a first dimension of \(dims[0]), not a multiple of the \(type) block size \(type.blockSize)", at: start)
            }
            let offsetAt = reader.offset
            let offset = try reader.read(UInt64.self, for: "the offset of '\(name)'")
            guard offset <= UInt64(storage.bytes.count), Int(offset) % alignment == 0 else {
                throw reader.error("tensor '\(name)' has offset \(offset), which is not aligned to \(alignment) or lies past the end", at: offsetAt)
            }
            index[name] = raw.count
            raw.append(RawTensor(name: name, dims: dims, type: type, offset: Int(offset), at: start))
        }
        let padded = (reader.offset + alignment - 1) / alignment * alignment
        dataOffset = padded
        let dataSize = storage.bytes.count - padded
        var infos: [GGUFTensorInfo] = []
        infos.reserveCapacity(raw.count)
        var ranges: [(Int, Int, String)] = []
        for tensor in raw {
            let elements = tensor.dims.reduce(1, *)
            guard let size = tensor.type.byteCount(weights: elements) else {
                throw reader.error("tensor '\(tensor.name)' has a size that overflows", at: tensor.at)
            }
            guard dataSize >= 0, tensor.offset <= dataSize, size <= dataSize - tensor.offset else {
                throw reader.error("tensor '\(tensor.name)' (\(tensor.type), \(tensor.dims)) needs bytes \(tensor.offset)..<\(tensor.offset + size) of the data section, which has \(max(dataSize, 0)) bytes: the file is truncated",
                                   at: tensor.at)
            }
            ranges.append((tensor.offset, tensor.offset + size, tensor.name))
            infos.append(GGUFTensorInfo(name: tensor.name, dimensions: tensor.dims, type: tensor.type,
                                        fileOffset: padded + tensor.offset, byteCount: size))
        }
        ranges.sort { $0.0 < $1.0 }
        for (previous, next) in zip(ranges, ranges.dropFirst()) where next.0 < previous.1 {
            throw reader.error("tensors '\(previous.2)' and '\(next.2)' overlap in the data section", at: nil)
        }
        tensors = infos
        tensorIndex = index
    }

    /// The tensor named `name`, or nil.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The bytes of `tensor` (a view into the mapping; valid while this file lives).
    public func bytes(of tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage.bytes[tensor.fileOffset..<(tensor.fileOffset + tensor.byteCount)])
    }

    /// Two hex digits of `byte`.
    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    private static func readValueType(_ reader: inout GGUFByteReader, for what: String) throws -> GGUFValueType {
        let at = reader.offset
        let raw = try reader.read(UInt32.self, for: what)
        guard let type = GGUFValueType(rawValue: raw) else {
            throw reader.error("\(what) is \(raw), not a GGUF value type (0 to 12)", at: at)
        }
        return type
    }

    private static func readValue(_ reader: inout GGUFByteReader, type: GGUFValueType, key: String, depth: Int) throws -> GGUFValue {
        let what = "the value of '\(key)'"
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, for: what))
        case .int8: return .int8(try reader.read(Int8.self, for: what))
        case .uint16: return .uint16(try reader.read(UInt16.self, for: what))
        case .int16: return .int16(try reader.read(Int16.self, for: what))
        case .uint32: return .uint32(try reader.read(UInt32.self, for: what))
        case .int32: return .int32(try reader.read(Int32.self, for: what))
        case .uint64: return .uint64(try reader.read(UInt64.self, for: what))
        case .int64: return .int64(try reader.read(Int64.self, for: what))
        case .float32: return .float32(try reader.readFloat(for: what))
        case .float64: return .float64(try reader.readDouble(for: what))
        case .bool:
            let at = reader.offset
            let byte = try reader.read(UInt8.self, for: what)
            guard byte <= 1 else { throw reader.error("\(what) is a bool stored as \(byte) (must be 0 or 1)", at: at) }
            return .bool(byte == 1)
        case .string: return .string(try reader.readString(for: what))
        case .array:
            guard depth < 4 else { throw reader.error("\(what) nests arrays deeper than 4 levels") }
            let elementType = try readValueType(&reader, for: "the element type of '\(key)'")
            let count = try reader.readCount(for: "the length of '\(key)'", limit: (reader.remaining - 8) / elementType.minimumSize)
            var values: [GGUFValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                values.append(try readValue(&reader, type: elementType, key: key, depth: depth + 1))
            }
            return .array(elementType: elementType, values: values)
        }
    }
}
