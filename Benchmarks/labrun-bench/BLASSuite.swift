import COpenBLAS

/// The machine's baseline: single-precision matrix products through OpenBLAS, which every
/// model in the inference engine rests on.
struct BLASSuite: BenchmarkSuite {
    let name = "blas"
    let summary = "OpenBLAS sgemm throughput (GFLOP/s) at model-like sizes"

    func run() throws -> [BenchmarkResult] {
        // (m, n, k): a 32-token batch through a 384-wide layer, and a 768-wide square block.
        let shapes: [(Int, Int, Int)] = [(32, 384, 384), (32, 1536, 384), (768, 768, 768)]
        return shapes.map { m, n, k in
            let a = [Float](repeating: 0.5, count: m * k)
            var b = [Float](repeating: 0.25, count: k * n)
            b[0] = 1
            var c = [Float](repeating: 0, count: m * n)
            let seconds = measureSeconds(runs: 20, warmup: 3) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                            1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
            }
            return .rate(suite: name, name: "sgemm \(m)x\(n)x\(k)", work: 2 * Double(m * n * k) / 1e9,
                         unit: "GFLOP/s", seconds: seconds)
        }
    }
}
