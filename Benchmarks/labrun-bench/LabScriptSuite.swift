import LabScript

/// The LabScript interpreter's speed on the kinds of code labs run: a tight loop of simple
/// operations, a list comprehension, function calls and dict updates.
struct LabScriptSuite: BenchmarkSuite {
    let name = "labscript"
    let summary = "LabScript interpreter throughput (simple ops/s, items/s, calls/s)"

    func run() throws -> [BenchmarkResult] {
        let cases: [(name: String, source: String, work: Double, unit: String)] = [
            ("loop 10^6: x = x + i", "x = 0\nfor i in range(1000000):\n    x = x + i\n", 1_000_000, "ops/s"),
            ("loop 10^6: 3 ops (+, *, compare)", "x = 0\nfor i in range(1000000):\n    if i % 3 == 0:\n        x = x + i * 2\n", 3_000_000, "ops/s"),
            ("comprehension over 10^5", "ys = [v * 2 + 1 for v in range(100000) if v % 7 != 3]\n", 100_000, "items/s"),
            ("function calls 10^5", "def f(a, b=1):\n    return a + b\nt = 0\nfor i in range(100000):\n    t = f(t)\n", 100_000, "calls/s"),
            ("dict counting 10^5", "d = {}\nfor i in range(100000):\n    k = i % 100\n    d[k] = d.get(k, 0) + 1\n", 100_000, "items/s"),
        ]
        return try cases.map { item in
            let program = try Interpreter.parse(item.source, file: "bench.py")
            let seconds = try measureSeconds(runs: 5, warmup: 1) {
                let interpreter = Interpreter(output: { _ in })
                try interpreter.run(program)
            }
            return .rate(suite: name, name: item.name, work: item.work, unit: item.unit, seconds: seconds)
        }
    }
}
