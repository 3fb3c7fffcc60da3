/// One token of a LabScript program, with where it stands.
struct Token: Sendable {
    /// What kind of token this is, with its value.
    enum Kind: Sendable, Equatable {
        case name(String)
        case int(Int128)
        case float(Double)
        case string(StringLiteral)
        case op(String)
        case newline
        case indent
        case dedent
        case end
    }

    var kind: Kind
    var range: SourceRange
}

/// The contents of one string literal token: plain text, or an f-string's pieces.
struct StringLiteral: Sendable, Equatable {
    /// One piece of an f-string.
    enum Piece: Sendable, Equatable {
        case text(String)
        /// `{expression!conversion:spec}`; `spec` is itself made of pieces (nested fields).
        case field(source: String, line: Int, column: Int, conversion: Character?, spec: [Piece]?, selfDocumenting: Bool)
    }

    var pieces: [Piece]
    var isFString: Bool
}
