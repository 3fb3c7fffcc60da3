import Foundation
import Inference
import LabKit
import LabScript
import Training

/// One training text, tokenized: its ids and, for a prompt-completion pair, how many leading
/// tokens are the prompt (the loss ignores them).
struct TrainingExample {
    let ids: [Int]
    let promptLength: Int

    /// The examples of a dataset value: a list of strings, of dicts with `text`, or of dicts with
    /// `prompt` and `completion` (causal models only). Texts are tokenized without special tokens
    /// for a causal model and with them (`[CLS] … [SEP]`) for a `masked` one, as transformers'
    /// tokenizers do for each, and cut at `maxLength` tokens (the special ones included).
    /// - Throws: `HostError` (`TypeError`, `ValueError`) naming the bad item, for an empty dataset,
    ///   a causal text with fewer than two tokens or a masked one with none.
    static func list(_ value: Value, name: String, tokenizer: any Tokenizer, maxLength: Int?, masked: Bool) throws -> [TrainingExample] {
        let items: [Value]
        if case .host(let object) = value {
            items = try object.iterate()
        } else if let array = value.asArray {
            items = array
        } else {
            throw HostError.typeError("\(name) must be a list of texts, not \(value.typeName)")
        }
        guard !items.isEmpty else { throw HostError.valueError("\(name) is empty: give at least one text") }
        return try items.enumerated().map { index, item in
            var prompt = ""
            let text: String
            if let string = item.asString {
                text = string
            } else if let entries = item.asDictionary {
                let fields = Dictionary(entries, uniquingKeysWith: { first, _ in first })
                if let whole = fields["text"]?.asString {
                    text = whole
                } else if !masked, let start = fields["prompt"]?.asString, let end = fields["completion"]?.asString {
                    prompt = start
                    text = start + end
                } else {
                    throw HostError.valueError(masked ? "\(name)[\(index)] is a dict without 'text'; a masked language model learns from whole texts"
                                                      : "\(name)[\(index)] is a dict without 'text' (or 'prompt' and 'completion')")
                }
            } else {
                throw HostError.typeError("\(name)[\(index)] must be a str or a dict, not \(item.typeName)")
            }
            var ids = tokenizer.encode(text, addSpecialTokens: false).ids
            if masked {
                guard let first = tokenizer.specialTokens.classification?.id, let last = tokenizer.specialTokens.separator?.id else {
                    throw HostError.valueError("\(name): the masked language model's tokenizer has no [CLS] and [SEP] tokens to frame each text with")
                }
                guard !ids.isEmpty else { throw HostError.valueError("\(name)[\(index)] has no tokens; give a text with words in it") }
                if let maxLength, ids.count > maxLength - 2 { ids = Array(ids.prefix(maxLength - 2)) }
                return TrainingExample(ids: [first] + ids + [last], promptLength: 0)
            }
            if let maxLength, ids.count > maxLength { ids = Array(ids.prefix(maxLength)) }
            guard ids.count >= 2 else {
                throw HostError.valueError("\(name)[\(index)] has \(ids.count) token\(ids.count == 1 ? "" : "s"); a causal model learns from texts of two tokens or more")
            }
            let promptLength = prompt.isEmpty ? 0 : min(ids.count - 1, tokenizer.encode(prompt, addSpecialTokens: false).ids.count)
            return TrainingExample(ids: ids, promptLength: promptLength)
        }
    }
}

/// How examples become a batch, as transformers' `DataCollatorForLanguageModeling` does: for a
/// causal model (`mlm=False`) the labels are the inputs (padding and prompts ignored); for a
/// masked one (`mlm=True`) `masking` chooses the positions to predict, with a mask drawn from
/// `seed` and the batch's index, so a run and an evaluation mask the same way every time.
struct Collation {
    let padID: Int
    /// The masked-LM collator of a masked model; nil for a causal one.
    let masking: MaskedLMCollator?
    let seed: UInt64

    /// The batch of `examples`, the `index`-th of its run. A masked draw that chose no position (a
    /// batch of short texts) is drawn again from the next seed, as a batch with nothing to predict
    /// has no loss.
    /// - Throws: `TrainingError` for examples the collator refuses.
    func batch(_ examples: [TrainingExample], index: Int) throws -> TokenBatch {
        let ids = examples.map(\.ids)
        guard let masking else { return try CausalLMCollator(padTokenID: padID).batch(ids, promptLengths: examples.map(\.promptLength)) }
        func draw(_ attempt: Int) throws -> TokenBatch {
            try masking.batch(ids, seed: seed ^ ((UInt64(index) << 8 | UInt64(attempt)) &+ 1) &* 0x9E37_79B9_7F4A_7C15)
        }
        var batch = try draw(0)
        // -100 is the label nothing is predicted at.
        for attempt in 1..<256 where !batch.labels.joined().contains(where: { $0 != -100 }) { batch = try draw(attempt) }
        return batch
    }
}

