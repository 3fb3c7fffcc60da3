import Foundation

/// A hint: a block quote whose text starts with `Hint:`. A step or question may have several;
/// they are revealed one at a time, in file order.
public struct Hint: Sendable, Hashable {
    /// The hint's text after `Hint:`, as plain text (may be empty: lint reports that).
    public let text: String
    /// The block quote it came from (for rendering with emphasis, code and links).
    public let node: MarkdownNode
    /// Where the block quote starts.
    public let position: SourcePosition

    /// The hint in a block-quote node, or nil when the quote does not start with `Hint:`.
    public init?(_ node: MarkdownNode) {
        guard case .blockQuote = node.kind else { return nil }
        let text = node.plainText
        guard let rest = Self.strippingLabel(text) else { return nil }
        self.text = rest
        self.node = node
        self.position = node.position
    }

    /// The text after a leading `Hint:` (any case, optional bold), or nil when there is none.
    static func strippingLabel(_ text: String) -> String? {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" })
        guard trimmed.count >= 5, trimmed.prefix(5).lowercased() == "hint:" else { return nil }
        return trimmed.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
