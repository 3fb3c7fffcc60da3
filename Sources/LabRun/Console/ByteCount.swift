import Foundation

/// Formats byte counts the way people read them: `98.4 MB`, `612 B` (decimal units, as the Hub shows sizes).
public enum ByteCount {
    /// `bytes` with one decimal and a unit from B to TB.
    public static func format(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
