import Foundation

/// A model stored on this machine, in labrun's models folder or in the Hugging Face cache,
/// described from its files alone (nothing is loaded).
public struct LocalModel: Sendable, Equatable {
    /// Where the model's folder is.
    public enum Location: Sendable, Equatable {
        /// `$LABRUN_HOME/models/org/name`.
        case labrunModels
        /// `snapshots/<commit>` of the Hugging Face cache.
        case huggingFaceCache(commit: String)

        /// `labrun` or `hf-cache`, for tables and JSON.
        public var name: String {
            switch self {
            case .labrunModels: "labrun"
            case .huggingFaceCache: "hf-cache"
            }
        }
    }

    /// The weight file formats labrun reads.
    public enum Format: String, Sendable {
        case gguf
        case safetensors
        /// `pytorch_model.bin`, read without running its pickle (older classifiers ship only this).
        case pytorch
    }

    /// The model id, which is the folder's path under `models/` (`org/name`).
    public let id: String
    /// The model's folder.
    public let directory: URL
    /// The total size of every file in the folder, in bytes.
    public let sizeInBytes: Int64
    /// The format of the weights, from the weight file's extension.
    public let format: Format
    /// Where the folder is.
    public let location: Location
    /// `model_type` from config.json, else `general.architecture` from the GGUF header; nil when neither says.
    public let architecture: String?
    /// The ids installed by `scripts/install-models.sh`.
    public static let bundledIDs: Set<String> = [
        "HuggingFaceTB/SmolLM2-135M-Instruct",
        "sentence-transformers/all-MiniLM-L6-v2",
    ]

    /// Whether this is a copy set-up installed (a bundled id in labrun's models folder).
    public var isBundled: Bool { Self.bundledIDs.contains(id) && location == .labrunModels }

    /// Every model in `modelsFolder`, sorted by id. A folder counts as a model when it holds a
    /// `.gguf` or `.safetensors` file directly; staging folders (names starting with `.`) are skipped.
    public static func all(in modelsFolder: URL) -> [LocalModel] {
        let fileManager = FileManager.default
        guard let orgs = try? fileManager.contentsOfDirectory(atPath: modelsFolder.path) else { return [] }
        var found: [LocalModel] = []
        for org in orgs where !org.hasPrefix(".") {
            let orgURL = modelsFolder.appendingPathComponent(org, isDirectory: true)
            guard let names = try? fileManager.contentsOfDirectory(atPath: orgURL.path) else { continue }
            for name in names where !name.hasPrefix(".") {
                if let model = LocalModel(id: "\(org)/\(name)", directory: orgURL.appendingPathComponent(name)) {
                    found.append(model)
                }
            }
        }
        return found.sorted { $0.id < $1.id }
    }

    /// Describes the folder, or returns nil when it holds no weight file. Sizes follow symlinks (a
    /// Hugging Face snapshot's files are links to its blobs).
    public init?(id: String, directory: URL, location: Location = .labrunModels) {
        let fileManager = FileManager.default
        guard let files = try? fileManager.contentsOfDirectory(atPath: directory.path) else { return nil }
        if files.contains(where: { $0.hasSuffix(".gguf") }) {
            format = .gguf
        } else if files.contains(where: { $0.hasSuffix(".safetensors") }) {
            format = .safetensors
        } else if files.contains("pytorch_model.bin") {
            format = .pytorch
        } else {
            return nil
        }
        self.id = id
        self.directory = directory
        self.location = location
        var total: Int64 = 0
        if let walker = fileManager.enumerator(atPath: directory.path) {
            while let relative = walker.nextObject() as? String {
                let path = directory.appendingPathComponent(relative).resolvingSymlinksInPath().path
                guard let attributes = try? fileManager.attributesOfItem(atPath: path),
                      attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                total += (attributes[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        sizeInBytes = total
        architecture = ModelArchitecture.of(directory: directory)
    }
}
