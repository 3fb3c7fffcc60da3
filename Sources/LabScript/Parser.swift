/// Builds the AST of a LabScript program from its tokens, following Python's grammar for the
/// subset and naming unsupported Python (`class`, `with`, `yield`, …) with what to use instead.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    private let firstLine: Int

    init(tokens: [Token], firstLine: Int) {
        self.tokens = tokens
        self.firstLine = firstLine
    }

    /// Parses a whole program.
    static func parse(_ source: String, firstLine: Int = 1) throws(Failure) -> [Statement] {
        let tokens = try Lexer.tokenize(source, firstLine: firstLine)
        var parser = Parser(tokens: tokens, firstLine: firstLine)
        return try parser.program()
    }

    /// Parses one expression (an f-string field).
    static func parseExpression(_ source: String, line: Int, column: Int) throws(Failure) -> Expression {
        // Parenthesise so the expression may span lines as inside brackets.
        var tokens = try Lexer.tokenize("(" + source + ")", firstLine: line)
        for i in tokens.indices {
            if tokens[i].range.line == line {
                tokens[i].range.column += column - 2
                if tokens[i].range.endLine == line { tokens[i].range.endColumn += column - 2 }
            }
        }
        var parser = Parser(tokens: tokens, firstLine: line)
        let expression = try parser.expressionList(allowStar: false)
        guard case .newline = parser.current.kind else { throw .syntax("f-string: invalid syntax", parser.current.range) }
        return expression
    }

    // MARK: tokens

    private var current: Token { tokens[position] }

    private var currentRange: SourceRange { tokens[position].range }

    private var previousRange: SourceRange { tokens[max(0, position - 1)].range }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func isOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind { return o == op }
        return false
    }

    private func isKeyword(_ word: String) -> Bool {
        if case .name(let n) = current.kind { return n == word }
        return false
    }

    private mutating func accept(_ op: String) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        if isKeyword(word) { advance(); return true }
        return false
    }

    private mutating func expect(_ op: String, _ message: String? = nil) throws(Failure) {
        guard accept(op) else { throw unexpected(message ?? "expected '\(op)'") }
    }

    private func unexpected(_ message: String = "invalid syntax") -> Failure {
        switch current.kind {
        case .indent: return Failure("IndentationError", "unexpected indent", current.range)
        default: return .syntax(message, current.range)
        }
    }

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    private mutating func identifier() throws(Failure) -> String {
        if case .name(let n) = current.kind, !Parser.keywords.contains(n) {
            advance()
            return n
        }
        throw unexpected()
    }

    // MARK: statements

    private mutating func program() throws(Failure) -> [Statement] {
        var statements: [Statement] = []
        while true {
            switch current.kind {
            case .end: return statements
            case .newline: advance()
            case .indent: throw Failure("IndentationError", "unexpected indent", current.range)
            default: statements += try statement()
            }
        }
    }

    private mutating func statement() throws(Failure) -> [Statement] {
        if case .name(let word) = current.kind {
            switch word {
            case "if": return [try ifStatement()]
            case "while": return [try whileStatement()]
            case "for": return [try forStatement()]
            case "def": return [try functionDefinition()]
            case "try": return [try tryStatement()]
            case "class":
                throw .unsupported("'class'", currentRange, instead: "Use a dict for records and functions (def) for behaviour.")
            case "with":
                throw .unsupported("'with'", currentRange, instead: "Call the functions directly; LabScript has no context managers or file access.")
            case "async", "await":
                throw .unsupported("'\(word)'", currentRange, instead: "Call functions directly; LabScript runs everything in order.")
            default: break
            }
        }
        return try simpleStatements()
    }

    private mutating func simpleStatements() throws(Failure) -> [Statement] {
        var statements: [Statement] = [try smallStatement()]
        while accept(";") {
            if case .newline = current.kind { break }
            statements.append(try smallStatement())
        }
        guard case .newline = current.kind else { throw unexpected() }
        advance()
        return statements
    }

    private mutating func smallStatement() throws(Failure) -> Statement {
        let start = currentRange
        if case .name(let word) = current.kind {
            switch word {
            case "pass": advance(); return Statement(.pass, start)
            case "break": advance(); return Statement(.break, start)
            case "continue": advance(); return Statement(.continue, start)
            case "return":
                advance()
                if case .newline = current.kind { return Statement(.return(nil), start) }
                if isOp(";") { return Statement(.return(nil), start) }
                let value = try expressionList(allowStar: true)
                return Statement(.return(value), start.through(value.range))
            case "raise":
                advance()
                if case .newline = current.kind { return Statement(.raise(nil), start) }
                let value = try expression()
                if isKeyword("from") {
                    throw .unsupported("'raise ... from'", currentRange, instead: "Raise the exception on its own: raise ValueError(\"...\").")
                }
                return Statement(.raise(value), start.through(value.range))
            case "assert":
                advance()
                let test = try expression()
                var message: Expression?
                if accept(",") { message = try expression() }
                return Statement(.assert(test: test, message: message), start.through(message?.range ?? test.range))
            case "del":
                advance()
                var targets: [Expression] = []
                repeat {
                    if case .newline = current.kind { break }
                    let target = try bitwiseOr()
                    try checkTarget(target, context: "delete")
                    targets.append(target)
                } while accept(",")
                return Statement(.delete(targets), start.through(previousRange))
            case "import": return try importStatement()
            case "from": return try fromImport()
            case "global", "nonlocal":
                throw .unsupported("'\(word)'", start, instead: "Return the new value from the function and assign it where you call it.")
            case "yield":
                throw .unsupported("'yield'", start, instead: "Build and return a list instead of a generator.")
            case "class", "with", "async", "await", "def", "if", "while", "for", "try":
                throw unexpected()
            case "print":
                // `print "x"` (Python 2).
                if case .string = tokens[min(position + 1, tokens.count - 1)].kind {
                    throw .syntax("Missing parentheses in call to 'print'. Did you mean print(...)?", start)
                }
            default: break
            }
        }
        let first = try expressionList(allowStar: true)
        if isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                if isKeyword("yield") {
                    throw .unsupported("'yield'", currentRange, instead: "Build and return a list instead of a generator.")
                }
                value = try expressionList(allowStar: true)
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try checkTarget(target, context: "assign") }
            return Statement(.assign(targets: targets, value: value), start.through(value.range))
        }
        if case .op(let op) = current.kind, op.count >= 2, op.hasSuffix("="), op != "==", op != "<=", op != ">=", op != "!=" {
            let name = String(op.dropLast())
            guard let binary = BinaryOperator(rawValue: name) else { throw unexpected() }
            switch first.kind {
            case .name, .attribute, .subscript: break
            default:
                throw .syntax("'\(Parser.describe(first))' is an illegal expression for augmented assignment", first.range)
            }
            advance()
            let value = try expressionList(allowStar: false)
            return Statement(.augmentedAssign(target: first, op: binary, value: value), start.through(value.range))
        }
        if isOp(":") {
            switch first.kind {
            case .name, .attribute, .subscript: break
            case .tuple: throw .syntax("only single target (not tuple) can be annotated", first.range)
            default: throw .syntax("illegal target for annotation", first.range)
            }
            advance()
            _ = try expression()
            var value: Expression?
            if accept("=") { value = try expressionList(allowStar: true) }
            return Statement(.annotatedAssign(target: first, value: value), start.through(previousRange))
        }
        if case .starred = first.kind { throw .syntax("can't use starred expression here", first.range) }
        return Statement(.expression(first), first.range)
    }

    /// The word CPython uses for an expression in "cannot assign to …".
    static func describe(_ expression: Expression) -> String {
        switch expression.kind {
        case .call: return "function call"
        case .constant(let c):
            switch c {
            case .none: return "None"
            case .bool(let b): return b ? "True" : "False"
            default: return "literal"
            }
        case .formatted: return "f-string expression"
        case .binary, .unary(.negate, _), .unary(.plus, _), .unary(.invert, _): return "expression"
        case .unary(.not, _): return "expression"
        case .and, .or: return "expression"
        case .compare: return "comparison"
        case .conditional: return "conditional expression"
        case .lambda: return "lambda"
        case .comprehension(let kind, _, _, _):
            switch kind {
            case .list: return "list comprehension"
            case .set: return "set comprehension"
            case .dict: return "dict comprehension"
            case .generator: return "generator expression"
            }
        case .dict: return "dict literal"
        case .set: return "set display"
        case .tuple: return "tuple"
        case .list: return "list"
        case .starred: return "starred"
        case .name: return "name"
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .slice: return "slice"
        }
    }

    private func checkTarget(_ target: Expression, context: String) throws(Failure) {
        switch target.kind {
        case .name(let n):
            if n == "__debug__" { throw .syntax("cannot assign to __debug__", target.range) }
        case .attribute, .subscript: break
        case .tuple(let items), .list(let items):
            for item in items { try checkTarget(item, context: context) }
        case .starred(let inner):
            if context == "delete" { throw .syntax("cannot delete starred", target.range) }
            try checkTarget(inner, context: context)
        default:
            let what = Parser.describe(target)
            if context == "assign" {
                throw .syntax("cannot assign to \(what) here. Maybe you meant '==' instead of '='?", target.range)
            }
            throw .syntax("cannot \(context) \(what)", target.range)
        }
    }

    private mutating func dottedName() throws(Failure) -> String {
        var name = try identifier()
        while accept(".") { name += "." + (try identifier()) }
        return name
    }

    private mutating func importStatement() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        let module = try dottedName()
        var alias: String?
        if acceptKeyword("as") { alias = try identifier() }
        if isOp(",") {
            throw .unsupported("Importing several modules on one line", currentRange, instead: "Write one import statement per module.")
        }
        return Statement(.import(module: module, alias: alias), start.through(previousRange))
    }

    private mutating func fromImport() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        if isOp(".") || isOp("...") {
            throw .unsupported("A relative import", currentRange, instead: "Import one of the known modules by name.")
        }
        let module = try dottedName()
        guard acceptKeyword("import") else { throw unexpected() }
        if isOp("*") {
            throw .unsupported("'from \(module) import *'", currentRange, instead: "Import the names you use: from \(module) import name.")
        }
        let parenthesised = accept("(")
        var names: [(String, String?)] = []
        repeat {
            if parenthesised && isOp(")") { break }
            let name = try identifier()
            var alias: String?
            if acceptKeyword("as") { alias = try identifier() }
            names.append((name, alias))
        } while accept(",")
        if parenthesised { try expect(")") }
        return Statement(.importFrom(module: module, names: names), start.through(previousRange))
    }

    private mutating func block(after keyword: String, line: Int) throws(Failure) -> [Statement] {
        try expect(":", "expected ':'")
        if case .newline = current.kind {
            advance()
            guard case .indent = current.kind else {
                throw Failure("IndentationError", "expected an indented block after \(keyword) on line \(line)", currentRange)
            }
            advance()
            var body: [Statement] = []
            while true {
                if case .dedent = current.kind { advance(); break }
                if case .end = current.kind { break }
                if case .newline = current.kind { advance(); continue }
                body += try statement()
            }
            return body
        }
        return try simpleStatements()
    }

    private mutating func ifStatement() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        let test = try namedExpression()
        let body = try block(after: "'if' statement", line: start.line)
        var orElse: [Statement] = []
        if isKeyword("elif") {
            orElse = [try ifStatement()]
        } else if isKeyword("else") {
            let elseRange = currentRange
            advance()
            orElse = try block(after: "'else' statement", line: elseRange.line)
        }
        return Statement(.if(test: test, body: body, orElse: orElse), start.through(previousRange))
    }

    private mutating func whileStatement() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        let test = try namedExpression()
        let body = try block(after: "'while' statement", line: start.line)
        var orElse: [Statement] = []
        if isKeyword("else") {
            let elseRange = currentRange
            advance()
            orElse = try block(after: "'else' statement", line: elseRange.line)
        }
        return Statement(.while(test: test, body: body, orElse: orElse), start.through(previousRange))
    }

    private mutating func forStatement() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        let target = try targetList()
        try checkTarget(target, context: "assign to")
        guard acceptKeyword("in") else { throw unexpected() }
        let iterable = try expressionList(allowStar: true)
        let body = try block(after: "'for' statement", line: start.line)
        var orElse: [Statement] = []
        if isKeyword("else") {
            let elseRange = currentRange
            advance()
            orElse = try block(after: "'else' statement", line: elseRange.line)
        }
        return Statement(.for(target: target, iterable: iterable, body: body, orElse: orElse), start.through(previousRange))
    }

    /// `a`, `a, b`, `(a, b), c`: the targets of `for` and comprehensions (stops before `in`).
    private mutating func targetList() throws(Failure) -> Expression {
        let first = try starOr { (p: inout Parser) throws(Failure) in try p.bitwiseOr() }
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isKeyword("in") || isOp("=") { break }
            items.append(try starOr { (p: inout Parser) throws(Failure) in try p.bitwiseOr() })
        }
        return Expression(.tuple(items), first.range.through(previousRange))
    }

    private mutating func starOr(_ parse: (inout Parser) throws(Failure) -> Expression) throws(Failure) -> Expression {
        if isOp("*") {
            let start = currentRange
            advance()
            let inner = try parse(&self)
            return Expression(.starred(inner), start.through(inner.range))
        }
        return try parse(&self)
    }

    private mutating func functionDefinition() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        let name = try identifier()
        try expect("(", "expected '('")
        let parameters = try parameterList(closing: ")")
        try expect(")")
        if accept("->") { _ = try expression() }
        let body = try block(after: "function definition", line: start.line)
        return Statement(.functionDefinition(name: name, parameters: parameters, body: body), start.through(previousRange))
    }

    private mutating func parameterList(closing: String) throws(Failure) -> Parameters {
        var parameters = Parameters()
        var seenDefault = false
        var keywordOnly = false
        var names = Set<String>()
        func add(_ name: String, _ range: SourceRange) throws(Failure) {
            if names.contains(name) { throw .syntax("duplicate argument '\(name)' in function definition", range) }
            names.insert(name)
        }
        while !isOp(closing) {
            let range = currentRange
            if accept("**") {
                let name = try identifier()
                try add(name, range)
                if closing == ")" && isOp(":") { advance(); _ = try expression() }
                parameters.keywordVariadic = name
                _ = accept(",")
                break
            }
            if accept("*") {
                if keywordOnly { throw .syntax("* argument may appear only once", range) }
                keywordOnly = true
                if isOp(",") {
                    advance()
                    continue
                }
                let name = try identifier()
                try add(name, range)
                if closing == ")" && isOp(":") { advance(); _ = try expression() }
                parameters.variadic = name
                if !accept(",") { break }
                continue
            }
            if accept("/") {
                throw .unsupported("A positional-only marker '/'", range, instead: "List the parameters without '/'.")
            }
            let name = try identifier()
            try add(name, range)
            if closing == ")" && isOp(":") { advance(); _ = try expression() }
            var defaultValue: Expression?
            if accept("=") {
                defaultValue = try expression()
                seenDefault = true
            } else if seenDefault && !keywordOnly {
                throw .syntax("non-default argument follows default argument", range)
            }
            if keywordOnly {
                parameters.keywordOnly.append((name, defaultValue))
            } else {
                parameters.positional.append((name, defaultValue))
            }
            if !accept(",") { break }
        }
        return parameters
    }

    private mutating func tryStatement() throws(Failure) -> Statement {
        let start = currentRange
        advance()
        let body = try block(after: "'try' statement", line: start.line)
        var handlers: [ExceptHandler] = []
        var orElse: [Statement] = []
        var finally: [Statement] = []
        while isKeyword("except") {
            let range = currentRange
            advance()
            if isOp("*") {
                throw .unsupported("'except*'", currentRange, instead: "Use a plain 'except Type:' clause.")
            }
            var type: Expression?
            var name: String?
            if !isOp(":") {
                type = try expression()
                if isOp(",") {
                    throw .syntax("multiple exception types must be parenthesized", currentRange)
                }
                if acceptKeyword("as") { name = try identifier() }
            }
            let handlerBody = try block(after: "'except' statement", line: range.line)
            handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, range: range))
        }
        if isKeyword("else") {
            if handlers.isEmpty { throw unexpected() }
            let elseRange = currentRange
            advance()
            orElse = try block(after: "'else' statement", line: elseRange.line)
        }
        if isKeyword("finally") {
            let finallyRange = currentRange
            advance()
            finally = try block(after: "'finally' statement", line: finallyRange.line)
        }
        if handlers.isEmpty && finally.isEmpty {
            throw .syntax("expected 'except' or 'finally' block", currentRange)
        }
        return Statement(.try(body: body, handlers: handlers, orElse: orElse, finally: finally), start.through(previousRange))
    }

    // MARK: expressions

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

    private mutating func namedExpression() throws(Failure) -> Expression {
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

    private mutating func lambda() throws(Failure) -> Expression {
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

    private mutating func comparison() throws(Failure) -> Expression {
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

    private mutating func parenthesised() throws(Failure) -> Expression {
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
