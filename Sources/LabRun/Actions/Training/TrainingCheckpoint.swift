import Foundation
import LabScript
import Training

/// A checkpoint of a training run, in `labrun-work/models/<output_dir>/checkpoint-<step>/` as
/// transformers names them: the trainable weights (a PEFT adapter, or config.json and
/// model.safetensors), `optimizer.safetensors` (AdamW's moments and step count, which also fix
/// the schedule's position and the dropout seeds), and `trainer_state.json` (global_step,
/// log_history, the hyperparameters, and under `labrun` the data order's position and every
/// step's loss).
///
/// Written atomically: into `.checkpoint-<step>.partial` beside it, every file flushed to disk,
/// then renamed; a folder named `checkpoint-<step>` is therefore always complete, and a kill
/// leaves at worst a `.partial` folder that resuming ignores.
struct TrainingCheckpoint {
    /// The state saved besides the weights and the optimizer.
    struct State {
        var globalStep: Int
        var maxSteps: Int
        var losses: [Double]
        var sinceLog: [Double]
        var logHistory: [[(String, Value)]]
        var epoch: Double
        var tokens: Int
        var seconds: Double
        var order: (generator: [UInt64], pending: [Int])
        var hyperparameters: [String: Any]
    }

    /// The checkpoint folder.
    let folder: URL

    static let stateFileName = "trainer_state.json"
    static let prefix = "checkpoint-"

    /// The folder of the checkpoint at `step` under `output`.
    static func folder(step: Int, in output: URL) -> URL {
        output.appendingPathComponent("\(prefix)\(step)", isDirectory: true)
    }

