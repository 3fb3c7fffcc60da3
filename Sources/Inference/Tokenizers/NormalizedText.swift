/// Text after normalisation, with the original position of every scalar so that tokens can
/// report offsets into the text the user gave.
public struct NormalizedText: Sendable, Equatable {
    /// The normalised scalars.
    public var scalars: [Unicode.Scalar] = []
    /// For each normalised scalar, the index of the original scalar it came from.
    public var origins: [Int] = []

    /// Empty text.
    public init() {}

    /// The scalars `range` of `original`, unchanged.
    public init(_ original: [Unicode.Scalar], range: Range<Int>) {
        scalars = Array(original[range])
        origins = Array(range)
    }

    /// Appends `scalar` that came from original scalar `origin`.
    public mutating func append(_ scalar: Unicode.Scalar, origin: Int) {
        scalars.append(scalar)
        origins.append(origin)
    }

    /// The original span covered by normalised scalars `range` (`range` must not be empty).
    public func originalSpan(_ range: Range<Int>) -> Range<Int> {
        origins[range.lowerBound] ..< origins[range.upperBound - 1] + 1
    }

    /// The normalised scalars `range` as a string.
    public func string(_ range: Range<Int>) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[range])
        return String(text)
    }
}
