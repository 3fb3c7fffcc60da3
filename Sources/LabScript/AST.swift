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
