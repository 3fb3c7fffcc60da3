/// The pre-tokenisation steps of a byte-level BPE tokenizer, as `tokenizer.json` lists them
/// (`ByteLevel`, `Digits`, or a `Sequence` of them). Each step splits the current pieces further.
public enum PreTokenizer: Sendable, Equatable {
    /// `ByteLevel`: optionally add a leading space, then (with `useRegex`) split with GPT-2's pattern
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    /// `Digits`: isolate numbers, each digit alone when `individualDigits`, else runs of digits.
    case digits(individualDigits: Bool)

    /// Splits each range of `pieces` over `scalars` into smaller ranges.
    public func split(_ scalars: [Unicode.Scalar], _ pieces: [Range<Int>]) -> [Range<Int>] {
        var output: [Range<Int>] = []
        for piece in pieces {
            switch self {
            case .byteLevel(_, let useRegex):
                if useRegex { Self.splitGPT2(scalars, piece, into: &output) } else { output.append(piece) }
            case .digits(let individual):
                Self.splitDigits(scalars, piece, individual: individual, into: &output)
            }
        }
        return output
    }

    /// GPT-2's pattern, matched by hand (leftmost alternative that matches wins, as the regex does).
    static func splitGPT2(_ s: [Unicode.Scalar], _ range: Range<Int>, into output: inout [Range<Int>]) {
        let end = range.upperBound
        var i = range.lowerBound
        func isOther(_ c: Unicode.Scalar) -> Bool {
            !UnicodeClasses.isWhitespace(c) && !UnicodeClasses.isLetter(c) && !UnicodeClasses.isNumber(c)
        }
        func run(from start: Int, while test: (Unicode.Scalar) -> Bool) -> Int {
            var j = start
            while j < end && test(s[j]) { j += 1 }
            return j
        }
        while i < end {
            let c = s[i]
            // Contractions: 's 't 're 've 'm 'll 'd (lowercase only, as the pattern is case-sensitive).
            if c == "'" && i + 1 < end {
                let n = s[i + 1]
                if n == "s" || n == "t" || n == "m" || n == "d" {
                    output.append(i..<i + 2); i += 2; continue
                }
                if i + 2 < end {
                    let pair = (n, s[i + 2])
                    if pair == ("r", "e") || pair == ("v", "e") || pair == ("l", "l") {
                        output.append(i..<i + 3); i += 3; continue
                    }
                }
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`.
            let start = (c == " " && i + 1 < end) ? i + 1 : i
            let first = s[start]
            if UnicodeClasses.isLetter(first) {
                let j = run(from: start, while: UnicodeClasses.isLetter)
                output.append(i..<j); i = j; continue
            }
            if UnicodeClasses.isNumber(first) {
                let j = run(from: start, while: UnicodeClasses.isNumber)
                output.append(i..<j); i = j; continue
            }
            if isOther(first) {
                let j = run(from: start, while: isOther)
                output.append(i..<j); i = j; continue
            }
            // `\s+(?!\S)` then `\s+`.
            let j = run(from: i, while: UnicodeClasses.isWhitespace)
            if j == end || j - 1 == i {
                output.append(i..<j); i = j
            } else {
                output.append(i..<j - 1); i = j - 1
            }
        }
    }

    /// Numbers isolated from the rest (Rust's `char::is_numeric`).
    static func splitDigits(_ s: [Unicode.Scalar], _ range: Range<Int>, individual: Bool,
                            into output: inout [Range<Int>]) {
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            if UnicodeClasses.isNumber(s[i]) {
                if start < i { output.append(start..<i) }
                var j = i + 1
                if !individual { while j < range.upperBound && UnicodeClasses.isNumber(s[j]) { j += 1 } }
                output.append(i..<j)
                i = j
                start = j
            } else {
                i += 1
            }
        }
        if start < range.upperBound { output.append(start..<range.upperBound) }
    }
}
