import Foundation

/// The stored (uncompressed) entries of a zip file, as `torch.save` writes them, found through the
/// central directory (zip64 included). Only reads: offsets and sizes are checked against the file
/// so that a truncated or forged archive is an error, never a read past the end.
struct ZipArchive {
    /// One entry: where its bytes are.
    struct Entry {
        let name: String
        let range: Range<Int>
    }

    let bytes: Data
    let file: String
    /// The entries by name.
    let entries: [String: Entry]

    /// The archive in `bytes`, reported as `file`.
    /// - Throws: `PyTorchCheckpointError` when the bytes are not a complete zip of stored entries.
    init(bytes: Data, file: String) throws {
        self.bytes = bytes
        self.file = file
        func fail(_ place: String, _ problem: String) -> PyTorchCheckpointError {
            PyTorchCheckpointError(file: file, place: place, problem: problem)
        }
        let count = bytes.count
        // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
        var end = -1
        var position = count - 22
        while position >= max(0, count - 22 - 65_535) {
            if Self.uint32(bytes, position) == 0x0605_4b50 { end = position; break }
            position -= 1
        }
        guard end >= 0 else {
            throw fail("end of file", "no zip directory: the file is truncated (download it again) or is not a zip; only checkpoints saved by torch.save since PyTorch 1.6 are read")
        }
        var entryCount = Int(Self.uint16(bytes, end + 10))
        var directorySize = Int(Self.uint32(bytes, end + 12))
        var directoryOffset = Int(Self.uint32(bytes, end + 16))
        if directoryOffset == 0xFFFF_FFFF || entryCount == 0xFFFF, end >= 20, Self.uint32(bytes, end - 20) == 0x0706_4b50 {
            let record = Int(clamping: Self.uint64(bytes, end - 12))
            guard record >= 0, record <= count - 56, Self.uint32(bytes, record) == 0x0606_4b50 else {
                throw fail("zip64 directory", "the zip64 end record is missing or damaged; the file is truncated")
            }
            entryCount = Int(clamping: Self.uint64(bytes, record + 32))
            directorySize = Int(clamping: Self.uint64(bytes, record + 40))
            directoryOffset = Int(clamping: Self.uint64(bytes, record + 48))
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= count, directorySize <= count - directoryOffset else {
            throw fail("zip directory", "the directory points past the end of the file; the file is truncated")
        }
        var entries: [String: Entry] = [:]
        var cursor = directoryOffset
        for index in 0..<entryCount {
            guard cursor + 46 <= count, Self.uint32(bytes, cursor) == 0x0201_4b50 else {
                throw fail("zip directory entry \(index)", "is damaged or cut off; the file is truncated")
            }
            let method = Self.uint16(bytes, cursor + 10)
            var size = Int(Self.uint32(bytes, cursor + 20))
            let uncompressed = Int(Self.uint32(bytes, cursor + 24))
            let nameLength = Int(Self.uint16(bytes, cursor + 28))
            let extraLength = Int(Self.uint16(bytes, cursor + 30))
            let commentLength = Int(Self.uint16(bytes, cursor + 32))
            var localOffset = Int(Self.uint32(bytes, cursor + 42))
            guard cursor + 46 + nameLength + extraLength <= count else {
                throw fail("zip directory entry \(index)", "is cut off; the file is truncated")
            }
            let name = String(decoding: bytes[(bytes.startIndex + cursor + 46) ..< (bytes.startIndex + cursor + 46 + nameLength)], as: UTF8.self)
            // A zip64 extra field carries the sizes and offset that did not fit in 32 bits, in this order.
            var extra = cursor + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = Self.uint16(bytes, extra), length = Int(Self.uint16(bytes, extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extraEnd { field += 8 }
                    if size == 0xFFFF_FFFF, field + 8 <= extraEnd { size = Int(clamping: Self.uint64(bytes, field)); field += 8 }
                    if localOffset == 0xFFFF_FFFF, field + 8 <= extraEnd { localOffset = Int(clamping: Self.uint64(bytes, field)) }
                }
                extra += 4 + length
            }
            guard method == 0 else {
                throw fail(name, "is compressed (method \(method)); torch.save stores entries uncompressed: re-save the state dict with torch.save, or convert it to safetensors")
            }
            guard localOffset >= 0, localOffset <= count - 30, Self.uint32(bytes, localOffset) == 0x0403_4b50 else {
                throw fail(name, "its local header is missing; the file is truncated or damaged")
            }
            let start = localOffset + 30 + Int(Self.uint16(bytes, localOffset + 26)) + Int(Self.uint16(bytes, localOffset + 28))
            guard size >= 0, start <= count, size <= count - start else {
                throw fail(name, "its \(size) bytes run past the end of the file; the file is truncated (download it again)")
            }
            entries[name] = Entry(name: name, range: start ..< start + size)
            cursor += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The bytes of `entry`.
    func data(_ entry: Entry) -> Data {
        bytes.subdata(in: (bytes.startIndex + entry.range.lowerBound) ..< (bytes.startIndex + entry.range.upperBound))
    }

    static func uint16(_ data: Data, _ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { return 0 }
        let base = data.startIndex + offset
        return UInt16(data[base]) | UInt16(data[base + 1]) << 8
    }

    static func uint32(_ data: Data, _ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { return 0 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[data.startIndex + offset + $1]) << (8 * UInt32($1)) }
    }

    static func uint64(_ data: Data, _ offset: Int) -> UInt64 {
        guard offset >= 0, offset + 8 <= data.count else { return 0 }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[data.startIndex + offset + $1]) << (8 * UInt64($1)) }
    }
}
