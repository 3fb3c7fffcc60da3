import Foundation

/// Finds and redacts personal data that has a recognisable shape: e-mail addresses and phone
/// numbers, national (`(555) 010-0199`, `020 7946 0958`) and international (`+44 20 7946 0958`,
/// `+1-202-555-0143`, `0049 30 1234567`).
///
/// Rules (documented so students can reason about misses):
/// - e-mail: `local@domain.tld`, local part of letters, digits and `._%+-`, a dotted domain whose
///   last label has at least two letters;
/// - phone: an optional `+` or `00` country prefix, then digit groups separated by single spaces,
///   dots or hyphens, optionally one group in parentheses, **7 to 15 digits in all** (E.164's
///   maximum is 15), not part of a longer run of letters or digits. Dates such as `2024-01-05`
///   (8 digits in 4-2-2 groups) and plain years are not phones.
/// Names, street addresses and ID numbers are not detected: they need a trained recogniser.
public enum PersonalDataDetector {
    nonisolated(unsafe) private static let email = try? NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"#)
    nonisolated(unsafe) private static let phone = try? NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9+])(?:\+|00)?(?:\(\d{1,5}\)|\d{1,5})(?:[ .-]?(?:\(\d{1,5}\)|\d{1,5})){1,6}(?![A-Za-z0-9])"#)
    nonisolated(unsafe) private static let date = try? NSRegularExpression(pattern: #"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"#)

    /// Every e-mail address and phone number in `text`, in order of position.
    public static func find(in text: String) -> [PersonalDataFinding] {
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        var findings: [(range: Range<String.Index>, kind: String)] = []
        for match in email?.matches(in: text, range: whole) ?? [] {
            if let range = Range(match.range, in: text) { findings.append((range, "email")) }
        }
        for match in phone?.matches(in: text, range: whole) ?? [] {
            guard let range = Range(match.range, in: text),
                  !findings.contains(where: { $0.range.overlaps(range) }) else { continue }
            let candidate = String(text[range])
            let digits = candidate.filter(\.isNumber).count
            let looksLikeDate = date?.firstMatch(in: candidate, range: NSRange(candidate.startIndex..<candidate.endIndex, in: candidate)) != nil
            if (7...15).contains(digits) && !looksLikeDate { findings.append((range, "phone")) }
        }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { finding in
            let start = text.unicodeScalars.distance(from: text.startIndex, to: finding.range.lowerBound)
            let length = text[finding.range].unicodeScalars.count
            return PersonalDataFinding(kind: finding.kind, text: String(text[finding.range]), start: start, end: start + length)
        }
    }

    /// `text` with every finding replaced by `[EMAIL]` or `[PHONE]`.
    public static func redact(_ text: String) -> String {
        var result = ""
        var scalars = Array(text.unicodeScalars)[...]
        var position = 0
        for finding in find(in: text) {
            result.unicodeScalars.append(contentsOf: scalars.prefix(finding.start - position))
            result += "[\(finding.kind.uppercased())]"
            scalars = scalars.dropFirst(finding.end - position)
            position = finding.end
        }
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