/// The order examples are drawn in: a seeded shuffle of every index, drawn again at each epoch.
struct DataOrder {
    private var generator: SeededGenerator
    private var pending: [Int] = []
    private let count: Int

    init(count: Int, seed: UInt64) {
        self.count = count
        generator = SeededGenerator(seed: seed)
    }

    /// Where the order stands: the generator's state and the indices left in this epoch.
    var position: (generator: [UInt64], pending: [Int]) { (generator.words, pending) }

    /// The order of `count` examples standing at `position` (as `position` gave it); nil when the
    /// generator state is not four words or an index is out of range.
    init?(count: Int, position: (generator: [UInt64], pending: [Int])) {
        guard let generator = SeededGenerator(words: position.generator), position.pending.allSatisfy({ (0..<count).contains($0) }) else {
            return nil
        }
        self.count = count
        self.generator = generator
        pending = position.pending
    }

    /// The next `size` indices, going on into the next epoch when this one runs out.
    mutating func next(_ size: Int) -> [Int] {
        var chosen: [Int] = []
        while chosen.count < size {
            if pending.isEmpty {
                guard count > 0 else { break }
                pending = Array(0..<count).shuffled(using: &generator)
            }
            chosen.append(pending.removeFirst())
        }
        return chosen
    }
}

/// The progress line of a training run on standard error: step, loss, learning rate, tokens/s
/// and the time left.
final class TrainingProgress {
    private let total: Int
    private let writer = ProgressLineWriter(interactive: ProgressLineWriter.standardErrorIsInteractive,
                                            write: { ConsoleStream.standardError.write($0) })
    private let started = Date()

    init(total: Int) {
        self.total = total
    }

    func show(step: Int, loss: Double, learningRate: Double, tokensPerSecond: Double) {
        let elapsed = Date().timeIntervalSince(started)
        let left = Double(total - step) * elapsed / Double(max(step, 1))
        let figures = "step \(step)/\(total)  loss \(String(format: "%.4f", loss))  lr \(String(format: "%.2e", learningRate))  "
            + "\(Int(tokensPerSecond)) tok/s  ETA \(DownloadProgressBar.duration(left))"
        writer.draw(ProgressLine.line(label: "train", fraction: Double(step) / Double(max(total, 1)), figures: figures,
                                      width: Terminal.standardError().width, maxCells: 20), force: step == total)
    }

    func finish() {
        writer.clear()
    }
}

/// transformers' `TrainOutput`: `global_step`, `training_loss`, `metrics`.
final class TrainOutput: HostObject {
    let globalStep: Int
    let trainingLoss: Double
    let metrics: [(String, Value)]

    init(globalStep: Int, trainingLoss: Double, metrics: [(String, Value)]) {
        self.globalStep = globalStep
        self.trainingLoss = trainingLoss
        self.metrics = metrics
    }

    var typeName: String { "TrainOutput" }
    var reprText: String { "TrainOutput(global_step=\(globalStep), training_loss=\(trainingLoss))" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "global_step": return Value(globalStep)
        case "training_loss": return Value(trainingLoss)
        case "metrics": return .dict(metrics)
        default: return nil
        }
    }

    func item(_ key: Value) throws -> Value {
        guard let index = key.asInt, (0...2).contains(index) else { throw HostError(kind: "IndexError", message: "tuple index out of range") }
        return [Value(globalStep), Value(trainingLoss), Value.dict(metrics)][index]
    }

    func iterate() throws -> [Value] { [Value(globalStep), Value(trainingLoss), .dict(metrics)] }
    func length() throws -> Int? { 3 }
}

/// `trainer.state`: `log_history` and `global_step`.
final class TrainerState: HostObject {
    let history: [[(String, Value)]]
    let globalStep: Int
    let epoch: Double

    init(history: [[(String, Value)]], globalStep: Int, epoch: Double) {
        self.history = history
        self.globalStep = globalStep
        self.epoch = epoch
    }

    var typeName: String { "TrainerState" }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "log_history": return .list(history.map { .dict($0) })
        case "global_step": return Value(globalStep)
        case "epoch": return Value(epoch)
        default: return nil
        }
    }
}
