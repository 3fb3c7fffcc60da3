import Foundation

/// The SHA-256 of a model's weight file, for provenance: which exact weights produced a result.
///
/// Hashing 100 MB takes a noticeable fraction of a second, so digests are remembered in a
/// cache file (labrun keeps it in `$LABRUN_HOME/cache/weights-sha256.json`), keyed by path, size and modification time; a file in
/// the Hugging Face cache is named by its SHA-256 already (LFS blobs), which is used as is.
public struct WeightsFingerprint: Sendable {
    /// Where remembered digests are kept.
    public let cacheFile: URL

    /// Fingerprints remembered in `cacheFile` (a JSON object; created on first write).
    public init(cacheFile: URL) {
        self.cacheFile = cacheFile
    }

    /// The weight file of a model folder: its GGUF file, else `model.safetensors`, else the first
    /// `.safetensors` file (a sharded checkpoint is fingerprinted by its index file), else `pytorch_model.bin`.
    public static func weightsFile(in directory: URL, gguf: URL?) -> URL? {
        if let gguf { return gguf }
        let manager = FileManager.default
        for name in ["model.safetensors", "model.safetensors.index.json"] {
            let url = directory.appendingPathComponent(name)
            if manager.fileExists(atPath: url.path) { return url }
        }
        let files = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
        if let file = files.sorted().first(where: { $0.hasSuffix(".safetensors") || $0.hasSuffix(".gguf") }) {
            return directory.appendingPathComponent(file)
        }
        let bin = directory.appendingPathComponent("pytorch_model.bin")
        return manager.fileExists(atPath: bin.path) ? bin : nil
    }

    /// The hex SHA-256 of `file`, or nil when it cannot be read.
    public func digest(of file: URL) -> String? {
        let resolved = file.resolvingSymlinksInPath()
        if resolved.path.contains("/blobs/"), resolved.lastPathComponent.count == 64,
           resolved.lastPathComponent.allSatisfy(\.isHexDigit) {
            return resolved.lastPathComponent
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved.path),
              let size = attributes[.size] as? Int64 ?? (attributes[.size] as? Int).map(Int64.init),
              let modified = attributes[.modificationDate] as? Date else { return nil }
        let key = "\(resolved.path)|\(size)|\(Int64(modified.timeIntervalSince1970 * 1000))"
        var remembered = (try? JSONDecoder().decode([String: String].self, from: Data(contentsOf: cacheFile))) ?? [:]
        if let known = remembered[key] { return known }
        guard let computed = try? FileDigest.hex(of: resolved) else { return nil }
        remembered = remembered.filter { !$0.key.hasPrefix(resolved.path + "|") }
        remembered[key] = computed
        try? FileManager.default.createDirectory(at: cacheFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(remembered) {
            try? data.write(to: cacheFile, options: .atomic)
        }
        return computed
    }
}
