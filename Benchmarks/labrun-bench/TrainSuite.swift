import COpenBLAS
import Foundation
import Inference
import LabRun
import Training
import Bias

/// Training speed on the bundled SmolLM2-135M-Instruct (the Q4_1 GGUF dequantized to float32):
/// tokens/s of one step (forward, backward, clipping, AdamW) at sequence 64 × batch 8 for LoRA r=8
/// on q_proj/v_proj and for full fine-tuning, each configuration's peak RSS, PyTorch on the same
/// configuration in the same run when a Python with torch is found, and one epoch of LoRA
/// fine-tuning on 2,000 CDA sentences with dynamic padding.
struct TrainSuite: BenchmarkSuite {
    let name = "train"
    let summary = "SmolLM2-135M training step tokens/s (LoRA r=8 q,v; full) at 64 × 8, peak RSS, PyTorch alternating, 2,000-sentence CDA LoRA epoch"

    /// Rounds of (labrun steps, PyTorch steps); each round times `stepsPerRound` steps of each.
    let rounds = Int(ProcessInfo.processInfo.environment["LABRUN_TRAIN_ROUNDS"] ?? "") ?? 3
    let stepsPerRound = 2
    static let batchSize = 8, sequenceLength = 64

    /// One configuration of the step benchmark.
    struct Configuration {
        let label: String
        /// The peer script's `--config`.
        let peerName: String
        let lora: LoRAConfiguration?
    }

    func run() throws -> [BenchmarkResult] {
        let path = LabRunState().modelsFolder
            .appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf").path
        guard FileManager.default.fileExists(atPath: path) else {
            note("train: skipped, SmolLM2-135M-Instruct is not installed (make setup)")
            return []
        }
        let file = try GGUFFile(path: path)
        // Products go to OpenBLAS; its thread count is the one PyTorch gets.
        let threads = Int(openblas_get_num_threads())
        note("train: SmolLM2-135M-Instruct (Q4_1 GGUF dequantized to float32), sequence \(Self.sequenceLength) × batch \(Self.batchSize); "
             + "OpenBLAS threads \(threads), compute pool \(ComputePool.shared.threadCount) (LABRUN_THREADS); "
             + "1 warm-up step, then \(rounds) rounds of \(stepsPerRound) timed steps")
        let peer = TorchPeer.locate()
        if peer == nil {
            note("train: PyTorch peer skipped: no Python with torch (set LABRUN_TORCH_PYTHON or run Benchmarks/setup-torch.sh)")
        }
        let configurations = [
            Configuration(label: "LoRA r=8 q,v", peerName: "lora",
                          lora: LoRAConfiguration(rank: 8, alpha: 16, targetModules: ["q_proj", "v_proj"])),
            Configuration(label: "full FT", peerName: "full", lora: nil),
        ]
        var results: [BenchmarkResult] = []
        for configuration in configurations {
            results += try measureStep(configuration, file: file, threads: threads, peer: peer)
        }
        results += try measureEpoch(file: file, threads: threads)
        return results
    }

