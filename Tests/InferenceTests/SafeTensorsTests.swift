import Foundation
import Testing
@testable import Inference

/// Builds safetensors bytes from (name, dtype, shape, raw little-endian bytes), in order.
func safetensorsBytes(_ entries: [(String, String, [Int], [UInt8])], metadata: [String: String]? = nil,
                      headerPadding: Int = 0) -> [UInt8] {
    var parts: [String] = []
    var offset = 0
    for (name, dtype, shape, bytes) in entries {
        parts.append("\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(offset),\(offset + bytes.count)]}")
        offset += bytes.count
    }
    if let metadata {
        let items = metadata.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        parts.append("\"__metadata__\":{\(items)}")
    }
    let header = Array(("{" + parts.joined(separator: ",") + "}" + String(repeating: " ", count: headerPadding)).utf8)
    var file: [UInt8] = []
    var length = UInt64(header.count)
    for _ in 0..<8 { file.append(UInt8(length & 0xFF)); length >>= 8 }
    file += header
    for entry in entries { file += entry.3 }
    return file
}

/// Little-endian bytes of Float32 values.
func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

/// Little-endian bytes of 16-bit patterns.
func uint16Bytes(_ values: [UInt16]) -> [UInt8] {
    values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
}

func decode(_ bytes: [UInt8]) throws -> SafeTensors {
    try bytes.withUnsafeBytes { try SafeTensors(bytes: $0, source: "small.safetensors") }
}

@Suite struct SafeTensorsTests {
    /// A small valid file: F32 [2, 3], F16 [4] (1, -2, 0.5, 65504), BF16 [2] (1, -3).
    static let small: [UInt8] = safetensorsBytes([
        ("weight", "F32", [2, 3], float32Bytes([1, 2, 3, 4, 5, 6])),
        ("half", "F16", [4], uint16Bytes([0x3C00, 0xC000, 0x3800, 0x7BFF])),
        ("brain", "BF16", [2], uint16Bytes([0x3F80, 0xC040])),
    ], metadata: ["format": "pt"])

    @Test func readsF32F16AndBF16AsFloat32() throws {
        let file = try decode(Self.small)
        #expect(try file.tensor("weight") == Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        #expect(try file.tensor("half").scalars == [1, -2, 0.5, 65504])
        #expect(try file.tensor("brain").scalars == [1, -3])
        #expect(file.metadata == ["format": "pt"])
    }

    @Test func halfPrecisionSubnormalsAndSpecialValuesConvertExactly() {
        #expect(HalfPrecision.float(fromHalf: 0x0001) == Float(5.960464477539063e-08))
        #expect(HalfPrecision.float(fromHalf: 0x8000).sign == .minus)
        #expect(HalfPrecision.float(fromHalf: 0x7C00) == .infinity)
        #expect(HalfPrecision.float(fromHalf: 0x7E00).isNaN)
    }

    @Test func readsThroughAMemoryMapFromDisk() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try Data(Self.small).write(to: url)
        let file = try SafeTensors(contentsOf: url)
        #expect(try file.tensor("weight").shape == [2, 3])
    }

    @Test func everyTruncationPointIsRefusedWithTheFileNamed() throws {
        for length in 0..<Self.small.count {
            let truncated = Array(Self.small.prefix(length))
            #expect(performing: { _ = try decode(truncated) }, throws: { error in
                guard let error = error as? SafeTensorsError else { return false }
                return error.file == "small.safetensors" && !error.problem.isEmpty
            })
        }
    }

    @Test func randomlyCorruptedBytesAreReadOrRefusedNeverACrash() {
        var generator = SeededGenerator(seed: 99)
        var refused = 0
        for _ in 0..<2000 {
            var bytes = Self.small
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let file = try decode(bytes)
                #expect(file.tensors.values.allSatisfy { $0.count == $0.shape.reduce(1, *) })
            } catch {
                #expect(error is SafeTensorsError)
                refused += 1
            }
        }
        #expect(refused > 100)
    }

    @Test func truncatedFileOnDiskIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("cut.safetensors")
        try Data(Self.small.dropLast(3)).write(to: url)
        #expect {
            _ = try SafeTensors(contentsOf: url)
        } throws: { error in "\(error)".contains("cut.safetensors") && "\(error)".contains("truncated") }
    }

    @Test func integerBuffersAreValidatedButReadingThemNamesTheTensor() throws {
        let file = try decode(safetensorsBytes([("ids", "I64", [1], [1, 0, 0, 0, 0, 0, 0, 0])]))
        #expect(file.unreadTensors == ["ids": "I64"])
        #expect {
            _ = try file.tensor("ids")
        } throws: { error in
            (error as? SafeTensorsError)?.tensor == "ids" && "\(error)".contains("I64 is not supported")
        }
    }

    @Test func unknownDtypeNamesTheTensor() throws {
        let bytes = safetensorsBytes([("w", "F12", [1], [0, 0])])
        #expect {
            _ = try decode(bytes)
        } throws: { error in (error as? SafeTensorsError)?.tensor == "w" && "\(error)".contains("F12 is not a safetensors dtype") }
    }

    @Test func shapeThatDisagreesWithTheByteRangeIsRefused() throws {
        let bytes = safetensorsBytes([("w", "F32", [3], float32Bytes([1, 2]))])
        #expect(performing: { _ = try decode(bytes) }, throws: { ($0 as? SafeTensorsError)?.tensor == "w" })
    }

    @Test func overlappingRangesAreRefused() throws {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        var bytes: [UInt8] = []
        var length = UInt64(header.utf8.count)
        for _ in 0..<8 { bytes.append(UInt8(length & 0xFF)); length >>= 8 }
        bytes += Array(header.utf8) + float32Bytes([1, 2])
        #expect {
            _ = try decode(bytes)
        } throws: { error in "\(error)".contains("overlap") }
    }

    @Test func absurdHeaderLengthIsRefused() throws {
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x7B, 0x7D]
        #expect {
            _ = try decode(bytes)
        } throws: { error in "\(error)".contains("header length") }
    }

    @Test func missingTensorIsNamed() throws {
        let file = try decode(Self.small)
        #expect {
            _ = try file.tensor("bias")
        } throws: { error in "\(error)" == "small.safetensors: tensor 'bias': is not in the file" }
    }
}
