/// A call as the source writes it, read without running anything: what a host module's
/// explanation of one of its members is given (see ``HostModule/explain(_:_:)``).
///
///     // unmasker = pipeline("fill-mask", model="bert-base-uncased", device=0)
///     call.name                  // "transformers.pipeline"
///     call.string(0, "task")     // "fill-mask"
///     call.string(1, "model")    // "bert-base-uncased"
///     call.keywords              // ["model", "device"]
public struct WrittenCall: Sendable {
    /// The callee with its module resolved (`transformers.pipeline` for `pipeline` imported from
    /// `transformers`), or the variable called (`unmasker`).
    public let name: String
    /// The keyword arguments given, in source order.
    public let keywords: [String]
    private let arguments: [CallArgument]

    /// The call of `name` with `arguments`.
    public init(name: String, arguments: [CallArgument]) {
        self.name = name
        self.arguments = arguments
        self.keywords = arguments.compactMap { argument in
            if case .keyword(let name, _) = argument { return name }
            return nil
        }
    }

    /// The string literal given as positional argument `index` or, when there are not that many
    /// positional arguments, as `keyword`; nil when the argument is missing or is not a literal.
    public func string(_ index: Int, _ keyword: String? = nil) -> String? {
        let positional = arguments.compactMap { argument -> Expression? in
            if case .positional(let value) = argument { return value }
            return nil
        }
        let given = index < positional.count ? positional[index] : arguments.lazy.compactMap { argument -> Expression? in
            if case .keyword(let name, let value) = argument, name == keyword { return value }
            return nil
        }.first
        guard let given, case .constant(.string(let text)) = given.kind else { return nil }
        return text
    }
}