    /// The step figures of one configuration, labrun and PyTorch alternating round by round.
    private func measureStep(_ configuration: Configuration, file: GGUFFile, threads: Int, peer: TorchPeer?) throws -> [BenchmarkResult] {
        let tokens = Double(Self.batchSize * Self.sequenceLength)
        Self.resetPeakResident()
        var model = try TrainableLlama(gguf: file)
        if let lora = configuration.lora { try model.attachLoRA(lora, seed: 3) }
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: 1_000_000, learningRate: 1e-4))
        let batch = try Self.randomBatch()
        let session = try peer.map { try TorchSession(peer: $0, configuration: configuration.peerName, threads: threads) }
        defer { session?.close() }
        _ = try loop.step(batch)
        _ = try session?.steps(1)  // warm-up
        // CPU seconds (all threads) of each round's steps: on a loaded machine tokens per CPU-second
        // compare better than wall-clock rates, which depend on what else ran.
        var ours: [Double] = [], theirs: [Double] = [], ourCPU: [Double] = [], theirCPU: [Double] = []
        for _ in 0..<rounds {
            let cpuStart = LlamaSuite.processCPUSeconds()
            ours += try measureSeconds(runs: stepsPerRound, warmup: 0) { _ = try loop.step(batch) }
            ourCPU.append((LlamaSuite.processCPUSeconds() - cpuStart) / Double(stepsPerRound))
            if let session {
                let (seconds, cpuSeconds) = try session.steps(stepsPerRound)
                theirs += seconds
                theirCPU.append(cpuSeconds / Double(stepsPerRound))
            }
        }
        let ourPeak = Double(Self.peakResidentKiB()) / 1024
        let label = configuration.label
        var results: [BenchmarkResult] = [
            .rate(suite: name, name: "\(label) (labrun, \(threads) thr)", work: tokens, unit: "tokens/s", seconds: ours),
            .rate(suite: name, name: "\(label) per CPU-second (labrun)", work: tokens, unit: "tokens/cpu-s", seconds: ourCPU),
            BenchmarkResult(suite: name, name: "\(label) peak RSS (labrun)", value: ourPeak, unit: "MiB", runs: 1, spread: 0),
        ]
        note("train: \(label): labrun " + String(format: "%.0f–%.0f tokens/s", tokens / ours.max()!, tokens / ours.min()!))
        if let session, !theirs.isEmpty {
            let peerRate = BenchmarkResult.rate(suite: name, name: "\(label) (torch \(session.version), \(session.threads) thr)",
                                                work: tokens, unit: "tokens/s", seconds: theirs)
            let ourRate = results[0].value
            results += [
                peerRate,
                .rate(suite: name, name: "\(label) per CPU-second (torch)", work: tokens, unit: "tokens/cpu-s", seconds: theirCPU),
                BenchmarkResult(suite: name, name: "\(label) peak RSS (torch)", value: session.peakResidentMiB, unit: "MiB", runs: 1, spread: 0),
                BenchmarkResult(suite: name, name: "\(label) labrun / torch tokens/s", value: ourRate / peerRate.value, unit: "×",
                                runs: rounds, spread: 0),
            ]
            note("train: \(label): PyTorch " + String(format: "%.0f–%.0f tokens/s; labrun / PyTorch %.2f× (goal 1.5×)",
                                                      tokens / theirs.max()!, tokens / theirs.min()!, ourRate / peerRate.value))
        }
        return results
    }

    /// One epoch of LoRA r=8 (q_proj, v_proj) over the CDA sentences, batches of 8 padded to their
    /// longest sentence (the Trainer's collator), one optimizer step a batch.
    private func measureEpoch(file: GGUFFile, threads: Int) throws -> [BenchmarkResult] {
        let tokenizer = try GGUFTokenizer.load(from: file)
        let sentences = CDASentences.make(count: 2000)
        var sequences = sentences.map { tokenizer.encode($0, addSpecialTokens: false).ids }
        // The Trainer's shuffle, repeatable.
        var generator = SplitMix64(seed: 7)
        for i in stride(from: sequences.count - 1, to: 0, by: -1) {
            sequences.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        let lengths = sequences.map(\.count)
        let collator = CausalLMCollator(padTokenID: 0)
        let batches = try stride(from: 0, to: sequences.count, by: Self.batchSize).map {
            try collator.batch(Array(sequences[$0 ..< min($0 + Self.batchSize, sequences.count)]))
        }
        var model = try TrainableLlama(gguf: file)
        try model.attachLoRA(LoRAConfiguration(rank: 8, alpha: 16, targetModules: ["q_proj", "v_proj"]), seed: 3)
        var loop = try TrainingLoop(model: model, settings: TrainingSettings(maxSteps: batches.count, learningRate: 1e-4,
                                                                             scheduleName: "linear"))
        let start = DispatchTime.now().uptimeNanoseconds
        var lastLoss = 0.0
        for batch in batches { lastLoss = try loop.step(batch).loss }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let tokens = lengths.reduce(0, +)
        note(String(format: "train: CDA epoch: %d sentences (%d–%d tokens, %d in all), %d steps of %d in %.1f s (goal < 300 s), last loss %.3f",
                    sentences.count, lengths.min()!, lengths.max()!, tokens, batches.count, Self.batchSize, seconds, lastLoss))
        return [
            BenchmarkResult(suite: name, name: "CDA LoRA epoch, 2,000 texts (\(threads) thr)", value: seconds, unit: "s", runs: 1, spread: 0),
            BenchmarkResult(suite: name, name: "CDA LoRA epoch, real tokens", value: Double(tokens) / seconds, unit: "tokens/s",
                            runs: 1, spread: 0),
        ]
    }

    /// 8 rows of 64 token ids drawn from a fixed seed, labels = ids (every position counted).
    static func randomBatch() throws -> TokenBatch {
        var generator = SplitMix64(seed: 2)
        let rows = (0..<batchSize).map { _ in (0..<sequenceLength).map { _ in Int(generator.next() % 49152) } }
        return try TokenBatch(inputIDs: rows, labels: rows)
    }

    /// Resets the process's resident-set high-water mark (Linux: `5` into `/proc/self/clear_refs`),
    /// so that each configuration's peak is its own.
    static func resetPeakResident() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    static func peakResidentKiB() -> Int { LlamaSuite.peakResidentKiB() }
}

