/// Expressions, by precedence from the loosest (`lambda`, conditional) to atoms, and the
/// string, display and comprehension forms.
extension Parser {
    /// `a, b, *c` (a tuple when there is a comma) or a single expression.
    mutating func expressionList(allowStar: Bool) throws(Failure) -> Expression {
        let parseOne: (inout Parser) throws(Failure) -> Expression = { (p: inout Parser) throws(Failure) in
            if allowStar { return try p.starOr { (q: inout Parser) throws(Failure) in try q.bitwiseOr() } }
            return try p.expression()
        }
        let first = isOp("*") && allowStar ? try parseOne(&self) : try expression()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if case .newline = current.kind { break }
            if isOp("=") || isOp(")") || isOp(";") || isOp(":") || isOp("]") || isOp("}") { break }
            if case .op(let op) = current.kind, op.hasSuffix("="), op.count > 1, op != "==" { break }
            items.append(isOp("*") && allowStar ? try parseOne(&self) : try expression())
        }
        return Expression(.tuple(items), first.range.through(previousRange))
    }

    mutating func namedExpression() throws(Failure) -> Expression {
        let value = try expression()
        if isOp(":=") {
            throw .unsupported("The walrus operator ':='", currentRange, instead: "Assign the value on its own line first.")
        }
        return value
    }

    mutating func expression() throws(Failure) -> Expression {
        depth += 1
        defer { depth -= 1 }
        if depth > 150 { throw .syntax("too many nested parentheses", currentRange) }
        if isKeyword("lambda") { return try lambda() }
        if isKeyword("yield") {
            throw .unsupported("'yield'", currentRange, instead: "Build and return a list instead of a generator.")
        }
        let body = try disjunction()
        if isKeyword("if") {
            advance()
            let test = try disjunction()
            guard acceptKeyword("else") else { throw .syntax("expected 'else' after 'if' expression", currentRange) }
            let orElse = try expression()
            return Expression(.conditional(test: test, body: body, orElse: orElse), body.range.through(orElse.range))
        }
        return body
    }

    mutating func lambda() throws(Failure) -> Expression {
        let start = currentRange
        advance()
        let parameters = try parameterList(closing: ":")
        try expect(":")
        let body = try expression()
        return Expression(.lambda(parameters, body), start.through(body.range))
    }

    private mutating func disjunction() throws(Failure) -> Expression {
        let first = try conjunction()
        guard isKeyword("or") else { return first }
        var items = [first]
        while acceptKeyword("or") { items.append(try conjunction()) }
        return Expression(.or(items), first.range.through(items[items.count - 1].range))
    }

    private mutating func conjunction() throws(Failure) -> Expression {
        let first = try inversion()
        guard isKeyword("and") else { return first }
        var items = [first]
        while acceptKeyword("and") { items.append(try inversion()) }
        return Expression(.and(items), first.range.through(items[items.count - 1].range))
    }

    private mutating func inversion() throws(Failure) -> Expression {
        if isKeyword("not") {
            let start = currentRange
            advance()
            depth += 1
            defer { depth -= 1 }
            if depth > 150 { throw .syntax("too many nested parentheses", currentRange) }
            let operand = try inversion()
            return Expression(.unary(.not, operand), start.through(operand.range))
        }
        return try comparison()
    }

    private mutating func comparisonOperator() -> ComparisonOperator? {
        switch current.kind {
        case .op(let op):
            switch op {
            case "==": advance(); return .equal
            case "!=": advance(); return .notEqual
            case "<": advance(); return .less
            case "<=": advance(); return .lessEqual
            case ">": advance(); return .greater
            case ">=": advance(); return .greaterEqual
            default: return nil
            }
        case .name(let n):
            if n == "in" { advance(); return .in }
            if n == "is" {
                advance()
                if acceptKeyword("not") { return .isNot }
                return .is
            }
            if n == "not", case .name("in") = tokens[min(position + 1, tokens.count - 1)].kind {
                advance(); advance()
                return .notIn
            }
            return nil
        default: return nil
        }
    }

    mutating func comparison() throws(Failure) -> Expression {
        let first = try bitwiseOr()
        var rest: [(ComparisonOperator, Expression)] = []
        while let op = comparisonOperator() {
            rest.append((op, try bitwiseOr()))
        }
        if rest.isEmpty { return first }
        return Expression(.compare(first, rest), first.range.through(rest[rest.count - 1].1.range))
    }

    private mutating func binaryLevel(_ ops: [String: BinaryOperator], _ next: (inout Parser) throws(Failure) -> Expression) throws(Failure) -> Expression {
        var left = try next(&self)
        var length = 0
        while case .op(let o) = current.kind, let op = ops[o] {
            length += 1
            if length > 1000 { throw .syntax("expression too long: more than 1000 operators in a row (split it over several lines with variables)", currentRange) }
            advance()
            let right = try next(&self)
            left = Expression(.binary(op, left, right), left.range.through(right.range))
        }
        return left
    }

    mutating func bitwiseOr() throws(Failure) -> Expression {
        try binaryLevel(["|": .bitOr]) { (p: inout Parser) throws(Failure) in try p.bitwiseXor() }
    }

    private mutating func bitwiseXor() throws(Failure) -> Expression {
        try binaryLevel(["^": .bitXor]) { (p: inout Parser) throws(Failure) in try p.bitwiseAnd() }
    }

    private mutating func bitwiseAnd() throws(Failure) -> Expression {
        try binaryLevel(["&": .bitAnd]) { (p: inout Parser) throws(Failure) in try p.shift() }
    }

    private mutating func shift() throws(Failure) -> Expression {
        try binaryLevel(["<<": .leftShift, ">>": .rightShift]) { (p: inout Parser) throws(Failure) in try p.sum() }
    }

    private mutating func sum() throws(Failure) -> Expression {
        try binaryLevel(["+": .add, "-": .subtract]) { (p: inout Parser) throws(Failure) in try p.term() }
    }

    private mutating func term() throws(Failure) -> Expression {
        try binaryLevel(["*": .multiply, "/": .divide, "//": .floorDivide, "%": .modulo, "@": .matrixMultiply]) { (p: inout Parser) throws(Failure) in
            try p.factor()
        }
    }

    private mutating func factor() throws(Failure) -> Expression {
        let start = currentRange
        let op: UnaryOperator?
        if isOp("-") { op = .negate } else if isOp("+") { op = .plus } else if isOp("~") { op = .invert } else { op = nil }
        if let op {
            advance()
            depth += 1
            defer { depth -= 1 }
            if depth > 150 { throw .syntax("too many nested parentheses", currentRange) }
            let operand = try factor()
            return Expression(.unary(op, operand), start.through(operand.range))
        }
        return try power()
    }

    private mutating func power() throws(Failure) -> Expression {
        if isKeyword("await") {
            throw .unsupported("'await'", currentRange, instead: "Call functions directly; LabScript runs everything in order.")
        }
        let base = try primary()
        if accept("**") {
            let exponent = try factor()
            return Expression(.binary(.power, base, exponent), base.range.through(exponent.range))
        }
        return base
    }

    private mutating func primary() throws(Failure) -> Expression {
        var value = try atom()
        var trailers = 0
        while true {
            trailers += 1
            if trailers > 1000 { throw .syntax("expression too long: more than 1000 calls, attributes or subscripts in a row", currentRange) }
            if accept(".") {
                let name = try identifier()
                value = Expression(.attribute(value, name), value.range.through(previousRange))
            } else if isOp("(") {
                advance()
                let arguments = try callArguments()
                try expect(")")
                value = Expression(.call(value, arguments), value.range.through(previousRange))
            } else if isOp("[") {
                advance()
                let index = try subscriptList()
                try expect("]")
                value = Expression(.subscript(value, index), value.range.through(previousRange))
            } else {
                return value
            }
        }
    }

    private mutating func callArguments() throws(Failure) -> [CallArgument] {
        var arguments: [CallArgument] = []
        var seenKeyword = false
        var keywords = Set<String>()
        while !isOp(")") {
            let range = currentRange
            if accept("**") {
                arguments.append(.doubleStar(try expression()))
                seenKeyword = true
            } else if accept("*") {
                arguments.append(.star(try expression()))
            } else if case .name(let n) = current.kind, !Parser.keywords.contains(n),
                      case .op("=") = tokens[min(position + 1, tokens.count - 1)].kind {
                advance(); advance()
                if keywords.contains(n) { throw .syntax("keyword argument repeated: \(n)", range) }
                keywords.insert(n)
                arguments.append(.keyword(n, try expression()))
                seenKeyword = true
            } else {
                let value = try expression()
                if isKeyword("for") {
                    let generator = try comprehensionTail(.generator, element: value, value: nil, start: value.range)
                    arguments.append(.positional(generator))
                } else {
                    if isOp("=") {
                        throw .syntax("expression cannot contain assignment, perhaps you meant \"==\"?", value.range)
                    }
                    if seenKeyword {
                        throw .syntax("positional argument follows keyword argument", value.range)
                    }
                    arguments.append(.positional(value))
                }
            }
            if !accept(",") { break }
        }
        return arguments
    }

    private mutating func subscriptList() throws(Failure) -> Expression {
        let first = try sliceItem()
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isOp("]") { break }
            items.append(try sliceItem())
        }
        return Expression(.tuple(items), first.range.through(previousRange))
    }

    private mutating func sliceItem() throws(Failure) -> Expression {
        let start = currentRange
        var lower: Expression?
        if !isOp(":") { lower = try expression() }
        guard accept(":") else {
            if let lower { return lower }
            throw unexpected()
        }
        var upper: Expression?
        var step: Expression?
        if !isOp(":") && !isOp("]") && !isOp(",") { upper = try expression() }
        if accept(":") {
            if !isOp("]") && !isOp(",") { step = try expression() }
        }
        return Expression(.slice(lower, upper, step), start.through(previousRange))
    }

    private mutating func atom() throws(Failure) -> Expression {
        let token = current
        switch token.kind {
        case .name(let n):
            switch n {
            case "True": advance(); return Expression(.constant(.bool(true)), token.range)
            case "False": advance(); return Expression(.constant(.bool(false)), token.range)
            case "None": advance(); return Expression(.constant(.none), token.range)
            case "lambda": return try lambda()
            case "yield":
                throw .unsupported("'yield'", token.range, instead: "Build and return a list instead of a generator.")
            case "await", "async":
                throw .unsupported("'\(n)'", token.range, instead: "Call functions directly; LabScript runs everything in order.")
            default:
                if Parser.keywords.contains(n) { throw unexpected() }
                advance()
                return Expression(.name(n), token.range)
            }
        case .int(let v):
            advance()
            return Expression(.constant(.int(v)), token.range)
        case .float(let v):
            advance()
            return Expression(.constant(.float(v)), token.range)
        case .string:
            return try strings()
        case .op(let op):
            switch op {
            case "(": return try parenthesised()
            case "[": return try listDisplay()
            case "{": return try braceDisplay()
            case "...":
                throw .unsupported("'...' (Ellipsis)", token.range, instead: "Use None or pass.")
            default: throw unexpected()
            }
        case .newline:
            throw .syntax("invalid syntax", token.range)
        case .indent:
            throw Failure("IndentationError", "unexpected indent", token.range)
        case .dedent:
            throw Failure("IndentationError", "unindent does not match any outer indentation level", token.range)
        case .end:
            throw .syntax("invalid syntax", token.range)
        }
    }

    private mutating func strings() throws(Failure) -> Expression {
        let start = currentRange
        var pieces: [FormattedPiece] = []
        var anyFormatted = false
        while case .string(let literal) = current.kind {
            advance()
            if literal.isFString { anyFormatted = true }
            for piece in literal.pieces {
                pieces.append(try convert(piece))
            }
        }
        let range = start.through(previousRange)
        if !anyFormatted {
            var text = ""
            for case .text(let t) in pieces { text += t }
            return Expression(.constant(.string(text)), range)
        }
        return Expression(.formatted(pieces), range)
    }

    private func convert(_ piece: StringLiteral.Piece) throws(Failure) -> FormattedPiece {
        switch piece {
        case .text(let t): return .text(t)
        case .field(let source, let line, let column, let conversion, let spec, let selfDocumenting):
            var expressionSource = source
            var prefix: String?
            if selfDocumenting {
                var trimmed = source
                while let last = trimmed.unicodeScalars.last, last.properties.isWhitespace { trimmed.unicodeScalars.removeLast() }
                trimmed.unicodeScalars.removeLast()  // '='
                expressionSource = trimmed
                prefix = source
            }
            let expression = try Parser.parseExpression(expressionSource, line: line, column: column)
            let specPieces = try spec.map { (pieces: [StringLiteral.Piece]) throws(Failure) -> [FormattedPiece] in
                var out: [FormattedPiece] = []
                for p in pieces { out.append(try convert(p)) }
                return out
            }
            let field = FormattedPiece.field(expression, conversion: conversion ?? (selfDocumenting && spec == nil ? "r" : nil), spec: specPieces)
            if let prefix {
                // `{x=}` prints the source text, then the value.
                return .field(Expression(.formatted([.text(prefix), field]), expression.range), conversion: nil, spec: nil)
            }
            return field
        }
    }

    mutating func parenthesised() throws(Failure) -> Expression {
        let start = currentRange
        advance()
        if accept(")") { return Expression(.tuple([]), start.through(previousRange)) }
        if isKeyword("yield") {
            throw .unsupported("'yield'", currentRange, instead: "Build and return a list instead of a generator.")
        }
        let first = try starOr { (p: inout Parser) throws(Failure) in try p.namedExpression() }
        if isKeyword("for") {
            let generator = try comprehensionTail(.generator, element: first, value: nil, start: start)
            try expect(")")
            return Expression(generator.kind, start.through(previousRange))
        }
        if accept(")") {
            if case .starred = first.kind { throw .syntax("cannot use starred expression here", first.range) }
            return Expression(first.kind, start.through(previousRange))
        }
        var items = [first]
        while accept(",") {
            if isOp(")") { break }
            items.append(try starOr { (p: inout Parser) throws(Failure) in try p.expression() })
        }
        try expect(")", "'(' was never closed")
        return Expression(.tuple(items), start.through(previousRange))
    }

    private mutating func listDisplay() throws(Failure) -> Expression {
        let start = currentRange
        advance()
        if accept("]") { return Expression(.list([]), start.through(previousRange)) }
        let first = try starOr { (p: inout Parser) throws(Failure) in try p.namedExpression() }
        if isKeyword("for") {
            let comprehension = try comprehensionTail(.list, element: first, value: nil, start: start)
            try expect("]")
            return Expression(comprehension.kind, start.through(previousRange))
        }
        var items = [first]
        while accept(",") {
            if isOp("]") { break }
            items.append(try starOr { (p: inout Parser) throws(Failure) in try p.expression() })
        }
        try expect("]", "'[' was never closed")
        return Expression(.list(items), start.through(previousRange))
    }

    private mutating func braceDisplay() throws(Failure) -> Expression {
        let start = currentRange
        advance()
        if accept("}") { return Expression(.dict([]), start.through(previousRange)) }
        if accept("**") {
            let mapping = try bitwiseOr()
            var entries: [(key: Expression?, value: Expression)] = [(nil, mapping)]
            try dictRest(&entries)
            return Expression(.dict(entries), start.through(previousRange))
        }
        let first = try starOr { (p: inout Parser) throws(Failure) in try p.expression() }
        if accept(":") {
            let value = try expression()
            if isKeyword("for") {
                let comprehension = try comprehensionTail(.dict, element: first, value: value, start: start)
                try expect("}")
                return Expression(comprehension.kind, start.through(previousRange))
            }
            var entries: [(key: Expression?, value: Expression)] = [(first, value)]
            try dictRest(&entries)
            return Expression(.dict(entries), start.through(previousRange))
        }
        if isKeyword("for") {
            let comprehension = try comprehensionTail(.set, element: first, value: nil, start: start)
            try expect("}")
            return Expression(comprehension.kind, start.through(previousRange))
        }
        var items = [first]
        while accept(",") {
            if isOp("}") { break }
            items.append(try starOr { (p: inout Parser) throws(Failure) in try p.expression() })
        }
        try expect("}", "'{' was never closed")
        return Expression(.set(items), start.through(previousRange))
    }

    private mutating func dictRest(_ entries: inout [(key: Expression?, value: Expression)]) throws(Failure) {
        while accept(",") {
            if isOp("}") { break }
            if accept("**") {
                entries.append((nil, try bitwiseOr()))
                continue
            }
            let key = try expression()
            try expect(":", "':' expected after dictionary key")
            entries.append((key, try expression()))
        }
        try expect("}", "'{' was never closed")
    }

    private mutating func comprehensionTail(_ kind: ComprehensionKind, element: Expression, value: Expression?, start: SourceRange) throws(Failure) -> Expression {
        if case .starred = element.kind {
            throw .syntax("iterable unpacking cannot be used in comprehension", element.range)
        }
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target = try targetList()
            try checkTarget(target, context: "assign to")
            guard acceptKeyword("in") else { throw unexpected() }
            let iterable = try disjunction()
            var conditions: [Expression] = []
            while acceptKeyword("if") { conditions.append(try disjunction()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        if isKeyword("async") {
            throw .unsupported("'async for'", currentRange, instead: "Use a plain 'for' clause.")
        }
        return Expression(.comprehension(kind, element: element, value: value, clauses: clauses), start.through(previousRange))
    }
}
