/// Byte-level BPE, as Hugging Face's tokenizers run it for GPT-2, SmolLM2 and Llama 3: added tokens
/// matched first, the pre-tokenizer steps (`PreTokenizer`), each piece's UTF-8 bytes written in
/// `ByteLevelAlphabet`, then merges applied lowest rank first; decoding maps the alphabet back to bytes.
public struct ByteLevelBPETokenizer: Tokenizer {
    public var kind: String { "byte-level BPE" }
    /// Token text → id (model vocabulary plus added tokens).
    public let vocabulary: [String: Int]
    /// Id → token text.
    public let tokensByID: [String]
    /// Merge ranks: `(left id, right id)` packed as `left << 32 | right` → `(rank, merged id)`.
    let merges: [UInt64: (rank: Int32, merged: Int32)]
    /// The id of each byte's alphabet scalar, or -1 when the vocabulary lacks it.
    let byteIDs: [Int]
    /// Pre-tokenisation steps, in order.
    public let preTokenizers: [PreTokenizer]
    /// Tokens matched in the raw text first.
    public let addedTokens: AddedTokens
    /// When set, a piece that is itself in the vocabulary is not merged (tokenizers' `ignore_merges`).
    public let ignoreMerges: Bool
    /// Ids put before / after the text when special tokens are added (often none).
    public let templatePrefix: [Int]
    /// Ids put after the text when special tokens are added.
    public let templateSuffix: [Int]
    /// The special tokens (from the tokenizer files).
    public let specialTokens: SpecialTokens

    /// A tokenizer over `vocabulary` and `merges` (pairs of token strings, highest priority first).
    /// - Throws: `TokenizerError` (naming `source`) when a merge names a token the vocabulary lacks.
    public init(vocabulary: [String: Int], merges: [(String, String)], preTokenizers: [PreTokenizer],
                addedTokens: [AddedTokens.Token], ignoreMerges: Bool = false, templatePrefix: [Int] = [],
                templateSuffix: [Int] = [], specialTokens: SpecialTokens, source: String) throws {
        var vocabulary = vocabulary
        for token in addedTokens where vocabulary[token.content] == nil { vocabulary[token.content] = token.id }
        self.vocabulary = vocabulary
        var byID = [String](repeating: "", count: (vocabulary.values.max() ?? -1) + 1)
        for (token, id) in vocabulary { byID[id] = token }
        tokensByID = byID
        var table: [UInt64: (rank: Int32, merged: Int32)] = [:]
        table.reserveCapacity(merges.count)
        for (rank, pair) in merges.enumerated() {
            guard let left = vocabulary[pair.0], let right = vocabulary[pair.1] else {
                throw TokenizerError(file: source, place: "merge \(rank + 1) \"\(pair.0) \(pair.1)\"",
                                     problem: "names a token that is not in the vocabulary")
            }
            guard let merged = vocabulary[pair.0 + pair.1] else {
                throw TokenizerError(file: source, place: "merge \(rank + 1) \"\(pair.0) \(pair.1)\"",
                                     problem: "makes \"\(pair.0 + pair.1)\", which is not in the vocabulary")
            }
            let key = UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))
            if table[key] == nil { table[key] = (Int32(rank), Int32(merged)) }
        }
        self.merges = table
        byteIDs = ByteLevelAlphabet.scalarsByByte.map { vocabulary[String($0)] ?? -1 }
        self.preTokenizers = preTokenizers
        self.addedTokens = AddedTokens(addedTokens)
        self.ignoreMerges = ignoreMerges
        self.templatePrefix = templatePrefix
        self.templateSuffix = templateSuffix
        self.specialTokens = specialTokens
    }

    /// The number of ids, added tokens included.
    public var vocabularySize: Int { tokensByID.count }

    /// The id of a token string, or nil.
    public func id(of token: String) -> Int? { vocabulary[token] }

    /// The token string of an id, or nil.
    public func token(of id: Int) -> String? { id >= 0 && id < tokensByID.count ? tokensByID[id] : nil }

    /// Ids, tokens and offsets of `text` (see `Tokenizer.encode`).
    public func encode(_ text: String, addSpecialTokens: Bool) -> Encoding {
        addedTokens.encode(text, addSpecialTokens: addSpecialTokens, prefix: templatePrefix, suffix: templateSuffix,
                           tokensByID: tokensByID) { original, range, encoding in
            encodeText(original, range, into: &encoding)
        }
    }

    /// Pre-tokenises and merges one stretch of text between added tokens.
    private func encodeText(_ original: [Unicode.Scalar], _ range: Range<Int>, into encoding: inout Encoding) {
        var scalars = Array(original[range])
        var origins = Array(range)
        if preTokenizers.contains(where: { if case .byteLevel(true, _) = $0 { return true } else { return false } }),
           scalars.first != " " {
            scalars.insert(" ", at: 0)
            origins.insert(range.lowerBound, at: 0)
        }
        var pieces = scalars.isEmpty ? [] : [0..<scalars.count]
        for step in preTokenizers { pieces = step.split(scalars, pieces) }
        var bytes: [UInt8] = []
        var byteScalar: [Int] = []
        for piece in pieces {
            bytes.removeAll(keepingCapacity: true)
            byteScalar.removeAll(keepingCapacity: true)
            for index in piece {
                for byte in String(scalars[index]).utf8 {
                    bytes.append(byte)
                    byteScalar.append(index)
                }
            }
            for (id, byteRange) in merge(bytes) {
                let first = byteScalar[byteRange.lowerBound], last = byteScalar[byteRange.upperBound - 1]
                let offset = origins[first] ..< origins[last] + 1
                encoding.append(id: id, token: tokensByID[id], offset: offset, special: false)
            }
        }
    }

    /// BPE over one piece's bytes: the ids and the byte range each covers.
    func merge(_ bytes: [UInt8]) -> [(id: Int, bytes: Range<Int>)] {
        if ignoreMerges, let whole = vocabulary[ByteLevelAlphabet.encode(bytes)] {
            return [(whole, 0..<bytes.count)]
        }
        var symbols: [(id: Int, bytes: Range<Int>)] = []
        symbols.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            let id = byteIDs[Int(byte)]
            if id >= 0 { symbols.append((id, index..<index + 1)) }
        }
        while symbols.count > 1 {
            var bestRank = Int32.max
            var bestMerged: Int32 = 0
            var bestLeft = 0, bestRight = 0
            for index in 0..<(symbols.count - 1) {
                let key = UInt64(UInt32(symbols[index].id)) << 32 | UInt64(UInt32(symbols[index + 1].id))
                if let entry = merges[key], entry.rank < bestRank {
                    bestRank = entry.rank
                    bestMerged = entry.merged
                    bestLeft = symbols[index].id
                    bestRight = symbols[index + 1].id
                }
            }
            if bestRank == .max { break }
            var merged: [(id: Int, bytes: Range<Int>)] = []
            merged.reserveCapacity(symbols.count)
            var index = 0
            while index < symbols.count {
                if index + 1 < symbols.count && symbols[index].id == bestLeft && symbols[index + 1].id == bestRight {
                    merged.append((Int(bestMerged), symbols[index].bytes.lowerBound ..< symbols[index + 1].bytes.upperBound))
                    index += 2
                } else {
                    merged.append(symbols[index])
                    index += 1
                }
            }
            symbols = merged
        }
        return symbols
    }

    /// Text of `ids` as Hugging Face decodes it (see `Tokenizer.decode`).
    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            guard let token = token(of: id) else { continue }
            if skipSpecialTokens && specialTokens.ids.contains(id) { continue }
            ByteLevelAlphabet.decode(token, into: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
