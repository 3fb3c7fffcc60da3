/// A bounds-checked little-endian cursor over a GGUF file's bytes; every read that would pass the
/// end throws a `GGUFError` naming the offset instead of reading out of bounds.
struct GGUFByteReader {
    let bytes: UnsafeRawBufferPointer
    let file: String
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    var remaining: Int { bytes.count - offset }

    func error(_ message: String, fix: String = "the file is damaged or not a GGUF model; download it again", at place: Int? = nil) -> GGUFError {
        GGUFError(file: file, offset: place ?? offset, message: message, fix: fix)
    }

    mutating func require(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw error("the file ends inside \(what) (needs \(count) bytes, \(remaining) left)")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, for what: String) throws -> T {
        try require(MemoryLayout<T>.size, for: what)
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: value)
    }

    mutating func readFloat(for what: String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, for: what))
    }

    mutating func readDouble(for what: String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, for: what))
    }

    /// A count stored as u64 that must be at most `limit` (derived from the bytes left, so a
    /// corrupt count can never make the reader allocate or loop without bound).
    mutating func readCount(for what: String, limit: Int) throws -> Int {
        let start = offset
        let raw = try read(UInt64.self, for: what)
        guard raw <= UInt64(max(limit, 0)) else {
            throw error("\(what) is \(raw), more than the file can hold (at most \(max(limit, 0)))", at: start)
        }
        return Int(raw)
    }

    mutating func readString(for what: String) throws -> String {
        let length = try readCount(for: "the length of \(what)", limit: remaining - 8)
        try require(length, for: what)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
        offset += length
        return String(decoding: slice, as: UTF8.self)
    }
}
