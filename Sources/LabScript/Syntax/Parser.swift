/// Builds the AST of a LabScript program from its tokens, following Python's grammar for the
/// subset and naming unsupported Python (`class`, `with`, `yield`, …) with what to use instead.
/// Statements are here; expressions are in Parser+Expressions.swift.
struct Parser {
    var tokens: [Token]
    var position = 0
    var depth = 0
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

    var current: Token { tokens[position] }

    var currentRange: SourceRange { tokens[position].range }

    var previousRange: SourceRange { tokens[max(0, position - 1)].range }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func isOp(_ op: String) -> Bool {
        if case .op(let o) = current.kind { return o == op }
        return false
    }

    func isKeyword(_ word: String) -> Bool {
        if case .name(let n) = current.kind { return n == word }
        return false
    }

    mutating func accept(_ op: String) -> Bool {
        if isOp(op) { advance(); return true }
        return false
    }

    mutating func acceptKeyword(_ word: String) -> Bool {
        if isKeyword(word) { advance(); return true }
        return false
    }

    mutating func expect(_ op: String, _ message: String? = nil) throws(Failure) {
        guard accept(op) else { throw unexpected(message ?? "expected '\(op)'") }
    }

    func unexpected(_ message: String = "invalid syntax") -> Failure {
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

    mutating func identifier() throws(Failure) -> String {
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

    func checkTarget(_ target: Expression, context: String) throws(Failure) {
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
    mutating func targetList() throws(Failure) -> Expression {
        let first = try starOr { (p: inout Parser) throws(Failure) in try p.bitwiseOr() }
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if isKeyword("in") || isOp("=") { break }
            items.append(try starOr { (p: inout Parser) throws(Failure) in try p.bitwiseOr() })
        }
        return Expression(.tuple(items), first.range.through(previousRange))
    }

    mutating func starOr(_ parse: (inout Parser) throws(Failure) -> Expression) throws(Failure) -> Expression {
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

    mutating func parameterList(closing: String) throws(Failure) -> Parameters {
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
}
