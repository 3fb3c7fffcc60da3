#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Float and int text exactly as CPython writes them: `repr` (shortest round-trip digits, with
/// Python's switch to exponent notation), C-style fixed/exponent/general formats (correctly
/// rounded by the C library), and `round(x, n)` on the exact decimal expansion.
enum NumberFormat {
    /// The shortest digits that round-trip to `value` and the decimal point position:
    /// value = 0.d1d2d3… × 10^decimalPoint. Empty digits for zero.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], decimalPoint: Int) {
        // Swift's description prints the shortest round-trip digits; only the layout differs.
        let text = abs(value).description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        for ch in mantissa.utf8 {
            if ch == UInt8(ascii: ".") { pointPosition = digits.count } else { digits.append(ch - 48) }
        }
        var decimalPoint = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty { decimalPoint = 0 }
        return (digits, decimalPoint)
    }

    /// `repr(float)` / `str(float)` as CPython 3.11 writes it.
    static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0.0" }
        let (digits, point) = shortestDigits(value)
        return sign + layout(digits: digits, decimalPoint: point, useExponent: point <= -4 || point > 16, addDotZero: true)
    }

    /// Lays out digits with the decimal point at `decimalPoint`, CPython style.
    static func layout(digits: [UInt8], decimalPoint: Int, useExponent: Bool, addDotZero: Bool, minimumFraction: Int = 0) -> String {
        let chars = digits.map { Character(Unicode.Scalar($0 + 48)) }
        if useExponent {
            var out = String(chars[0])
            if chars.count > 1 || minimumFraction > 0 {
                out += "." + String(chars.dropFirst())
                if chars.count - 1 < minimumFraction { out += String(repeating: "0", count: minimumFraction - (chars.count - 1)) }
            }
            let exponent = decimalPoint - 1
            out += "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent)).leftPadded(2)
            return out
        }
        if decimalPoint <= 0 {
            return "0." + String(repeating: "0", count: -decimalPoint) + String(chars)
        }
        if decimalPoint >= chars.count {
            return String(chars) + String(repeating: "0", count: decimalPoint - chars.count) + (addDotZero ? ".0" : "")
        }
        return String(chars[..<decimalPoint]) + "." + String(chars[decimalPoint...])
    }

    /// `printf`-style formatting of one double (`%.3f`, `%.6e`, `%.4g`, …), correctly rounded.
    static func cFormat(_ format: String, _ value: Double) -> String {
        var size = 128
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let written = withVaList([value]) { arguments in
                buffer.withUnsafeMutableBufferPointer { pointer in
                    vsnprintf(pointer.baseAddress, size, format, arguments)
                }
            }
            if written < 0 { return "" }
            if Int(written) < size {
                return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            size = Int(written) + 1
        }
    }

    /// The exact decimal expansion of a finite double: integer digits and fraction digits.
    static func exactDecimal(_ value: Double) -> (integer: [UInt8], fraction: [UInt8]) {
        let text = cFormat("%.1100f", abs(value))
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var seenPoint = false
        for c in text.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            if seenPoint { fraction.append(c - 48) } else { integer.append(c - 48) }
        }
        while let last = fraction.last, last == 0 { fraction.removeLast() }
        return (integer, fraction)
    }

    /// `round(x, ndigits)` as CPython computes it: round the exact value half-to-even at
    /// `ndigits` decimal places (negative: to tens, hundreds…), then the nearest double.
    static func round(_ value: Double, digits ndigits: Int) -> Double {
        if !value.isFinite || value == 0 { return value }
        if ndigits > 323 { return value }
        if ndigits < -308 { return 0.0 * value }
        let (integer, fraction) = exactDecimal(value)
        // All digits with the decimal point after `integer.count`.
        var all = integer + fraction
        let keep = integer.count + ndigits  // digits kept from the front
        if keep < 0 {
            return value < 0 ? -0.0 : 0.0
        }
        if keep >= all.count { return value }
        let next = all[keep]
        let restNonZero = all[(keep + 1)...].contains { $0 != 0 }
        let lastKept = keep > 0 ? all[keep - 1] : 0
        let roundUp = next > 5 || (next == 5 && (restNonZero || lastKept % 2 == 1))
        all = Array(all[..<keep])
        var carryDigits = all
        if roundUp {
            var i = carryDigits.count - 1
            var carry = true
            while carry && i >= 0 {
                if carryDigits[i] == 9 { carryDigits[i] = 0; i -= 1 } else { carryDigits[i] += 1; carry = false }
            }
            if carry { carryDigits.insert(1, at: 0) }
        }
        let shift = carryDigits.count - all.count  // 1 if the carry added a digit
        // The value is carryDigits × 10^(-ndigits).
        var text = carryDigits.isEmpty ? "0" : String(carryDigits.map { Character(Unicode.Scalar($0 + 48)) })
        _ = shift
        text += "e\(-ndigits)"
        let result = Double(text) ?? value
        return value < 0 ? -result : result
    }

    /// Groups a run of digits in threes (or fours for `_` with hex/octal/binary) with `separator`.
    static func group(_ digits: String, separator: Character, size: Int = 3) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % size == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }
}
