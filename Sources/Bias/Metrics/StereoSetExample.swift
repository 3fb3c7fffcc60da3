/// One StereoSet intrasentence example (Nadeem et al. 2021): a context with a `BLANK`, and three
/// fills of it: a stereotype, an anti-stereotype and an unrelated (meaningless) one.
public struct StereoSetExample: Sendable, Equatable {
    /// The example's id.
    public let id: String
    /// The target term the example is about (`chess player`, `Ethiopia`, …); SS and LMS are
    /// computed per target term.
    public let target: String
    /// The domain: `gender`, `profession`, `race` or `religion`.
    public let biasType: String
    /// The context sentence with `BLANK`.
    public let context: String
    /// The stereotypical sentence.
    public let stereotype: String
    /// The anti-stereotypical sentence.
    public let antiStereotype: String
    /// The unrelated sentence.
    public let unrelated: String

    /// An example with its three sentences.
    public init(id: String, target: String, biasType: String, context: String, stereotype: String, antiStereotype: String, unrelated: String) {
        self.id = id
        self.target = target
        self.biasType = biasType
        self.context = context
        self.stereotype = stereotype
        self.antiStereotype = antiStereotype
        self.unrelated = unrelated
    }
}
