/// The result of tokenising one text: parallel arrays of ids, token strings and offsets.
public struct Encoding: Sendable, Equatable {
    /// The token ids.
    public var ids: [Int]
    /// The token strings (`"##ing"`, `"Ġworld"`).
    public var tokens: [String]
    /// Each token's span in the original text, in Unicode scalars (as Python's `str` indexes);
    /// `0..<0` for tokens the template added.
    public var offsets: [Range<Int>]
    /// Whether each token is special (added by the template or a special added token).
    public var specialTokensMask: [Bool]

    /// An encoding from parallel arrays.
    public init(ids: [Int] = [], tokens: [String] = [], offsets: [Range<Int>] = [], specialTokensMask: [Bool] = []) {
        self.ids = ids
        self.tokens = tokens
        self.offsets = offsets
        self.specialTokensMask = specialTokensMask
    }

    /// The number of tokens.
    public var count: Int { ids.count }

    /// Appends one token.
    public mutating func append(id: Int, token: String, offset: Range<Int>, special: Bool) {
        ids.append(id)
        tokens.append(token)
        offsets.append(offset)
        specialTokensMask.append(special)
    }

    /// Appends every token of `other`.
    public mutating func append(contentsOf other: Encoding) {
        ids += other.ids
        tokens += other.tokens
        offsets += other.offsets
        specialTokensMask += other.specialTokensMask
    }
}
