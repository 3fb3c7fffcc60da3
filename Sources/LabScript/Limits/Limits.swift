/// The bounds of one run: a program that exceeds one is stopped with a `LimitError` that says
/// which bound and how to change it. The defaults are far above what any lab needs.
public struct Limits: Sendable, Equatable {
    /// Loop iterations, function calls and comprehension items a run may perform.
    public var steps: Int
    /// How deep function calls may nest (CPython's default recursion limit is 1000).
    public var recursionDepth: Int
    /// Elements held by live lists, dicts and sets together, and the largest str, tuple or
    /// container one operation may build (in elements or characters).
    public var memory: Int
    /// Characters `print` may write in one run.
    public var outputCharacters: Int

    /// Bounds with explicit values.
    public init(steps: Int = 50_000_000, recursionDepth: Int = 1000, memory: Int = 20_000_000, outputCharacters: Int = 10_000_000) {
        self.steps = steps
        self.recursionDepth = recursionDepth
        self.memory = memory
        self.outputCharacters = outputCharacters
    }

    /// The defaults: 50 million steps, recursion depth 1000, 20 million elements, 10 million
    /// printed characters.
    public static let standard = Limits()
}
