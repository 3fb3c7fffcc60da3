/// An expression of a LabScript program, with its source range.
public final class Expression: Sendable {
    /// What the expression is.
    public let kind: ExpressionKind
    /// Where it is in the source.
    public let range: SourceRange

    init(_ kind: ExpressionKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// A literal constant in the source.
public enum Constant: Sendable, Equatable {
    case none, bool(Bool), int(Int128), float(Double), string(String)
}

/// The binary operators.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
    case leftShift = "<<", rightShift = ">>", bitAnd = "&", bitOr = "|", bitXor = "^", matrixMultiply = "@"
}

/// The unary operators.
public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", invert = "~", not = "not"
}

/// The comparison operators.
public enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}

/// One piece of an f-string: text, or a formatted expression.
public enum FormattedPiece: Sendable {
    case text(String)
    case field(Expression, conversion: Character?, spec: [FormattedPiece]?)
}

/// An argument in a call: positional, `name=value`, `*iterable` or `**mapping`.
public enum CallArgument: Sendable {
    case positional(Expression)
    case keyword(String, Expression)
    case star(Expression)
    case doubleStar(Expression)
}

/// One `for target in iterable if condition…` clause of a comprehension.
public struct ComprehensionClause: Sendable {
    public let target: Expression
    public let iterable: Expression
    public let conditions: [Expression]
}

/// The parameter list of a `def` or `lambda`.
public struct Parameters: Sendable {
    /// Positional-or-keyword parameters, with their default expressions (evaluated once, at `def`).
    public var positional: [(name: String, defaultValue: Expression?)] = []
    /// `*args`, if present.
    public var variadic: String?
    /// Keyword-only parameters (after `*` or `*args`).
    public var keywordOnly: [(name: String, defaultValue: Expression?)] = []
    /// `**kwargs`, if present.
    public var keywordVariadic: String?

    /// Every parameter name, in slot order.
    public var allNames: [String] {
        positional.map(\.name) + (variadic.map { [$0] } ?? []) + keywordOnly.map(\.name) + (keywordVariadic.map { [$0] } ?? [])
    }
}

/// The kinds of comprehension.
public enum ComprehensionKind: Sendable {
    case list, set, dict, generator
}

/// The forms an expression can take.
public indirect enum ExpressionKind: Sendable {
    case name(String)
    case constant(Constant)
    case formatted([FormattedPiece])
    case list([Expression])
    case tuple([Expression])
    case set([Expression])
    /// A dict display; a nil key is `**mapping`.
    case dict([(key: Expression?, value: Expression)])
    case starred(Expression)
    case attribute(Expression, String)
    case `subscript`(Expression, Expression)
    case slice(Expression?, Expression?, Expression?)
    case call(Expression, [CallArgument])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case and([Expression])
    case or([Expression])
    case compare(Expression, [(ComparisonOperator, Expression)])
    case conditional(test: Expression, body: Expression, orElse: Expression)
    case lambda(Parameters, Expression)
    case comprehension(ComprehensionKind, element: Expression, value: Expression?, clauses: [ComprehensionClause])
}

/// A statement of a LabScript program, with its source range.
public final class Statement: Sendable {
    /// What the statement is.
    public let kind: StatementKind
    /// Where it is in the source (from its first token to the end of its last line).
    public let range: SourceRange

