/// The character classes the tokenizers split on, defined as Hugging Face's tokenizers define them.
enum UnicodeClasses {
    /// `\p{L}`: a letter (Lu, Ll, Lt, Lm, Lo).
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return (scalar.value >= 0x41 && scalar.value <= 0x5A) || (scalar.value >= 0x61 && scalar.value <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `\p{N}`: a number (Nd, Nl, No), also Rust's `char::is_numeric`.
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// `\s` / Rust's `char::is_whitespace`: the Unicode White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
        }
        return scalar.properties.isWhitespace
    }

    /// BERT's punctuation: ASCII punctuation (33–47, 58–64, 91–96, 123–126) or any Unicode P* category.
    static func isBertPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126) {
            return true
        }
        if v < 0x80 { return false }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// BERT's control characters (removed by clean-up): categories Cc, Cf, Cs, Co, Cn except tab, newline, return.
    static func isBertControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// BERT's CJK ideographs (the blocks BERT pads with spaces).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2A6DF)
            || (v >= 0x2A700 && v <= 0x2B73F) || (v >= 0x2B740 && v <= 0x2B81F) || (v >= 0x2B820 && v <= 0x2CEAF)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x2F800 && v <= 0x2FA1F)
    }
}
