/// Splits an f-string's body into literal text and `{expression!conversion:spec}` fields.
struct FStringScanner {
    let body: [Unicode.Scalar]
    let positions: [(Int, Int)]
    let raw: Bool
    let range: SourceRange
    var index = 0

    init(body: [Unicode.Scalar], positions: [(Int, Int)], raw: Bool, range: SourceRange) {
        self.body = body
        self.positions = positions
        self.raw = raw
        self.range = range
    }

    mutating func pieces(depth: Int) throws(Failure) -> [StringLiteral.Piece] {
        var pieces: [StringLiteral.Piece] = []
        var text: [Unicode.Scalar] = []
        func flush() throws(Failure) {
            if !text.isEmpty {
                pieces.append(.text(try Lexer.unescape(text[...], raw: raw, range: range)))
                text = []
            }
        }
        while index < body.count {
            let c = body[index]
            if c == "{" {
                if depth == 0, index + 1 < body.count, body[index + 1] == "{" { text.append("{"); index += 2; continue }
                try flush()
                pieces.append(try field(depth: depth))
                continue
            }
            if c == "}" {
                if depth > 0 { break }
                if index + 1 < body.count, body[index + 1] == "}" { text.append("}"); index += 2; continue }
                throw .syntax("f-string: single '}' is not allowed", range)
            }
            if c == "\\" && !raw && index + 1 < body.count {
                text.append(c); text.append(body[index + 1]); index += 2; continue
            }
            text.append(c)
            index += 1
        }
        try flush()
        return pieces
    }

    private mutating func field(depth: Int) throws(Failure) -> StringLiteral.Piece {
        if depth >= 2 { throw .syntax("f-string: expressions nested too deeply", range) }
        index += 1  // {
        let start = index
        var nesting = 0
        var quote: Unicode.Scalar?
        var end = -1
        while index < body.count {
            let c = body[index]
            if let q = quote {
                if c == q { quote = nil }
                index += 1
                continue
            }
            if c == "'" || c == "\"" { quote = c; index += 1; continue }
            if c == "\\" { throw .syntax("f-string expression part cannot include a backslash", range) }
            if c == "#" { throw .syntax("f-string expression part cannot include '#'", range) }
            if c == "(" || c == "[" || c == "{" { nesting += 1 }
            if c == ")" || c == "]" || c == "}" {
                if nesting == 0 {
                    if c == "}" { end = index; break }
                    throw .syntax("f-string: unmatched '\(c)'", range)
                }
                nesting -= 1
            }
            if nesting == 0 && (c == "!" || c == ":") {
                if c == "!" && index + 1 < body.count && body[index + 1] == "=" { index += 2; continue }
                end = index
                break
            }
            index += 1
        }
        if quote != nil { throw .syntax("f-string: unterminated string", range) }
        if end < 0 { throw .syntax("f-string: expecting '}'", range) }
        var source = String(String.UnicodeScalarView(body[start..<end]))
        var selfDocumenting = false
        let trimmed = source.trimmingWhitespace()
        if trimmed.hasSuffix("="), !trimmed.hasSuffix("=="), !trimmed.hasSuffix("!="), !trimmed.hasSuffix("<="), !trimmed.hasSuffix(">=") {
            selfDocumenting = true
        }
        if trimmed.isEmpty { throw .syntax("f-string: empty expression not allowed", range) }
        var conversion: Character?
        if index < body.count, body[index] == "!" {
            index += 1
            guard index < body.count, ["r", "s", "a"].contains(body[index]) else {
                throw .syntax("f-string: invalid conversion character: expected 's', 'r', or 'a'", range)
            }
            conversion = Character(body[index])
            index += 1
        }
        var spec: [StringLiteral.Piece]?
        if index < body.count, body[index] == ":" {
            index += 1
            spec = try pieces(depth: depth + 1)
        }
        guard index < body.count, body[index] == "}" else { throw .syntax("f-string: expecting '}'", range) }
        index += 1
        let (line, column) = start < positions.count ? positions[start] : (range.line, range.column)
        if selfDocumenting {
            // Keep the text with its '=' for the output; the expression is everything before '='.
            _ = source
        } else {
            source = String(source)
        }
        return .field(source: source, line: line, column: column, conversion: conversion, spec: spec, selfDocumenting: selfDocumenting)
    }
}
