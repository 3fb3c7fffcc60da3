import Foundation
import LabKit

/// How the output of a python block compares with its `output` block.
///
/// - Lines are compared one by one, ignoring trailing spaces and trailing blank lines.
/// - `...` inside a line matches any text within that line (possibly empty).
/// - With a tolerance (`output tol=0.01`), every number in the expected text matches a number in
///   the actual text that differs from it by at most the tolerance (absolute); without one,
///   numbers must match exactly as written.
extension ExpectedOutput {
    /// Compares `actual` (what the code printed) with this expectation.
    public func compare(with actual: String) -> OutputVerdict {
        let expectedLines = Self.lines(of: text)
        let actualLines = Self.lines(of: actual)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let expected = index < expectedLines.count ? expectedLines[index] : nil
            let got = index < actualLines.count ? actualLines[index] : nil
            guard let expected, let got else {
                return .differs(line: index + 1, expected: expected ?? "(no more lines)", actual: got ?? "(no more lines)")
            }
            if !LinePattern(expected, tolerance: tolerance).matches(got) {
                return .differs(line: index + 1, expected: expected, actual: got)
            }
        }
        return .matches
    }

    /// The lines of `text` without trailing spaces, and without trailing blank lines.
    static func lines(of text: String) -> [String] {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var line = Substring(line)
                while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
                return String(line)
            }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines
    }
}

/// How a comparison of printed output with an `output` block came out.
public enum OutputVerdict: Sendable, Equatable {
    /// Every line matched.
    case matches
    /// Line `line` (1-based, in the expected block) differs: what was expected and what came.
    case differs(line: Int, expected: String, actual: String)
}

/// One expected line compiled into literal text, wildcards and numbers.
struct LinePattern {
    enum Piece: Equatable {
        case literal([Character])
        case wildcard
        case number(Double)
    }

    let pieces: [Piece]
    let tolerance: Double?

    init(_ line: String, tolerance: Double?) {
        self.tolerance = tolerance
        var pieces: [Piece] = []
        var literal: [Character] = []
        let characters = Array(line)
        var index = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
        }
        while index < characters.count {
            if index + 2 < characters.count,
               characters[index] == ".", characters[index + 1] == ".", characters[index + 2] == "." {
                flush()
                pieces.append(.wildcard)
                index += 3
                continue
            }
            if tolerance != nil, let (value, length) = LinePattern.number(in: characters, at: index) {
                flush()
                pieces.append(.number(value))
                index += length
                continue
            }
            literal.append(characters[index])
            index += 1
        }
        flush()
        self.pieces = pieces
    }

    /// Whether `line` matches the whole pattern.
    func matches(_ line: String) -> Bool {
        let characters = Array(line)
        var failed = Set<Int>()  // (piece, position) pairs known not to match
        return match(piece: 0, at: 0, in: characters, failed: &failed)
    }

    private func match(piece: Int, at position: Int, in characters: [Character], failed: inout Set<Int>) -> Bool {
        if piece == pieces.count { return position == characters.count }
        let key = piece &* 1_000_003 &+ position
        if failed.contains(key) { return false }
        var result = false
        switch pieces[piece] {
        case .literal(let text):
            if position + text.count <= characters.count,
               characters[position..<position + text.count].elementsEqual(text) {
                result = match(piece: piece + 1, at: position + text.count, in: characters, failed: &failed)
            }
        case .wildcard:
            var end = position
            while end <= characters.count {
                if match(piece: piece + 1, at: end, in: characters, failed: &failed) { result = true; break }
                end += 1
            }
        case .number(let expected):
            if let (value, length) = LinePattern.number(in: characters, at: position),
               abs(value - expected) <= tolerance ?? 0 {
                result = match(piece: piece + 1, at: position + length, in: characters, failed: &failed)
            }
        }
        if !result { failed.insert(key) }
        return result
    }

    /// A decimal number starting at `index` (optional sign, digits, fraction, exponent) that is
    /// not the tail of a word: its value and its length in characters.
    static func number(in characters: [Character], at index: Int) -> (Double, Int)? {
        if index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == "." {
            return nil
        }
        var end = index
        if end < characters.count, characters[end] == "-" || characters[end] == "+" { end += 1 }
        let digitsStart = end
        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        var sawDigits = end > digitsStart
        if end < characters.count, characters[end] == "." {
            let afterPoint = end + 1
            var fractionEnd = afterPoint
            while fractionEnd < characters.count, characters[fractionEnd].isASCII, characters[fractionEnd].isNumber {
                fractionEnd += 1
            }
            if fractionEnd > afterPoint {
                end = fractionEnd
                sawDigits = true
            }
        }
        guard sawDigits else { return nil }
        if end < characters.count, characters[end] == "e" || characters[end] == "E" {
            var exponentEnd = end + 1
            if exponentEnd < characters.count, characters[exponentEnd] == "-" || characters[exponentEnd] == "+" {
                exponentEnd += 1
            }
            let exponentDigits = exponentEnd
            while exponentEnd < characters.count, characters[exponentEnd].isASCII, characters[exponentEnd].isNumber {
                exponentEnd += 1
            }
            if exponentEnd > exponentDigits { end = exponentEnd }
        }
        guard let value = Double(String(characters[index..<end])) else { return nil }
        return (value, end - index)
    }
}
