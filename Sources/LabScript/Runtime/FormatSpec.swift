/// A parsed format specification (`[[fill]align][sign][z][#][0][width][,|_][.precision][type]`)
/// and `format(value, spec)` with CPython's results and error messages.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var noNegativeZero = false
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// Parses `spec`; throws a ValueError with CPython's wording when malformed.
    init(_ spec: String) throws(ScriptException) {
        let c = Array(spec)
        var i = 0
        func isAlign(_ ch: Character) -> Bool { ch == "<" || ch == ">" || ch == "^" || ch == "=" }
        if c.count >= 2 && isAlign(c[1]) {
            fill = c[0]; align = c[1]; i = 2
        } else if c.count >= 1 && isAlign(c[0]) {
            align = c[0]; i = 1
        }
        if i < c.count, c[i] == "+" || c[i] == "-" || c[i] == " " { sign = c[i]; i += 1 }
        if i < c.count, c[i] == "z" { noNegativeZero = true; i += 1 }
        if i < c.count, c[i] == "#" { alternate = true; i += 1 }
        if i < c.count, c[i] == "0" {
            zeroPad = true
            i += 1
        }
        var digits = ""
        while i < c.count, let d = c[i].wholeNumberValue, c[i].isASCII { digits.append(c[i]); i += 1; _ = d }
        if !digits.isEmpty {
            guard let w = Int(digits), w < 1_000_000 else { throw .error("ValueError", "Too many decimal digits in format string") }
            width = w
        }
        if i < c.count, c[i] == "," || c[i] == "_" {
            grouping = c[i]
            i += 1
            if i < c.count, c[i] == "," || c[i] == "_" { throw .error("ValueError", "Cannot specify both ',' and '_'.") }
        }
        if i < c.count, c[i] == "." {
            i += 1
            var p = ""
            while i < c.count, c[i].isASCII, c[i].isNumber { p.append(c[i]); i += 1 }
            if p.isEmpty { throw .error("ValueError", "Format specifier missing precision") }
            guard let value = Int(p), value < 1_000_000 else { throw .error("ValueError", "Too many decimal digits in format string") }
            precision = value
        }
        if i < c.count {
            type = c[i]
            i += 1
        }
        if i < c.count { throw .error("ValueError", "Invalid format specifier '\(spec)' for object of type '%TYPE%'") }
        let fillSpecified = c.count >= 2 && isAlign(c[1])
        if zeroPad && !fillSpecified { fill = "0" }
    }

    /// Pads `body` (a number's digits after its sign `prefix`) to the width.
    func pad(_ body: String, prefix: String = "", defaultAlign: Character) -> String {
        let length = body.count + prefix.count
        guard width > length else { return prefix + body }
        let padding = width - length
        let effective = align ?? (zeroPad && defaultAlign == ">" && fill == "0" ? "=" : defaultAlign)
        switch effective {
        case "<": return prefix + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + prefix + body + String(repeating: fill, count: padding - left)
        case "=": return prefix + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + prefix + body
        }
    }

    /// `format(value, spec)`.
    static func format(_ value: Value, _ specText: String) throws(ScriptException) -> String {
        var spec: FormatSpec
        do {
            spec = try FormatSpec(specText)
        } catch {
            let message = error.exception.message.replacingOccurrences(of: "%TYPE%", with: value.typeName)
            throw .error("ValueError", message)
        }
        switch value {
        case .string(let s):
            return try spec.formatString(s)
        case .bool(let b):
            if specText.isEmpty { return b ? "True" : "False" }
            return try spec.formatInt(b ? 1 : 0, typeName: "bool")
        case .int(let i):
            return try spec.formatInt(Int128(i), typeName: "int")
        case .bigInt(let i):
            return try spec.formatInt(i, typeName: "int")
        case .float(let d):
            return try spec.formatFloat(d)
        default:
            if specText.isEmpty { return value.str }
            throw .error("TypeError", "unsupported format string passed to \(value.typeName).__format__")
        }
    }

    func formatString(_ s: String) throws(ScriptException) -> String {
        if let type, type != "s" {
            throw .error("ValueError", "Unknown format code '\(type)' for object of type 'str'")
        }
        if sign == " " { throw .error("ValueError", "Space not allowed in string format specifier") }
        if sign != "-" { throw .error("ValueError", "Sign not allowed in string format specifier") }
        if alternate { throw .error("ValueError", "Alternate form (#) not allowed in string format specifier") }
        if let grouping { throw .error("ValueError", "Cannot specify '\(grouping)' with 's'.") }
        if align == "=" { throw .error("ValueError", "'=' alignment not allowed in string format specifier") }
        var text = s
        if let precision, text.count > precision { text = String(text.prefix(precision)) }
        return pad(text, defaultAlign: "<")
    }

    func signPrefix(negative: Bool) -> String {
        if negative { return "-" }
        switch sign {
        case "+": return "+"
        case " ": return " "
        default: return ""
        }
    }

    func formatInt(_ value: Int128, typeName: String) throws(ScriptException) -> String {
        let type = self.type ?? "d"
        switch type {
        case "e", "E", "f", "F", "g", "G", "%":
            return try formatFloat(Double(value))
        case "d", "n", "b", "o", "x", "X", "c":
            break
        case "s":
            throw .error("ValueError", "Unknown format code 's' for object of type '\(typeName)'")
        default:
            throw .error("ValueError", "Unknown format code '\(type)' for object of type '\(typeName)'")
        }
        if precision != nil { throw .error("ValueError", "Precision not allowed in integer format specifier") }
        if type == "c" {
            if sign != "-" { throw .error("ValueError", "Sign not allowed with integer format specifier 'c'") }
            guard value >= 0, value <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(value)) else {
                throw .error("OverflowError", "%c arg not in range(0x110000)")
            }
            return pad(String(Character(scalar)), defaultAlign: ">")
        }
        if let grouping, grouping == ",", type != "d" && type != "n" {
            throw .error("ValueError", "Cannot specify ',' with '\(type)'.")
        }
        let magnitude = value.magnitude
        var digits: String
        var prefix = signPrefix(negative: value < 0)
        switch type {
        case "b": digits = String(magnitude, radix: 2); if alternate { prefix += "0b" }
        case "o": digits = String(magnitude, radix: 8); if alternate { prefix += "0o" }
        case "x": digits = String(magnitude, radix: 16); if alternate { prefix += "0x" }
        case "X": digits = String(magnitude, radix: 16, uppercase: true); if alternate { prefix += "0X" }
        default: digits = String(magnitude)
        }
        if let grouping {
            let size = (type == "d" || type == "n") ? 3 : 4
            if (align == "=" || (align == nil && zeroPad)) && fill == "0" && width > prefix.count + digits.count {
                // Zero padding takes part in the grouping.
                var padded = digits
                while NumberFormat.group(padded, separator: grouping, size: size).count + prefix.count < width {
                    padded = "0" + padded
                }
                return prefix + NumberFormat.group(padded, separator: grouping, size: size)
            }
            digits = NumberFormat.group(digits, separator: grouping, size: size)
        }
        return pad(digits, prefix: prefix, defaultAlign: ">")
    }

    func formatFloat(_ value: Double) throws(ScriptException) -> String {
        var type = self.type
        switch type {
        case nil, "e", "E", "f", "F", "g", "G", "%", "n": break
        default: throw .error("ValueError", "Unknown format code '\(type!)' for object of type 'float'")
        }
        if type == "n" { type = "g" }
        var v = value
        var negative = v.sign == .minus && !v.isNaN
        var body: String
        if !v.isFinite {
            body = v.isNaN ? "nan" : "inf"
            if type == "E" || type == "F" || type == "G" { body = body.uppercased() }
            if type == "%" { body += "%" }
        } else {
            if type == "%" { v *= 100 }
            let magnitude = abs(v)
            switch type {
            case nil:
                if let precision {
                    body = FormatSpec.generalRepr(magnitude, precision: max(precision, 1), alternate: alternate)
                } else {
                    body = NumberFormat.repr(magnitude)
                }
            case "%":
                body = NumberFormat.cFormat("%\(alternate ? "#" : "").\(precision ?? 6)f", magnitude) + "%"
            default:
                let p = precision ?? 6
                body = NumberFormat.cFormat("%\(alternate ? "#" : "").\(p)\(type!)", magnitude)
            }
            if noNegativeZero && negative {
                // `z`: a value that rounds to zero loses its minus sign.
                if !body.contains(where: { ("1"..."9").contains($0) }) { negative = false }
            }
        }
        if let grouping {
            // Group the digits before the decimal point (or exponent).
            var end = body.startIndex
            while end < body.endIndex, body[end].isNumber { end = body.index(after: end) }
            let intDigits = String(body[..<end])
            let rest = String(body[end...])
            if (align == "=" || (align == nil && zeroPad)) && fill == "0" && width > 0 {
                var padded = intDigits
                let prefixCount = signPrefix(negative: negative).count
                while NumberFormat.group(padded, separator: grouping).count + rest.count + prefixCount < width {
                    padded = "0" + padded
                }
                body = NumberFormat.group(padded, separator: grouping) + rest
            } else {
                body = NumberFormat.group(intDigits, separator: grouping) + rest
            }
        }
        return pad(body, prefix: signPrefix(negative: negative), defaultAlign: ">")
    }

    /// Format type '' with a precision: like 'g', but keeps at least one digit after the point
    /// when not in exponent notation (`format(1.0, '.3')` is `'1.0'`).
    static func generalRepr(_ value: Double, precision: Int, alternate: Bool) -> String {
        if value == 0 { return "0.0" }
        // Correctly rounded digits at `precision` significant digits.
        let e = NumberFormat.cFormat("%.\(precision - 1)e", value)
        guard let ePos = e.firstIndex(of: "e") else { return e }
        let exponent = Int(e[e.index(after: ePos)...]) ?? 0
        var digits: [UInt8] = e[..<ePos].utf8.filter { $0 != UInt8(ascii: ".") }.map { $0 - 48 }
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        let decimalPoint = exponent + 1
        let useExponent = exponent < -4 || exponent >= precision
        return NumberFormat.layout(digits: digits, decimalPoint: decimalPoint, useExponent: useExponent, addDotZero: true)
    }
}