    /// The step numbers of the complete checkpoints under `output`, ascending.
    static func steps(in output: URL) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix(prefix), let step = Int(name.dropFirst(prefix.count)), step > 0,
                  FileManager.default.fileExists(atPath: folder(step: step, in: output).appendingPathComponent(stateFileName).path)
            else { return nil }
            return step
        }.sorted()
    }

    /// Writes a checkpoint of `loop` (its weights through `model`) with `state` under `output`,
    /// then deletes the oldest complete checkpoints beyond `keep` (nil keeps all).
    /// - Throws: `HostError` (`OSError`) naming the folder when it cannot be written.
    @discardableResult
    static func write(loop: TrainingLoop, model: TrainableModelObject, state: State, output: URL, keep: Int?) throws -> URL {
        let final = folder(step: state.globalStep, in: output)
        let partial = output.appendingPathComponent(".\(prefix)\(state.globalStep).partial", isDirectory: true)
        let files = FileManager.default
        do {
            try? files.removeItem(at: partial)
            try files.createDirectory(at: partial, withIntermediateDirectories: true)
            model.model = loop.model
            try model.save(to: partial)
            try loop.saveOptimizerState(to: partial)
            try stateJSON(state, model: model).write(to: partial.appendingPathComponent(stateFileName))
            for name in try files.contentsOfDirectory(atPath: partial.path) {
                try flush(partial.appendingPathComponent(name))
            }
            try flush(partial)
            if files.fileExists(atPath: final.path) { try files.removeItem(at: final) }
            try files.moveItem(at: partial, to: final)
            try flush(output)
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError(kind: "OSError", message: "the checkpoint \(final.path) could not be written (\(error)); check the disk space and that labrun-work/models is writable")
        }
        if let keep {
            for step in steps(in: output).dropLast(max(keep, 1)) where step != state.globalStep {
                try? files.removeItem(at: folder(step: step, in: output))
            }
        }
        return final
    }

    /// Flushes the file or folder at `url` to disk (fsync).
    private static func flush(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }

    private static func stateJSON(_ state: State, model: TrainableModelObject) throws -> Data {
        let history: [[String: Any]] = state.logHistory.map { entry in
            Dictionary(entry.map { key, value in (key, json(value)) }, uniquingKeysWith: { first, _ in first })
        }
        let object: [String: Any] = [
            "global_step": state.globalStep, "max_steps": state.maxSteps, "epoch": state.epoch, "log_history": history,
            "hyperparameters": state.hyperparameters, "base_model": model.baseID,
            "labrun": [
                "losses": state.losses, "since_log": state.sinceLog, "tokens": state.tokens, "seconds": state.seconds,
                "data_order": ["generator": state.order.generator.map { String($0, radix: 16) }, "pending": state.order.pending],
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }

    private static func json(_ value: Value) -> Any {
        switch value {
        case .int(let number): return number
        case .float(let number): return number
        case .string(let text): return text
        case .bool(let flag): return flag
        default: return value.repr
        }
    }

    /// The order log entries are shown in (transformers' order); other keys follow by name.
    private static let logKeys = ["loss", "grad_norm", "learning_rate", "epoch", "step"]

    /// Reads the checkpoint's state.
    /// - Throws: `HostError` (`ValueError`) naming the folder and the fix when trainer_state.json
    ///   is missing or lacks a field.
    func state() throws -> State {
        let url = folder.appendingPathComponent(Self.stateFileName)
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let step = (object["global_step"] as? NSNumber)?.intValue,
              let labrun = object["labrun"] as? [String: Any],
              let order = labrun["data_order"] as? [String: Any],
              let words = (order["generator"] as? [String])?.compactMap({ UInt64($0, radix: 16) }),
              let pending = (order["pending"] as? [NSNumber])?.map(\.intValue),
              let losses = (labrun["losses"] as? [NSNumber])?.map(\.doubleValue),
              let history = object["log_history"] as? [[String: Any]]
        else {
            throw corrupt("\(Self.stateFileName) is missing or incomplete")
        }
        let entries: [[(String, Value)]] = history.map { entry in
            entry.keys.sorted { (Self.logKeys.firstIndex(of: $0) ?? 99, $0) < (Self.logKeys.firstIndex(of: $1) ?? 99, $1) }.map { key -> (String, Value) in
                let number = entry[key] as? NSNumber
                if key == "step" { return (key, Value(number?.intValue ?? 0)) }
                if let number { return (key, Value(number.doubleValue)) }
                return (key, Value(String(describing: entry[key] ?? "")))
            }
        }
        return State(globalStep: step, maxSteps: (object["max_steps"] as? NSNumber)?.intValue ?? step, losses: losses,
                     sinceLog: (labrun["since_log"] as? [NSNumber])?.map(\.doubleValue) ?? [], logHistory: entries,
                     epoch: (object["epoch"] as? NSNumber)?.doubleValue ?? 0, tokens: (labrun["tokens"] as? NSNumber)?.intValue ?? 0,
                     seconds: (labrun["seconds"] as? NSNumber)?.doubleValue ?? 0, order: (words, pending),
                     hyperparameters: object["hyperparameters"] as? [String: Any] ?? [:])
    }

    /// The file the trainable weights are in.
    var weightsFile: URL {
        let adapter = folder.appendingPathComponent("adapter_model.safetensors")
        return FileManager.default.fileExists(atPath: adapter.path) ? adapter : folder.appendingPathComponent("model.safetensors")
    }

    /// The error for a checkpoint that cannot be resumed from.
    func corrupt(_ problem: String) -> HostError {
        HostError.valueError("cannot resume from \(folder.path): \(problem); delete that folder and resume from an earlier checkpoint (or train from the start without resume_from_checkpoint)")
    }

    /// The checkpoint `request` names (`resume_from_checkpoint=`): True for the latest complete one
    /// under `output`, `"checkpoint-N"` inside `output`, or `"<output_dir>/checkpoint-N"` inside
    /// `labrun-work/models`; nil for False or None.
    /// - Throws: `HostError` (`ValueError`) naming the folder and the fix for a missing checkpoint,
    ///   a path outside the workspace or a value of another type.
    static func requested(_ request: Value?, output: URL, outputName: String, workspace: URL) throws -> TrainingCheckpoint? {
        guard let request, !request.isNone else { return nil }
        if case .bool(let flag) = request {
            guard flag else { return nil }
            guard let latest = steps(in: output).last else {
                throw HostError.valueError("resume_from_checkpoint=True: there is no complete checkpoint in \(output.path); train with TrainingArguments(save_strategy=\"steps\", save_steps=N) first (Ctrl-C also saves one), or leave resume_from_checkpoint out")
            }
            return TrainingCheckpoint(folder: folder(step: latest, in: output))
        }
        guard let name = request.asString else {
            throw HostError.typeError("resume_from_checkpoint must be True, \"checkpoint-N\" or \"<output_dir>/checkpoint-N\", not \(request.typeName)")
        }
        let location = try name.contains("/") ? TrainingOutput.folder(name, workspace: workspace)
                                              : output.appendingPathComponent(TrainingOutput.validate(name), isDirectory: true)
        guard FileManager.default.fileExists(atPath: location.appendingPathComponent(stateFileName).path) else {
            let present = steps(in: output).map { "\(prefix)\($0)" }
            let fix = present.isEmpty ? "train with save_strategy=\"steps\", save_steps=N to make checkpoints"
                                      : "the checkpoints of \(outputName) are \(present.joined(separator: ", ")); resume_from_checkpoint=True takes the latest"
            throw HostError.valueError("resume_from_checkpoint=\"\(name)\": \(location.path) is not a complete checkpoint; \(fix)")
        }
        return TrainingCheckpoint(folder: location)
    }
}
