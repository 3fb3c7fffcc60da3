import Foundation

/// A checkpoint's tensors under canonical names, with shape checks that name the tensor.
///
/// `canonicalName` rewrites each stored name (e.g. drops a `bert.` prefix, turns
/// `LayerNorm.gamma/beta` into `LayerNorm.weight/bias`) so that a model reads one spelling.
public struct WeightSet: Sendable {
    /// The tensors by canonical name.
    public let tensors: [String: Tensor]
    /// The file they came from (for errors).
    public let file: String

    /// Tensors given directly (already under canonical names), reported as `file`.
    public init(tensors: [String: Tensor], file: String) {
        self.tensors = tensors
        self.file = file
    }

    /// The tensors of `file`, renamed by `canonicalName`.
    public init(_ file: SafeTensors, canonicalName: (String) -> String = { $0 }) {
        var renamed: [String: Tensor] = [:]
        for (name, tensor) in file.tensors { renamed[canonicalName(name)] = tensor }
        tensors = renamed
        self.file = file.source
    }

    /// The tensors of the single `.safetensors` file in `directory` (`model.safetensors` preferred).
    /// - Throws: `ModelError` when there is none, or `SafeTensorsError` when it is malformed.
    public init(directory: URL, canonicalName: (String) -> String = { $0 }) throws {
        let preferred = directory.appendingPathComponent("model.safetensors")
        var url = preferred
        if !FileManager.default.fileExists(atPath: preferred.path) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            let candidates = files.filter { $0.hasSuffix(".safetensors") }.sorted()
            guard candidates.count == 1 else {
                throw ModelError(file: directory.path, problem: candidates.isEmpty
                    ? "no .safetensors weight file; expected model.safetensors"
                    : "several .safetensors files (\(candidates.joined(separator: ", "))); sharded checkpoints are not supported")
            }
            url = directory.appendingPathComponent(candidates[0])
        }
        self.init(try SafeTensors(contentsOf: url), canonicalName: canonicalName)
    }

    /// Whether `name` is present.
    public func contains(_ name: String) -> Bool { tensors[name] != nil }

    /// The tensor `name`, which must have `shape`.
    /// - Throws: `ModelError` naming the tensor when it is absent or shaped otherwise.
    public func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        guard let tensor = tensors[name] else {
            throw ModelError(file: file, problem: "tensor '\(name)' is missing; the checkpoint does not match its config.json")
        }
        guard tensor.shape == shape || (tensor.count == shape.reduce(1, *) && tensor.shape.filter { $0 != 1 } == shape.filter { $0 != 1 }) else {
            throw ModelError(file: file, problem: "tensor '\(name)' has shape \(tensor.shape), expected \(shape) from config.json")
        }
        return tensor.reshaped(shape)
    }

    /// `<prefix>.weight` `[outputs, inputs]` and `<prefix>.bias` `[outputs]` as an `nn.Linear` layer.
    public func linear(_ prefix: String, inputs: Int, outputs: Int) throws -> Linear {
        Linear(weight: try tensor(prefix + ".weight", shape: [outputs, inputs]),
               bias: try tensor(prefix + ".bias", shape: [outputs]))
    }

    /// `<prefix>.weight` `[inputs, outputs]` and `<prefix>.bias` as a GPT-2 `Conv1D` layer.
    public func conv1D(_ prefix: String, inputs: Int, outputs: Int) throws -> Linear {
        Linear(weight: try tensor(prefix + ".weight", shape: [inputs, outputs]),
               bias: try tensor(prefix + ".bias", shape: [outputs]), layout: .inputsByOutputs)
    }

    /// `<prefix>.weight` and `<prefix>.bias` `[width]` as a layer norm.
    public func layerNorm(_ prefix: String, width: Int, epsilon: Float) throws -> LayerNorm {
        LayerNorm(weight: try tensor(prefix + ".weight", shape: [width]), bias: try tensor(prefix + ".bias", shape: [width]),
                  epsilon: epsilon)
    }
}
