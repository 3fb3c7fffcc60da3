import Foundation

/// Writes float32 tensors as a `.safetensors` file that transformers, PEFT and `SafeTensors` read:
/// an 8-byte little-endian header length, the JSON header (names in layout order, padded with
/// spaces to a multiple of 8 bytes), then the values, little-endian.
enum SafeTensorsWriter {
    /// Writes every tensor of `parameters` to `url`, atomically (a temporary file renamed over
    /// the target, so a crash leaves the old file or the new one, never half of one).
    /// - Throws: `TrainingError` naming the file when it cannot be written.
    static func write(_ parameters: ParameterSet, to url: URL, metadata: [String: String] = ["format": "pt"]) throws {
        var header: [String: Any] = ["__metadata__": metadata]
        var offset = 0
        for slot in parameters.layout.slots {
            header[slot.name] = ["dtype": "F32", "shape": slot.shape, "data_offsets": [offset, offset + 4 * slot.count]] as [String: Any]
            offset += 4 * slot.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for slot in parameters.layout.slots {
            parameters.values[slot.offset ..< slot.offset + slot.count].withUnsafeBufferPointer { values in
                for value in values {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
                }
            }
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw TrainingError(source: url.path, problem: "cannot be written (\(error.localizedDescription))",
                                fix: "check that the folder exists and is writable, and that the disk has \(data.count) bytes free")
        }
    }
}
