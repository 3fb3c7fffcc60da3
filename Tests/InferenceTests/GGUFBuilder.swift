import Foundation
@testable import Inference

/// Writes small GGUF files byte by byte, for tests of the reader and of models on synthetic weights.
struct GGUFBuilder {
    var version: UInt32 = 3
    var metadata: [(String, GGUFValue)] = []
    var tensors: [(name: String, dims: [Int], type: GGMLType, data: [UInt8])] = []
    var alignment = 32

    mutating func add(_ key: String, _ value: GGUFValue) { metadata.append((key, value)) }

    mutating func addTensor(_ name: String, dims: [Int], type: GGMLType, data: [UInt8]) {
        tensors.append((name, dims, type, data))
    }

    /// An F32 tensor with the given values.
    mutating func addF32(_ name: String, dims: [Int], values: [Float]) {
        var bytes: [UInt8] = []
        for v in values { bytes.append(contentsOf: le(v.bitPattern)) }
        addTensor(name, dims: dims, type: .f32, data: bytes)
    }

    func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    func string(_ s: String) -> [UInt8] { le(UInt64(s.utf8.count)) + Array(s.utf8) }

    func encode(_ value: GGUFValue) -> [UInt8] {
        switch value {
        case .uint8(let v): le(v)
        case .int8(let v): le(v)
        case .uint16(let v): le(v)
        case .int16(let v): le(v)
        case .uint32(let v): le(v)
        case .int32(let v): le(v)
        case .uint64(let v): le(v)
        case .int64(let v): le(v)
        case .float32(let v): le(v.bitPattern)
        case .float64(let v): le(v.bitPattern)
        case .bool(let v): [v ? 1 : 0]
        case .string(let v): string(v)
        case .array(let type, let values):
            le(type.rawValue) + le(UInt64(values.count)) + values.flatMap(encode)
        }
    }

    /// The file's bytes; `header` ends where the tensor infos end (before padding).
    func build() -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8) + le(version) + le(UInt64(tensors.count)) + le(UInt64(metadata.count))
        for (key, value) in metadata {
            out += string(key) + le(value.type.rawValue) + encode(value)
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset += (tensor.data.count + alignment - 1) / alignment * alignment
        }
        for (tensor, offset) in zip(tensors, offsets) {
            out += string(tensor.name) + le(UInt32(tensor.dims.count))
            for d in tensor.dims { out += le(UInt64(d)) }
            out += le(tensor.type.rawValue) + le(UInt64(offset))
        }
        while out.count % alignment != 0 { out.append(0) }
        for tensor in tensors {
            out += tensor.data
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    func file(label: String = "test.gguf") throws -> GGUFFile {
        try GGUFFile(storage: MappedFile(copying: build(), label: label))
    }
}

/// The half-precision bits of `value`.
func halfBits(_ value: Float) -> [UInt8] {
    let bits = Float16(value).bitPattern
    return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
}

/// Paths of the bundled models, or nil (tests then skip with a reason).
enum BundledModel {
    static var smolLM2: String? {
        let path = BundledModels.folder
            .appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
