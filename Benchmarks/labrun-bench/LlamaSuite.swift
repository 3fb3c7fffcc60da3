import Foundation
import Inference
import LabRun

/// SmolLM2-135M-Instruct (the bundled Q4_1 GGUF) on the fast path: decode and prefill speed and
/// the process's peak memory.
struct LlamaSuite: BenchmarkSuite {
    let name = "llama"
    let summary = "SmolLM2-135M Q4_1: decode tokens/s, 64-token prefill tokens/s, peak RSS (threads of the shared compute pool, LABRUN_THREADS)"

    func run() throws -> [BenchmarkResult] {
        let path = LabRunState().modelsFolder
            .appendingPathComponent("HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf").path
        let pathName = ProcessInfo.processInfo.environment["LABRUN_LLAMA_PATH"] ?? "fast"
        let computePath = LlamaModel.ComputePath(rawValue: pathName) ?? .fast
        let model = try LlamaModel(ggufPath: path, computePath: computePath)
        let label = "\(computePath.rawValue), \(model.threadCount) threads"

        // Prefill: a 64-token prompt into an empty cache.
        let prompt = (0..<64).map { 1000 + ($0 * 37) % 20000 }
        var prefillCPU: [Double] = []
        let prefill = try measureSeconds(runs: 10, warmup: 2) {
            let cpuStart = Self.processCPUSeconds()
            let cache = model.makeCache()
            _ = try model.forward(prompt, cache: cache)
            prefillCPU.append(Self.processCPUSeconds() - cpuStart)
        }
        // Decode: 64 tokens, one at a time, after a 16-token prompt.
        let steps = 64
        var decodeCPU: [Double] = []
        let decode = try measureSeconds(runs: 5, warmup: 1) {
            let cache = model.makeCache()
            var logits = try model.forward(Array(prompt.prefix(16)), cache: cache)
            let cpuStart = Self.processCPUSeconds()
            for _ in 0..<steps {
                let next = logits.indices.max { logits[$0] < logits[$1] } ?? 0
                logits = try model.forward([next], cache: cache)
            }
            decodeCPU.append(Self.processCPUSeconds() - cpuStart)
        }
        // Subtract the 16-token prompt's share using the prefill rate.
        let prefillSeconds = median(prefill) * 16 / 64
        let decodeOnly = decode.map { max($0 - prefillSeconds, 1e-9) }
        // Decode reads every weight once a token; a 64-token prefill multiplies every weight with
        // each token, but the head only with the last.
        let headFLOPs = 2 * model.configuration.vocabularySize * model.configuration.hiddenSize
        let prefillFLOPsPerToken = Double(model.productFLOPsPerToken - headFLOPs) + Double(headFLOPs) / 64
        return [
            .rate(suite: name, name: "decode (\(label))", work: Double(steps), unit: "tokens/s", seconds: decodeOnly)
                .roofline(.memory, workPerUnit: Double(model.weightBytesPerToken)),
            .rate(suite: name, name: "prefill 64 tokens (\(label))", work: 64, unit: "tokens/s", seconds: prefill)
                .roofline(.compute, workPerUnit: prefillFLOPsPerToken),
            // CPU time summed over threads: on a loaded machine, tokens per CPU-second × threads is
            // what an idle machine would give with perfect scaling (an upper bound).
            .rate(suite: name, name: "decode per CPU-second (\(label))", work: Double(steps), unit: "tokens/cpu-s",
                  seconds: decodeCPU.suffix(5)),
            .rate(suite: name, name: "prefill per CPU-second (\(label))", work: 64, unit: "tokens/cpu-s",
                  seconds: prefillCPU.suffix(10)),
            BenchmarkResult(suite: name, name: "peak RSS (VmHWM)", value: Double(Self.peakResidentKiB()) / 1024,
                            unit: "MiB", runs: 1, spread: 0),
        ]
    }

    /// CPU time (user + system, all threads) this process has used, in seconds.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The process's resident-set high-water mark from /proc/self/status, in KiB (0 if unknown).
    static func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
