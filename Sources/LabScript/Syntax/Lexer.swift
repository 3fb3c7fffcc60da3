/// Splits LabScript source into tokens with CPython's rules: INDENT/DEDENT from leading
/// whitespace (tabs to the next multiple of 8, and a `TabError` when tabs and spaces disagree),
/// implicit line joining inside brackets, backslash continuation, comments, every string form
/// (quotes, triple quotes, raw, escapes, f-strings) and number form (`_`, hex, octal, binary, floats).
struct Lexer {
    private let chars: [Unicode.Scalar]
    private let firstLine: Int
    private var index = 0
    private var line: Int
    private var lineStart = 0
    private var tokens: [Token] = []
    private var indents: [(col: Int, alt: Int)] = [(0, 0)]
    private var brackets: [(Unicode.Scalar, SourceRange)] = []
    private var atLineStart = true

    init(_ source: String, firstLine: Int = 1) {
        var scalars = Array(source.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a UTF-8 byte order mark, as CPython accepts
        chars = scalars
        self.firstLine = firstLine
        line = firstLine
    }

    /// Tokenizes the whole source.
    static func tokenize(_ source: String, firstLine: Int = 1) throws(Failure) -> [Token] {
        var lexer = Lexer(source, firstLine: firstLine)
        try lexer.run()
        return lexer.tokens
    }

    private var column: Int { index - lineStart + 1 }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < chars.count ? chars[i] : nil
    }

    private func here(_ width: Int = 1) -> SourceRange {
        SourceRange(line: line, column: column, endLine: line, endColumn: column + width)
    }

    private mutating func newLine() {
        line += 1
        lineStart = index
    }

    private mutating func add(_ kind: Token.Kind, from start: Int, startLine: Int, startColumn: Int) {
        tokens.append(Token(kind: kind, range: SourceRange(line: startLine, column: startColumn, endLine: line, endColumn: column)))
        _ = start
    }

