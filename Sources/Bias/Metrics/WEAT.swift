import Foundation

/// The WEAT statistics on embedding vectors (Caliskan et al. 2017), as SEAT computes them
/// (W4ngatang/sent-bias `weat.py`):
///
/// - s(w, A, B) = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b);
/// - effect size d = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w), sample std (ddof 1);
/// - test statistic S = Σ_{x∈X} s(x) − Σ_{y∈Y} s(y); the one-sided p-value is the share of
///   partitions (Xᵢ, Yᵢ) of X∪Y with |Xᵢ| = |X| whose statistic is ≥ S (ties count, conservative).
///   Every partition is enumerated when C(|X|+|Y|, |X|) ≤ `permutations`; otherwise the observed
///   partition counts once (the +1 pseudo-count) and `permutations − 1` seeded shuffles are drawn.
public enum WEAT {
    /// Cosine similarity of two vectors of equal length (0 when either is zero).
    public static func cosine(_ u: [Float], _ v: [Float]) -> Double {
        var dot = 0.0, uu = 0.0, vv = 0.0
        for index in 0..<min(u.count, v.count) {
            let a = Double(u[index]), b = Double(v[index])
            dot += a * b
            uu += a * a
            vv += b * b
        }
        let norm = (uu * vv).squareRoot()
        return norm > 0 ? dot / norm : 0
    }

    /// s(w, A, B) for each w in `targets`.
    public static func associations(_ targets: [[Float]], a: [[Float]], b: [[Float]]) -> [Double] {
        targets.map { w in
            a.map { cosine(w, $0) }.reduce(0, +) / Double(a.count) - b.map { cosine(w, $0) }.reduce(0, +) / Double(b.count)
        }
    }

    /// The effect size d from the associations of X and Y (throws when fewer than two values, or
    /// when all associations are equal so that d is undefined).
    public static func effectSize(sX: [Double], sY: [Double]) throws -> Double {
        let all = sX + sY
        guard all.count >= 2, !sX.isEmpty, !sY.isEmpty else {
            throw BiasError(problem: "WEAT needs at least one target in each set and two in all", fix: "add target words")
        }
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count - 1)
        guard variance > 0 else {
            throw BiasError(problem: "every target has the same association, so the effect size is undefined",
                            fix: "use target sets whose embeddings differ")
        }
        let meanX = sX.reduce(0, +) / Double(sX.count)
        let meanY = sY.reduce(0, +) / Double(sY.count)
        return (meanX - meanY) / variance.squareRoot()
    }

    /// The one-sided permutation p-value of the associations (see the type's description).
    /// Returns the p-value, whether it is exact, and the number of partitions counted.
    public static func pValue(sX: [Double], sY: [Double], permutations: Int, seed: UInt64) -> (pValue: Double, exact: Bool, partitions: Int) {
        let all = sX + sY
        let size = sX.count
        func statistic(_ chosen: [Int]) -> Double {
            var inX = [Bool](repeating: false, count: all.count)
            for index in chosen { inX[index] = true }
            var sumX = 0.0, sumY = 0.0
            for index in all.indices {
                if inX[index] { sumX += all[index] } else { sumY += all[index] }
            }
            return sumX - sumY
        }
        let observed = statistic(Array(0..<size))
        if let count = binomial(all.count, size, limit: max(permutations, 1)), count <= permutations {
            var atLeast = 0, total = 0
            var chosen = Array(0..<size)
            while true {
                if statistic(chosen) >= observed { atLeast += 1 }
                total += 1
                // Next combination in lexicographic order.
                var position = size - 1
                while position >= 0 && chosen[position] == all.count - size + position { position -= 1 }
                if position < 0 { break }
                chosen[position] += 1
                for later in (position + 1)..<size { chosen[later] = chosen[later - 1] + 1 }
            }
            return (Double(atLeast) / Double(total), true, total)
        }
        var generator = SplitMix64(seed: seed)
        var order = Array(all.indices)
        var atLeast = 1, total = 1
        for _ in 0..<max(0, permutations - 1) {
            generator.shuffle(&order)
            if statistic(Array(order.prefix(size))) >= observed { atLeast += 1 }
            total += 1
        }
        return (Double(atLeast) / Double(total), false, total)
    }

    /// The full test on embeddings: effect size and p-value.
    public static func test(x: [[Float]], y: [[Float]], a: [[Float]], b: [[Float]], permutations: Int = 100_000, seed: UInt64 = 0) throws -> SEATResult {
        guard !a.isEmpty, !b.isEmpty else {
            throw BiasError(problem: "WEAT needs at least one attribute in each set", fix: "add attribute words")
        }
        let sX = associations(x, a: a, b: b)
        let sY = associations(y, a: a, b: b)
        let d = try effectSize(sX: sX, sY: sY)
        let p = pValue(sX: sX, sY: sY, permutations: permutations, seed: seed)
        return SEATResult(effectSize: d, pValue: p.pValue, n: x.count, secondTargetCount: y.count, exact: p.exact, partitions: p.partitions)
    }

    /// C(n, k), or nil when it exceeds `limit`.
    static func binomial(_ n: Int, _ k: Int, limit: Int) -> Int? {
        let k = min(k, n - k)
        guard k >= 0 else { return 0 }
        var result = 1.0
        for i in 0..<k {
            result = result * Double(n - i) / Double(i + 1)
            if result > Double(limit) + 0.5 { return nil }
        }
        return Int(result.rounded())
    }
}
