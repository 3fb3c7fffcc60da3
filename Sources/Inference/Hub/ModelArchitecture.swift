import Foundation

/// Reads which architecture a model folder holds without loading it: `model_type` from
/// `config.json` (`bert`, `gpt2`, `llama`), else `general.architecture` from a GGUF header.
public enum ModelArchitecture {
    /// The architecture name, or nil when neither file says.
    public static func of(directory: URL) -> String? {
        let config = directory.appendingPathComponent("config.json")
        if let data = FileManager.default.contents(atPath: config.path),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let type = object["model_type"] as? String, !type.isEmpty { return type }
            if let names = object["architectures"] as? [String], let first = names.first { return first }
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for file in files.sorted() where file.lowercased().hasSuffix(".gguf") {
            if let name = ggufArchitecture(at: directory.appendingPathComponent(file)) { return name }
        }
        return nil
    }

    /// `general.architecture` from the key-value section of a GGUF v2/v3 file, reading at most the
    /// first 1 MiB; nil when the file is not GGUF or the key is not found there.
    public static func ggufArchitecture(at url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20) else { return nil }
        var reader = GGUFHeaderReader(bytes: [UInt8](data))
        return reader.architecture()
    }
}

/// A bounds-checked little-endian reader over the start of a GGUF file (only what the architecture needs;
/// the full reader is the engine's).
struct GGUFHeaderReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func architecture() -> String? {
        guard bytes.count >= 24, bytes[0..<4] == [0x47, 0x47, 0x55, 0x46] else { return nil }
        position = 4
        guard let version = integer(4), version == 2 || version == 3,
              integer(8) != nil, let count = integer(8) else { return nil }
        for _ in 0..<min(count, 4096) {
            guard let key = string(), let type = integer(4) else { return nil }
            if key == "general.architecture" {
                return type == 8 ? string() : nil
            }
            guard skipValue(type: type) else { return nil }
        }
        return nil
    }

    private mutating func integer(_ width: Int) -> UInt64? {
        guard position + width <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += width
        return value
    }

    private mutating func string() -> String? {
        guard let length = integer(8), length <= UInt64(bytes.count - position) else { return nil }
        let text = String(decoding: bytes[position..<position + Int(length)], as: UTF8.self)
        position += Int(length)
        return text
    }

    /// Skips one value of GGUF type `type`; false when it runs past the bytes read.
    private mutating func skipValue(type: UInt64) -> Bool {
        let widths: [UInt64: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
        if let width = widths[type] {
            guard position + width <= bytes.count else { return false }
            position += width
            return true
        }
        if type == 8 { return string() != nil }
        if type == 9 {
            guard let itemType = integer(4), let count = integer(8) else { return false }
            if let width = widths[itemType] {
                guard count <= UInt64(bytes.count - position) / UInt64(width) else { return false }
                position += Int(count) * width
                return true
            }
            guard count <= UInt64(bytes.count) else { return false }
            for _ in 0..<count where !skipValue(type: itemType) { return false }
            return true
        }
        return false
    }
}
