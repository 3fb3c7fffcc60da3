import Foundation

/// Whole-process wall time of a fresh `labrun step 2` on a bundled model, as a student starts it:
/// a new process each run (model files in the page cache after a warm-up run), median of 5.
/// Two labs: step 2 runs one fill-mask, or one short greedy generation, on SmolLM2.
struct ColdStartSuite: BenchmarkSuite {
    let name = "coldstart"
    let summary = "fresh `labrun step 2` process, fill-mask and generation on the bundled SmolLM2 (ms)"

    /// A two-step lab whose step 2 calls `call` on a SmolLM2 pipeline built in step 1.
    static func lab(task: String, call: String) -> String {
        """
        ---
        id: coldstart
        ---
        ## Step 1: Load

        ```python
        from transformers import pipeline
        model = pipeline("\(task)", model="HuggingFaceTB/SmolLM2-135M-Instruct")
        ```

        ## Step 2: Ask

        ```python
        print(\(call))
        ```
        """
    }

    func run() throws -> [BenchmarkResult] {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("labrun")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchmarkError("no labrun binary next to labrun-bench at \(binary.path); build both with `swift build -c release`")
        }
        let cases = [
            ("fill-mask", "fill-mask", #"[r["token_str"] for r in model("This woman works as a [MASK].")]"#),
            ("generation (8 tokens)", "text-generation", #"model("This woman works as a", max_new_tokens=8)[0]["generated_text"]"#),
        ]
        return try cases.map { label, task, call in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-coldstart-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data(Self.lab(task: task, call: call).utf8).write(to: folder.appendingPathComponent("coldstart.md"))
            let seconds = try measureSeconds(runs: 5, warmup: 1) {
                let process = Process()
                process.executableURL = binary
                process.arguments = ["step", "2", "--lab", "coldstart", "--labs", folder.path, "--no-record", "--plain"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                var environment = ProcessInfo.processInfo.environment
                environment["HF_HUB_OFFLINE"] = "1"
                process.environment = environment
                try process.run()
                process.waitUntilExit()
                guard process.terminationStatus == 0 else {
                    throw BenchmarkError("labrun step 2 exited with \(process.terminationStatus); run it by hand: \(binary.path) step 2 --lab coldstart --labs \(folder.path)")
                }
            }
            return .latency(suite: name, name: "step 2, \(label)", seconds: seconds)
        }
    }
}

/// A benchmark that cannot run, and why.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
