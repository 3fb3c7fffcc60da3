import Foundation

/// Numerically stable softmax and log-sum-exp over rows (the maximum is subtracted first).
public enum Softmax {
    /// Replaces each row of `values` `[rows, width]` by its softmax.
    public static func apply(_ values: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let x = values + row * width
            var maximum = -Float.infinity
            for i in 0..<width where x[i] > maximum { maximum = x[i] }
            if maximum == -.infinity { continue }
            var sum: Float = 0
            for i in 0..<width {
                let e = expf(x[i] - maximum)
                x[i] = e
                sum += e
            }
            let inverse = 1 / sum
            for i in 0..<width { x[i] *= inverse }
        }
    }

    /// `log Σ exp(values[i])` of one row of `width` values, accumulated in Double.
    public static func logSumExp(_ values: UnsafePointer<Float>, width: Int) -> Float {
        var maximum = -Float.infinity
        for i in 0..<width where values[i] > maximum { maximum = values[i] }
        if maximum == -.infinity { return -.infinity }
        var sum: Double = 0
        for i in 0..<width { sum += Double(expf(values[i] - maximum)) }
        return maximum + Float(log(sum))
    }

    /// The log-softmax of one row `values` `[width]` as a new array.
    public static func logSoftmax(_ values: UnsafePointer<Float>, width: Int) -> [Float] {
        let total = logSumExp(values, width: width)
        return (0..<width).map { values[$0] - total }
    }
}
