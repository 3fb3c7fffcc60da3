/// A fenced ` ```output ` block: what the python block before it should print.
///
/// ` ```output tol=0.01 ` compares numbers with an absolute tolerance (so `0.2999` matches `0.3`);
/// without it the comparison is exact after trimming trailing whitespace.
public struct ExpectedOutput: Sendable, Hashable {
    /// The expected text without its final newline.
    public let text: String
    /// Numeric tolerance from `tol=` (or `tolerance=`), if given.
    public let tolerance: Double?
    /// Where the block starts (the opening fence).
    public let position: SourcePosition
    /// The file line of the first expected line.
    public let firstLine: Int
    /// The attributes as written, for lint (`tol=abc` is reported).
    public let attributes: [String]

    /// An expected output made from a parsed ` ```output ` code block.
    public init(_ block: CodeBlock) {
        text = block.source
        tolerance = (block.attribute("tol") ?? block.attribute("tolerance")).flatMap(Double.init)
        position = block.position
        firstLine = block.firstLine
        attributes = block.attributes
    }
}
