/// How a generation bias run picks each next token: from the model as it is, or through one of the
/// decoding-time mitigations, so that the same score can be measured before and after.
public enum GenerationDecoding: Sendable, Equatable {
    /// The model's own next-token distribution (sampled or greedy as the `Sampling` says).
    case plain
    /// Counterfactual-averaged decoding: the distributions after every prompt of the prompt's
    /// counterfactual set (the same sentence about each group) are averaged for the first
    /// `averagedTokens` tokens (every token when nil), the rest coming from the prompt alone.
    case counterfactual(averagedTokens: Int?)
    /// Self-Debias with the given prefixes and constants.
    case selfDebias(SelfDebias)

    /// The name a lab passes as `decoding=`: `plain`, `counterfactual` or `self_debias`.
    public var name: String {
        switch self {
        case .plain: "plain"
        case .counterfactual: "counterfactual"
        case .selfDebias: "self_debias"
        }
    }

    /// The names `init(name:)` accepts.
    public static let names = ["plain", "counterfactual", "self_debias"]

    /// The decoding called `name` (Self-Debias with `selfDebias`, counterfactual averaging of the
    /// first `averagedTokens` tokens); nil for an unknown name.
    public init?(name: String, selfDebias: SelfDebias = SelfDebias(), averagedTokens: Int? = nil) {
        switch name {
        case "plain": self = .plain
        case "counterfactual": self = .counterfactual(averagedTokens: averagedTokens)
        case "self_debias": self = .selfDebias(selfDebias)
        default: return nil
        }
    }
}
