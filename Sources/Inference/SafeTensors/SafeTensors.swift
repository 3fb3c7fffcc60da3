import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tensors of a `.safetensors` file, converted to Float32.
///
/// Format: an 8-byte little-endian header length `N`, `N` bytes of JSON mapping each tensor name
/// to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data that
/// follows the header), and an optional `"__metadata__"` object of strings. F32, F16, BF16 and
/// F64 are read as Float32; other valid dtypes (integer buffers) are validated but not read
/// (asking for one is an error naming it); every entry is validated (known dtype, non-negative shape, `end − begin` equal to
/// the element count × element size, range inside the file, no two ranges overlapping) before
/// any value is read.
public struct SafeTensors: Sendable {
    public let tensors: [String: Tensor]
    /// Tensors of a valid dtype that the engine does not read (integers, booleans, 8-bit floats,
    /// such as BERT's `position_ids` buffer), by name → dtype. Asking for one throws.
    public let unreadTensors: [String: String]
    /// The `__metadata__` strings.
    public let metadata: [String: String]
    /// Where the tensors came from (for error messages).
    public let source: String

    /// The header is refused when it claims more than this many bytes (100 MB, as the reference reader).
    public static let maximumHeaderSize = 100_000_000

    /// Reads the file at `url` through a read-only memory map (released before returning).
    /// - Throws: `SafeTensorsError` naming the file (and tensor) when it cannot be opened or is malformed.
    public init(contentsOf url: URL) throws {
        let path = url.path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SafeTensorsError(file: path, problem: "cannot open the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafeTensorsError(file: path, problem: "cannot read the file's size")
        }
        let size = Int(status.st_size)
        if size == 0 {
            try self.init(bytes: UnsafeRawBufferPointer(start: nil, count: 0), source: path)
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw SafeTensorsError(file: path, problem: "cannot memory-map the file")
        }
        defer { munmap(mapped, size) }
        try self.init(bytes: UnsafeRawBufferPointer(start: mapped, count: size), source: path)
    }

    /// Decodes a whole safetensors file held in `bytes`; `source` names it in errors.
    /// - Throws: `SafeTensorsError` for a truncated file, a malformed header or an unsupported dtype.
    public init(bytes: UnsafeRawBufferPointer, source: String) throws {
        self.source = source
        func fail(_ problem: String, tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(file: source, tensor: tensor, problem: problem)
        }
        guard bytes.count >= 8 else {
            throw fail("file is \(bytes.count) bytes, too short for the 8-byte header length; the file is truncated or not safetensors")
        }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(Self.maximumHeaderSize) else {
            throw fail("header length \(headerLength) bytes is larger than \(Self.maximumHeaderSize); the file is corrupt or not safetensors")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw fail("header claims \(headerLength) bytes but the file has only \(bytes.count - 8) after the length; the file is truncated")
        }
        let headerData = Data(bytes[8..<headerEnd])
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw fail("header is not valid JSON; the file is truncated or corrupt")
        }
        guard let header = parsed as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let dataSize = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let strings = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (key, item) in strings {
                    guard let text = item as? String else { throw fail("__metadata__ value '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            guard let info = value as? [String: Any] else { throw fail("entry is not an object", tensor: name) }
            guard let dtypeName = info["dtype"] as? String else { throw fail("has no \"dtype\" string", tensor: name) }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail("dtype \(dtypeName) is not a safetensors dtype; the file is corrupt", tensor: name)
            }
            guard let shapeValues = info["shape"] as? [Any] else { throw fail("has no \"shape\" list", tensor: name) }
            var shape: [Int] = []
            for dimension in shapeValues {
                guard let size = Self.integer(dimension), size >= 0 else {
                    throw fail("shape \(shapeValues) holds something other than a non-negative integer", tensor: name)
                }
                shape.append(size)
            }
            guard let offsets = info["data_offsets"] as? [Any], offsets.count == 2,
                  let begin = Self.integer(offsets[0]), let end = Self.integer(offsets[1]) else {
                throw fail("has no \"data_offsets\" pair of integers", tensor: name)
            }
            guard begin >= 0, begin <= end else { throw fail("data_offsets [\(begin), \(end)] are not in order", tensor: name) }
            guard end <= dataSize else {
                throw fail("data_offsets [\(begin), \(end)] reach past the end of the data (\(dataSize) bytes); the file is truncated", tensor: name)
            }
            var elements = 1
            for size in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: size)
                guard !overflow else { throw fail("shape \(shape) is too large", tensor: name) }
                elements = product
            }
            let (byteCount, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, byteCount == end - begin else {
                throw fail("shape \(shape) of \(dtypeName) needs \(elements * dtype.size) bytes but data_offsets [\(begin), \(end)] span \(end - begin)", tensor: name)
            }
            entries.append((name, dtype, shape, begin, end))
        }
        // No two tensors may share bytes.
        let ordered = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.begin < previous.end {
            throw fail("data_offsets [\(next.begin), \(next.end)] overlap those of '\(previous.name)' [\(previous.begin), \(previous.end)]", tensor: next.name)
        }
        var tensors: [String: Tensor] = [:]
        var unread: [String: String] = [:]
        let data = UnsafeRawBufferPointer(rebasing: bytes[headerEnd...])
        for entry in entries {
            guard entry.dtype.isReadable else {
                unread[entry.name] = entry.dtype.rawValue
                continue
            }
            let raw = UnsafeRawBufferPointer(rebasing: data[entry.begin..<entry.end])
            tensors[entry.name] = Tensor(shape: entry.shape, scalars: entry.dtype.decode(raw))
        }
        self.tensors = tensors
        self.unreadTensors = unread
        self.metadata = metadata
    }

    /// The tensor `name`.
    /// - Throws: `SafeTensorsError` naming the file and tensor when it is absent.
    public func tensor(_ name: String) throws -> Tensor {
        guard let tensor = tensors[name] else {
            if let dtype = unreadTensors[name] {
                throw SafeTensorsError(file: source, tensor: name, problem: "dtype \(dtype) is not supported (F32, F16, BF16 and F64 are read); convert the checkpoint to one of them")
            }
            throw SafeTensorsError(file: source, tensor: name, problem: "is not in the file")
        }
        return tensor
    }

    /// A JSON number that is an integer (not a boolean, not a fraction), as an `Int`.
    static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        if String(cString: number.objCType) == "c" { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 9e15 else { return nil }
        return number.intValue
    }

    /// The element types read from safetensors.
    enum DType: String {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8"
        case bool = "BOOL", f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"

        var size: Int {
            switch self {
            case .f64, .i64, .u64: return 8
            case .f32, .i32, .u32: return 4
            case .f16, .bf16, .i16, .u16: return 2
            case .i8, .u8, .bool, .f8e4m3, .f8e5m2: return 1
            }
        }

        /// Whether values of this type are converted to Float32 on load.
        var isReadable: Bool { self == .f64 || self == .f32 || self == .f16 || self == .bf16 }

        /// Little-endian values converted to Float32.
        func decode(_ raw: UnsafeRawBufferPointer) -> [Float] {
            let count = raw.count / size
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                switch self {
                case .f64:
                    for i in 0..<count {
                        buffer[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))))
                    }
                case .f32:
                    for i in 0..<count {
                        buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                    }
                case .f16:
                    for i in 0..<count {
                        buffer[i] = HalfPrecision.float(fromHalf: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
                    }
                case .bf16:
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                        buffer[i] = Float(bitPattern: UInt32(bits) << 16)
                    }
                default:
                    buffer.initialize(repeating: 0)
                }
                initialized = count
            }
        }
    }
}
