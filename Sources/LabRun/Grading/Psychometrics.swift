/// The formulas of classical test theory that `labrun grade` reports, as small pure functions
/// over score columns. docs/grading.md writes each one out with a worked example.
///
/// Conventions (the same in `scripts/reference/grading_stats.py`, which checks them):
/// - a *column* is one value per student, in the same student order everywhere;
/// - a column whose values are all equal has no correlation with anything: the functions that
///   need a spread return `nil` for it rather than a number made of rounding noise;
/// - variances inside a ratio (reliability) divide by n; the reported standard deviation of
///   totals divides by n − 1 (a class is a sample of the students who could take the quiz).
public enum Psychometrics {
    /// The arithmetic mean; 0 for an empty column.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The variance dividing by n (population variance); 0 for fewer than 1 value.
    public static func populationVariance(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let centre = mean(values)
        return values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(values.count)
    }

    /// The standard deviation dividing by n − 1; `nil` for fewer than 2 values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let centre = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The middle value (the mean of the two middle values for an even count); `nil` when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Whether every value equals the first (a column with no spread).
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }

    /// The sum of the products of deviations from the means, Σ (x − x̄)(y − ȳ).
    static func centredCrossProduct(_ x: [Double], _ y: [Double]) -> Double {
        let meanX = mean(x), meanY = mean(y)
        var sum = 0.0
        for index in x.indices { sum += (x[index] - meanX) * (y[index] - meanY) }
        return sum
    }

    /// Pearson's correlation of two columns of equal length, in [−1, 1]; `nil` when either column
    /// is constant or the columns are shorter than 2. With a 0/1 column `x` it is the
    /// point-biserial correlation.
    public static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "columns of different lengths")
        guard x.count >= 2, !isConstant(x), !isConstant(y) else { return nil }
        let xy = centredCrossProduct(x, y)
        let xx = centredCrossProduct(x, x)
        let yy = centredCrossProduct(y, y)
        return xy / (xx * yy).squareRoot()
    }

    /// Discriminative efficiency: the covariance of an item's scores with the rest scores over the
    /// largest covariance those same values could have, reached when both are sorted in the same
    /// order (the best students got the best item scores). In [−1, 1]; `nil` when either column is
    /// constant. A correlation is held down by an item's facility; this ratio is not, so a very
    /// easy item that still ranks students perfectly scores 1.
    public static func discriminativeEfficiency(item: [Double], rest: [Double]) -> Double? {
        precondition(item.count == rest.count, "columns of different lengths")
        guard item.count >= 2, !isConstant(item), !isConstant(rest) else { return nil }
        let best = centredCrossProduct(item.sorted(), rest.sorted())
        guard best > 0 else { return nil }
        return centredCrossProduct(item, rest) / best
    }

    /// Cronbach's α from each item's variance and the variance of the totals (all dividing by the
    /// same n): k / (k − 1) × (1 − Σ σᵢ² / σₓ²). For items scored 0 or 1 this is KR-20, because
    /// an item's variance is then p(1 − p). At most 1; negative when items disagree. `nil` for
    /// fewer than 2 items or totals without spread.
    public static func alpha(itemVariances: [Double], totalVariance: Double) -> Double? {
        let k = Double(itemVariances.count)
        guard itemVariances.count >= 2, totalVariance > 0 else { return nil }
        return k / (k - 1) * (1 - itemVariances.reduce(0, +) / totalVariance)
    }

    /// The standard error of measurement: SD × √(1 − reliability), in the units of the SD.
    public static func standardErrorOfMeasurement(standardDeviation: Double, reliability: Double) -> Double {
        standardDeviation * max(0, 1 - reliability).squareRoot()
    }
}
