import Foundation

/// How a sentence vector is made from token vectors, as sentence-transformers' `1_Pooling/config.json`
/// and `modules.json` (a `Normalize` module) say.
public struct Pooling: Sendable, Equatable {
    /// The pooling mode.
    public enum Mode: String, Sendable {
        /// Mean over the tokens (padding excluded).
        case mean
        /// The first token's ([CLS]) vector.
        case classToken
        /// Element-wise maximum over the tokens.
        case max
    }

    /// The mode.
    public var mode: Mode
    /// Whether the result is scaled to unit L2 length.
    public var normalize: Bool
    /// Longer texts are cut to this many tokens before pooling (`max_seq_length` of
    /// `sentence_bert_config.json`); nil: the model's own limit.
    public var maximumSequenceLength: Int?

    /// A pooling description.
    public init(mode: Mode = .mean, normalize: Bool = false, maximumSequenceLength: Int? = nil) {
        self.mode = mode
        self.normalize = normalize
        self.maximumSequenceLength = maximumSequenceLength
    }

    /// The pooling sentence-transformers would apply to the model in `directory`: mean without
    /// normalisation when it holds no sentence-transformers files.
    public init(directory: URL) {
        var pooling = Pooling()
        let modulesURL = directory.appendingPathComponent("modules.json")
        var poolingFolder = "1_Pooling"
        if let data = FileManager.default.contents(atPath: modulesURL.path),
           let modules = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] {
            for module in modules {
                let type = module["type"] as? String ?? ""
                if type.hasSuffix("Normalize") { pooling.normalize = true }
                if type.hasSuffix("Pooling"), let path = module["path"] as? String { poolingFolder = path }
            }
        }
        let sentenceConfig = directory.appendingPathComponent("sentence_bert_config.json")
        if let data = FileManager.default.contents(atPath: sentenceConfig.path),
           let config = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           let length = config["max_seq_length"].flatMap(SafeTensors.integer), length > 1 {
            pooling.maximumSequenceLength = length
        }
        let configURL = directory.appendingPathComponent(poolingFolder).appendingPathComponent("config.json")
        if let data = FileManager.default.contents(atPath: configURL.path),
           let config = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            if config["pooling_mode_cls_token"] as? Bool == true { pooling.mode = .classToken }
            if config["pooling_mode_max_tokens"] as? Bool == true { pooling.mode = .max }
            if config["pooling_mode_mean_tokens"] as? Bool == true { pooling.mode = .mean }
        }
        self = pooling
    }

    /// The sentence vector of `states` `[length, width]`.
    public func apply(_ states: Tensor) -> [Float] {
        let length = states.shape[0], width = states.shape[1]
        var vector = [Float](repeating: mode == .max ? -.infinity : 0, count: width)
        states.withUnsafeBufferPointer { s in
            switch mode {
            case .classToken:
                for i in 0..<width { vector[i] = s[i] }
            case .mean:
                for row in 0..<length { for i in 0..<width { vector[i] += s[row * width + i] } }
                for i in 0..<width { vector[i] /= Float(max(length, 1)) }
            case .max:
                for row in 0..<length { for i in 0..<width { vector[i] = Swift.max(vector[i], s[row * width + i]) } }
            }
        }
        if normalize {
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let scale = 1 / Swift.max(norm, 1e-12)
            for i in 0..<width { vector[i] *= scale }
        }
        return vector
    }
}