/// Writes one line to standard error (standard output carries the table or the JSON).
private func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A Python interpreter that can import torch, transformers and peft, and the peer script.
struct TorchPeer {
    let python: String
    let script: String

    /// `LABRUN_TORCH_PYTHON`, else `.build/torch-venv/bin/python` of this checkout, when it imports
    /// torch, transformers and peft.
    static func locate() -> TorchPeer? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Benchmarks/train_step_pytorch.py").path
        let python = ProcessInfo.processInfo.environment["LABRUN_TORCH_PYTHON"]
            ?? root.appendingPathComponent(".build/torch-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) else { return nil }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import torch, transformers, peft"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return nil }
        check.waitUntilExit()
        return check.terminationStatus == 0 ? TorchPeer(python: python, script: script) : nil
    }
}

/// The peer script in `--serve` mode for one configuration: the model is built once, and each
/// `steps(k)` runs k steps while labrun waits, so the two never compete for the cores.
final class TorchSession {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffered = Data()
    /// torch's version and the threads it runs with, from the script's first line.
    private(set) var version = "?", threads = 0
    private(set) var peakResidentMiB = 0.0

    init(peer: TorchPeer, configuration: String, threads: Int) throws {
        process.executableURL = URL(fileURLWithPath: peer.python)
        process.arguments = [peer.script, "--serve", "--config", configuration, "--threads", String(threads)]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = try readObject()
        version = ready["torch"] as? String ?? version
        self.threads = ready["threads"] as? Int ?? threads
    }

    /// Runs `count` steps in the peer and returns each one's seconds and the CPU seconds of all.
    func steps(_ count: Int) throws -> (seconds: [Double], cpuSeconds: Double) {
        input.fileHandleForWriting.write(Data("steps \(count)\n".utf8))
        let reply = try readObject()
        peakResidentMiB = reply["peak_rss_mib"] as? Double ?? peakResidentMiB
        return (reply["seconds"] as? [Double] ?? [], reply["cpu_seconds"] as? Double ?? 0)
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The next line the peer prints, as a JSON object.
    private func readObject() throws -> [String: Any] {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffered[buffered.startIndex ..< newline]
                buffered = Data(buffered[(newline + 1)...])
                if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] { return object }
                continue
            }
            let more = output.fileHandleForReading.availableData
            guard !more.isEmpty else {
                throw TrainingError(source: "PyTorch peer", problem: "the script stopped before answering",
                                    fix: "run Benchmarks/train_step_pytorch.py --serve by hand to see its error")
            }
            buffered += more
        }
    }
}

/// Short counterfactual sentences for the CDA epoch: template sentences about a person and a job,
/// each with its gender swap right after it.
enum CDASentences {
    static let pairs = [("He", "She"), ("My brother", "My sister"), ("The man", "The woman"), ("His father", "Her mother"),
                        ("My uncle", "My aunt"), ("The young boy", "The young girl"), ("Her husband", "His wife"), ("The gentleman", "The lady")]
    static let jobs = ["nurse", "engineer", "teacher", "doctor", "secretary", "pilot", "librarian", "carpenter", "dancer",
                       "programmer", "receptionist", "mechanic", "chef", "lawyer", "hairdresser", "firefighter", "cashier",
                       "scientist", "housekeeper", "plumber", "baker", "surgeon", "nanny", "farmer", "accountant"]
    static let templates = ["{s} works as a {j} in the city.", "{s} has been a {j} for many years.",
                            "{s} always wanted to become a {j} one day.", "Everyone agreed that {s} was the best {j} in town.",
                            "{s} is a {j} and loves the job.", "Last year {s} started a new job as a {j}.",
                            "{s} trained hard to work as a {j} at the hospital.", "People say {s} is a very careful {j}."]

    /// `count` sentences (an even number): `count / 2` originals, each followed by its swap.
    static func make(count: Int) -> [String] {
        var sentences: [String] = []
        var index = 0
        while sentences.count < count {
            let template = templates[index % templates.count]
            let job = jobs[(index / templates.count) % jobs.count]
            let pair = pairs[(index / (templates.count * jobs.count) + index) % pairs.count]
            for subject in [pair.0, pair.1] {
                // A subject inside a sentence is not capitalised ("Everyone agreed that my brother …").
                let written = template.hasPrefix("{s}") ? subject : subject.prefix(1).lowercased() + subject.dropFirst()
                let article = "aeiou".contains(job.first!) ? "an" : "a"
                let text = template.replacingOccurrences(of: "{s}", with: written)
                    .replacingOccurrences(of: "a {j}", with: "\(article) \(job)")
                    .replacingOccurrences(of: "{j}", with: job)
                sentences.append(text)
            }
            index += 1
        }
        return Array(sentences.prefix(count))
    }
}
