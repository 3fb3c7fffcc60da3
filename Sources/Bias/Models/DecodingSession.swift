/// One context being continued token by token: the next-token distribution of the context so far,
/// and a way to append the token that was chosen. Decoding-time mitigations keep one session per
/// context they compare (the prompt and its counterfactual, or the prompt with and without a
/// debiasing prefix), so an engine with a key/value cache runs each new token once per context
/// instead of re-reading the whole context at every step.
public protocol DecodingSession: AnyObject {
    /// The log-softmax over the vocabulary (natural log) for the token after the context so far.
    func nextTokenLogProbabilities() throws -> [Float]
    /// Appends `token` to the context.
    func append(_ token: Int) throws
}