    init(_ kind: StatementKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One `except Type as name:` clause.
public struct ExceptHandler: Sendable {
    public let type: Expression?
    public let name: String?
    public let body: [Statement]
    public let range: SourceRange
}

/// The forms a statement can take.
public enum StatementKind: Sendable {
    case expression(Expression)
    /// `a = b = value`: every target gets the value.
    case assign(targets: [Expression], value: Expression)
    case augmentedAssign(target: Expression, op: BinaryOperator, value: Expression)
    /// `x: annotation = value` (the annotation is not evaluated beyond names).
    case annotatedAssign(target: Expression, value: Expression?)
    case `if`(test: Expression, body: [Statement], orElse: [Statement])
    case `while`(test: Expression, body: [Statement], orElse: [Statement])
    case `for`(target: Expression, iterable: Expression, body: [Statement], orElse: [Statement])
    case `break`
    case `continue`
    case pass
    case `return`(Expression?)
    case functionDefinition(name: String, parameters: Parameters, body: [Statement])
    case assert(test: Expression, message: Expression?)
    /// `import a.b as c`
    case `import`(module: String, alias: String?)
    /// `from module import name as alias, …`
    case importFrom(module: String, names: [(name: String, alias: String?)])
    case delete([Expression])
    case `try`(body: [Statement], handlers: [ExceptHandler], orElse: [Statement], finally: [Statement])
    case raise(Expression?)
}

// MARK: - Walking the tree

extension Expression {
    /// The expressions directly inside this one, in source order: operands, items, call
    /// arguments, f-string fields (and those of their format specs), a lambda's defaults and body,
    /// a comprehension's element, value, targets, iterables and conditions.
    public var children: [Expression] {
        switch kind {
        case .name, .constant: return []
        case .formatted(let pieces): return Expression.fields(of: pieces)
        case .list(let items), .tuple(let items), .set(let items), .and(let items), .or(let items): return items
        case .dict(let entries): return entries.flatMap { entry in (entry.key.map { [$0] } ?? []) + [entry.value] }
        case .starred(let inner), .unary(_, let inner), .attribute(let inner, _): return [inner]
        case .subscript(let base, let index): return [base, index]
        case .slice(let lower, let upper, let step): return [lower, upper, step].compactMap { $0 }
        case .call(let callee, let arguments): return [callee] + arguments.map(\.value)
        case .binary(_, let left, let right): return [left, right]
        case .compare(let first, let rest): return [first] + rest.map(\.1)
        case .conditional(let test, let body, let orElse): return [body, test, orElse]
        case .lambda(let parameters, let body): return parameters.defaultValues + [body]
        case .comprehension(_, let element, let value, let clauses):
            return [element] + (value.map { [$0] } ?? []) + clauses.flatMap { [$0.target, $0.iterable] + $0.conditions }
        }
    }

    /// Calls `visit` on this expression and on every expression inside it, outermost first
    /// (a call before its callee and arguments).
    public func forEachExpression(_ visit: (Expression) throws -> Void) rethrows {
        try visit(self)
        for child in children { try child.forEachExpression(visit) }
    }

    private static func fields(of pieces: [FormattedPiece]) -> [Expression] {
        pieces.flatMap { piece -> [Expression] in
            guard case .field(let expression, _, let spec) = piece else { return [] }
            return [expression] + fields(of: spec ?? [])
        }
    }
}

extension CallArgument {
    /// The argument's expression, whatever its form.
    public var value: Expression {
        switch self {
        case .positional(let value), .keyword(_, let value), .star(let value), .doubleStar(let value): return value
        }
    }
}

extension Parameters {
    /// The default expressions, in slot order.
    public var defaultValues: [Expression] {
        positional.compactMap(\.defaultValue) + keywordOnly.compactMap(\.defaultValue)
    }
}

extension Statement {
    /// The expressions the statement evaluates itself, in source order: targets, values, tests,
    /// a `def`'s defaults, an `except` clause's type. Those of nested statements are not included.
    public var expressions: [Expression] {
        switch kind {
        case .expression(let value): return [value]
        case .assign(let targets, let value): return targets + [value]
        case .augmentedAssign(let target, _, let value): return [target, value]
        case .annotatedAssign(let target, let value): return [target] + (value.map { [$0] } ?? [])
        case .if(let test, _, _), .while(let test, _, _): return [test]
        case .for(let target, let iterable, _, _): return [target, iterable]
        case .return(let value), .raise(let value): return value.map { [$0] } ?? []
        case .functionDefinition(_, let parameters, _): return parameters.defaultValues
        case .assert(let test, let message): return [test] + (message.map { [$0] } ?? [])
        case .delete(let targets): return targets
        case .try(_, let handlers, _, _): return handlers.compactMap(\.type)
        case .break, .continue, .pass, .import, .importFrom: return []
        }
    }

    /// The statements nested directly in this one, in source order: the bodies and `else` blocks
    /// of `if`, `while` and `for`, a `def`'s body, and a `try`'s body, `except` clauses, `else`
    /// and `finally`.
    public var children: [Statement] {
        switch kind {
        case .if(_, let body, let orElse), .while(_, let body, let orElse), .for(_, _, let body, let orElse): return body + orElse
        case .functionDefinition(_, _, let body): return body
        case .try(let body, let handlers, let orElse, let finally): return body + handlers.flatMap(\.body) + orElse + finally
        default: return []
        }
    }

    /// Calls `visit` on this statement and on every statement nested in it, outermost first.
    /// With `enteringFunctions` false, the bodies of `def`s are skipped (they do not run where
    /// they are defined), though the `def` itself is visited.
    public func forEachStatement(enteringFunctions: Bool = true, _ visit: (Statement) throws -> Void) rethrows {
        try visit(self)
        if case .functionDefinition = kind, !enteringFunctions { return }
        for child in children { try child.forEachStatement(enteringFunctions: enteringFunctions, visit) }
    }
}