    private mutating func run() throws(Failure) {
        while true {
            if atLineStart && brackets.isEmpty {
                try readIndentation()
                if index >= chars.count { break }
            }
            guard let c = peek() else { break }
            if c == " " || c == "\t" || c == "\u{0C}" { index += 1; continue }
            if c == "#" {
                while let d = peek(), d != "\n", d != "\r" { index += 1 }
                continue
            }
            if c == "\n" || c == "\r" {
                let range = here()
                index += 1
                if c == "\r" && peek() == "\n" { index += 1 }
                if brackets.isEmpty {
                    tokens.append(Token(kind: .newline, range: range))
                    atLineStart = true
                }
                newLine()
                continue
            }
            if c == "\\" {
                let range = here()
                index += 1
                if peek() == "\n" || peek() == "\r" {
                    if peek() == "\r" && peek(1) == "\n" { index += 1 }
                    index += 1
                    newLine()
                    if index >= chars.count {
                        throw .syntax("unexpected EOF while parsing", range)
                    }
                    continue
                }
                throw .syntax("unexpected character after line continuation character", range)
            }
            try readToken(c)
        }
        // End of input: close the last logical line, then every open block.
        if let (_, range) = brackets.last {
            throw .syntax("'\(brackets.last!.0)' was never closed", range)
        }
        let endRange = SourceRange(line: line, column: column, endLine: line, endColumn: column + 1)
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
            tokens.append(Token(kind: .newline, range: endRange))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, range: endRange))
        }
        tokens.append(Token(kind: .end, range: endRange))
    }

    /// Measures the leading whitespace of a line and emits INDENT/DEDENT; skips blank lines.
    private mutating func readIndentation() throws(Failure) {
        while true {
            var col = 0, alt = 0
            let start = index
            while let c = peek() {
                if c == " " { col += 1; alt += 1 } else if c == "\t" { col = (col / 8 + 1) * 8; alt += 1 } else if c == "\u{0C}" { col = 0; alt = 0 } else { break }
                index += 1
            }
            guard let c = peek() else { return }
            if c == "#" || c == "\n" || c == "\r" {
                // Blank or comment-only line: no indentation tokens.
                while let d = peek(), d != "\n", d != "\r" { index += 1 }
                if peek() == nil { return }
                if peek() == "\r" && peek(1) == "\n" { index += 1 }
                index += 1
                newLine()
                continue
            }
            if c == "\\" && (peek(1) == "\n" || peek(1) == "\r") {
                // A continuation at the start of a line: the indentation counts as measured.
                _ = start
            }
            atLineStart = false
            let range = SourceRange(line: line, column: 1, endLine: line, endColumn: column)
            let top = indents[indents.count - 1]
            if col == top.col {
                if alt != top.alt { throw Failure("TabError", "inconsistent use of tabs and spaces in indentation", range) }
            } else if col > top.col {
                if alt <= top.alt { throw Failure("TabError", "inconsistent use of tabs and spaces in indentation", range) }
                if indents.count >= 100 { throw Failure("IndentationError", "too many levels of indentation", range) }
                indents.append((col, alt))
                tokens.append(Token(kind: .indent, range: range))
            } else {
                while indents.count > 1 && col < indents[indents.count - 1].col {
                    indents.removeLast()
                    tokens.append(Token(kind: .dedent, range: range))
                }
                let now = indents[indents.count - 1]
                if col != now.col {
                    throw Failure("IndentationError", "unindent does not match any outer indentation level", range)
                }
                if alt != now.alt { throw Failure("TabError", "inconsistent use of tabs and spaces in indentation", range) }
            }
            return
        }
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c.value > 127 && c.properties.isXIDStart)
    }

    private static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || (c.value > 127 && c.properties.isXIDContinue)
    }

    private static let threeCharOps: Set<String> = ["**=", "//=", ">>=", "<<=", "...", "!="]
    private static let twoCharOps: Set<String> = [
        "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "->", ":=", "@=",
    ]
    private static let oneCharOps: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "&", "|", "^", "~", "@",
    ]

    private mutating func readToken(_ c: Unicode.Scalar) throws(Failure) {
        let startLine = line, startColumn = column, start = index
        if Lexer.isIdentifierStart(c) {
            // String prefixes: r, f, b, u and their combinations.
            var j = index
            while j < chars.count, Lexer.isIdentifierContinue(chars[j]) { j += 1 }
            let word = String(String.UnicodeScalarView(chars[index..<j]))
            if j < chars.count, chars[j] == "'" || chars[j] == "\"" {
                let lower = word.lowercased()
                if ["r", "u", "f", "b", "rf", "fr", "br", "rb"].contains(lower) {
                    index = j
                    if lower.contains("b") {
                        throw .unsupported("A bytes literal", SourceRange(line: startLine, column: startColumn, endLine: line, endColumn: column + 1),
                                           instead: "Use a str literal ('text'); LabScript has no bytes type.")
                    }
                    try readString(raw: lower.contains("r"), f: lower.contains("f"), startLine: startLine, startColumn: startColumn)
                    return
                }
            }
            index = j
            add(.name(word), from: start, startLine: startLine, startColumn: startColumn)
            return
        }
        if c >= "0" && c <= "9" || (c == "." && (peek(1).map { $0 >= "0" && $0 <= "9" } ?? false)) {
            try readNumber(startLine: startLine, startColumn: startColumn)
            return
        }
        if c == "'" || c == "\"" {
            try readString(raw: false, f: false, startLine: startLine, startColumn: startColumn)
            return
        }
        if let a = peek(1), let b = peek(2) {
            let three = String(String.UnicodeScalarView([c, a, b]))
            if Lexer.threeCharOps.contains(three) && three != "!=" {
                index += 3
                add(.op(three), from: start, startLine: startLine, startColumn: startColumn)
                return
            }
        }
        if let a = peek(1) {
            let two = String(String.UnicodeScalarView([c, a]))
            if Lexer.twoCharOps.contains(two) {
                index += 2
                add(.op(two), from: start, startLine: startLine, startColumn: startColumn)
                return
            }
        }
        if Lexer.oneCharOps.contains(c) {
            index += 1
            let range = SourceRange(line: startLine, column: startColumn, endLine: line, endColumn: column)
            if c == "(" || c == "[" || c == "{" {
                if brackets.count >= 200 { throw .syntax("too many nested parentheses", range) }
                brackets.append((c, range))
            } else if c == ")" || c == "]" || c == "}" {
                let opener: Unicode.Scalar = c == ")" ? "(" : c == "]" ? "[" : "{"
                guard let last = brackets.last else { throw .syntax("unmatched '\(c)'", range) }
                if last.0 != opener {
                    if last.1.line != range.line {
                        throw .syntax("closing parenthesis '\(c)' does not match opening parenthesis '\(last.0)' on line \(last.1.line)", range)
                    }
                    throw .syntax("closing parenthesis '\(c)' does not match opening parenthesis '\(last.0)'", range)
                }
                brackets.removeLast()
            }
            add(.op(String(c)), from: start, startLine: startLine, startColumn: startColumn)
            return
        }
        if c == "!" {
            throw .syntax("invalid syntax", here())
        }
        if c == "$" || c == "?" || c == "`" {
            throw .syntax("invalid syntax", here())
        }
        throw .syntax("invalid character '\(Character(c))' (U+\(String(c.value, radix: 16, uppercase: true).leftPadded(4)))", here())
    }

    private mutating func readNumber(startLine: Int, startColumn: Int) throws(Failure) {
        func range() -> SourceRange { SourceRange(line: startLine, column: startColumn, endLine: line, endColumn: column) }
        func digits(_ valid: (Unicode.Scalar) -> Bool) throws(Failure) -> String {
            var text = ""
            while let d = peek() {
                if valid(d) { text.unicodeScalars.append(d); index += 1 } else if d == "_" {
                    index += 1
                    guard let e = peek(), valid(e) else { throw .syntax("invalid decimal literal", range()) }
                } else { break }
            }
            return text
        }
        let isDigit: (Unicode.Scalar) -> Bool = { $0 >= "0" && $0 <= "9" }
        if peek() == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            index += 2
            let radix: Int, valid: (Unicode.Scalar) -> Bool, name: String
            switch p {
            case "x", "X": radix = 16; name = "hexadecimal"; valid = { ($0 >= "0" && $0 <= "9") || ($0 >= "a" && $0 <= "f") || ($0 >= "A" && $0 <= "F") }
            case "o", "O": radix = 8; name = "octal"; valid = { $0 >= "0" && $0 <= "7" }
            default: radix = 2; name = "binary"; valid = { $0 == "0" || $0 == "1" }
            }
            if peek() == "_" { index += 1 }
            let text = try digits(valid)
            if text.isEmpty { throw .syntax("invalid \(name) literal", range()) }
            if let d = peek(), Lexer.isIdentifierContinue(d) { throw .syntax("invalid \(name) literal", range()) }
            guard let value = Int128(text, radix: radix) else {
                throw Failure("OverflowError", "integer literal too large for LabScript (more than 128 bits)", range())
            }
            add(.int(value), from: 0, startLine: startLine, startColumn: startColumn)
            return
        }
        var intPart = try digits(isDigit)
        var isFloat = false
        var text = intPart
        if peek() == "." {
            isFloat = true
            index += 1
            let frac = (peek().map(isDigit) ?? false) ? try digits(isDigit) : ""
            text += "." + frac
            if intPart.isEmpty { intPart = "0" }
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = index
            index += 1
            var exp = "e"
            if let s = peek(), s == "+" || s == "-" { exp.unicodeScalars.append(s); index += 1 }
            if let d = peek(), isDigit(d) {
                exp += try digits(isDigit)
                text += exp
                isFloat = true
            } else {
                index = save
                throw .syntax("invalid decimal literal", range())
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            index += 1
            throw .unsupported("A complex number literal", range(), instead: "Use float values; LabScript has no complex type.")
        }
        if let d = peek(), Lexer.isIdentifierStart(d) {
            throw .syntax("invalid decimal literal", range())
        }
        if isFloat {
            add(.float(Double(text) ?? .infinity), from: 0, startLine: startLine, startColumn: startColumn)
        } else {
            if text.count > 1 && text.hasPrefix("0") && text.contains(where: { $0 != "0" }) {
                throw .syntax("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", range())
            }
            guard let value = Int128(text) else {
                throw Failure("OverflowError", "integer literal too large for LabScript (more than 128 bits)", range())
            }
            add(.int(value), from: 0, startLine: startLine, startColumn: startColumn)
        }
    }

    private mutating func readString(raw: Bool, f: Bool, startLine: Int, startColumn: Int) throws(Failure) {
        guard let quote = peek() else { return }
        var triple = false
        if peek(1) == quote && peek(2) == quote { triple = true; index += 3 } else { index += 1 }
        var body: [Unicode.Scalar] = []
        // Positions (line, column) of each body character, for f-string expression errors.
        var positions: [(Int, Int)] = []
        func unterminated() -> Failure {
            let range = SourceRange(line: startLine, column: startColumn, endLine: startLine, endColumn: startColumn + 1)
            return triple ? .syntax("unterminated triple-quoted string literal (detected at line \(line))", range)
                : .syntax("unterminated string literal (detected at line \(line))", range)
        }
        while true {
            guard let c = peek() else { throw unterminated() }
            if c == quote {
                if !triple { index += 1; break }
                if peek(1) == quote && peek(2) == quote { index += 3; break }
            }
            if c == "\n" || c == "\r" {
                if !triple { throw unterminated() }
                positions.append((line, column))
                body.append("\n")
                index += 1
                if c == "\r" && peek() == "\n" { index += 1 }
                newLine()
                continue
            }
            if c == "\\" {
                positions.append((line, column)); body.append(c); index += 1
                guard let d = peek() else { throw unterminated() }
                positions.append((line, column)); body.append(d == "\r" ? "\n" : d); index += 1
                if d == "\r" && peek() == "\n" { index += 1 }
                if d == "\n" || d == "\r" { newLine() }
                continue
            }
            positions.append((line, column))
            body.append(c)
            index += 1
        }
        let range = SourceRange(line: startLine, column: startColumn, endLine: line, endColumn: column)
        let literal: StringLiteral
        if f {
            var parser = FStringScanner(body: body, positions: positions, raw: raw, range: range)
            literal = StringLiteral(pieces: try parser.pieces(depth: 0), isFString: true)
        } else {
            literal = StringLiteral(pieces: [.text(try Lexer.unescape(body[...], raw: raw, range: range))], isFString: false)
        }
        tokens.append(Token(kind: .string(literal), range: range))
    }

    /// Applies Python's escape sequences to a string body (none when `raw`).
    static func unescape(_ body: ArraySlice<Unicode.Scalar>, raw: Bool, range: SourceRange) throws(Failure) -> String {
        var out = String.UnicodeScalarView()
        if raw {
            out.append(contentsOf: body)
            return String(out)
        }
        var i = body.startIndex
        func hex(_ count: Int, _ name: String) throws(Failure) -> Unicode.Scalar {
            var value: UInt32 = 0
            for k in 0..<count {
                let j = i + 1 + k
                guard j < body.endIndex, let digit = Int(String(body[j]), radix: 16) else {
                    throw .syntax("(unicode error) 'unicodeescape' codec can't decode bytes in position \(i - body.startIndex)-\(j - body.startIndex): truncated \(name) escape", range)
                }
                value = value * 16 + UInt32(digit)
            }
            i += count
            guard let scalar = Unicode.Scalar(value) else {
                throw .syntax("(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character", range)
            }
            return scalar
        }
        while i < body.endIndex {
            let c = body[i]
            if c != "\\" || i + 1 >= body.endIndex { out.append(c); i += 1; continue }
            let d = body[i + 1]
            i += 1
            switch d {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "x": out.append(try hex(2, "\\xXX"))
            case "u": out.append(try hex(4, "\\uXXXX"))
            case "U": out.append(try hex(8, "\\UXXXXXXXX"))
            case "0"..."7":
                var value: UInt32 = 0
                var n = 0
                var j = i
                while n < 3, j < body.endIndex, body[j] >= "0", body[j] <= "7" {
                    value = value * 8 + (body[j].value - 48)
                    j += 1; n += 1
                }
                i = j - 1
                out.append(Unicode.Scalar(value) ?? "?")
            case "N":
                throw .unsupported("A \\N{...} escape", range, instead: "Write the character itself or use \\u with its code point.")
            default:
                out.append("\\"); out.append(d)
            }
            i += 1
        }
        return String(out)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
