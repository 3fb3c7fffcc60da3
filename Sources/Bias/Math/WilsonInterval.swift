import Foundation

/// The Wilson score interval for a binomial proportion (Wilson 1927): better than the normal
/// approximation for small counts and for proportions near 0 or 1.
public struct WilsonInterval: Sendable, Equatable, Codable {
    /// The lower bound, in [0, 1].
    public let lower: Double
    /// The upper bound, in [0, 1].
    public let upper: Double

    /// The interval for `successes` out of `total` at the two-sided level given by `z`
    /// (1.959963984540054 for 95 %). With `total` 0 the interval is [0, 1].
    public init(successes: Int, total: Int, z: Double = 1.959963984540054) {
        guard total > 0 else {
            lower = 0
            upper = 1
            return
        }
        let n = Double(total)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
