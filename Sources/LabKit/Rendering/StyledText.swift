/// Inline text made of styled pieces, wrapped to a width without counting escape codes.
struct StyledText {
    /// A run of text with the styles that apply to all of it.
    struct Piece {
        var text: String
        var styles: [TerminalStyle]
    }

    var pieces: [Piece] = []

    mutating func append(_ text: String, _ styles: [TerminalStyle] = []) {
        guard !text.isEmpty else { return }
        pieces.append(Piece(text: text, styles: styles))
    }

    /// The text without styles.
    var plain: String { pieces.map(\.text).joined() }

    /// Visible width of `text` in columns: one per character, two for wide East Asian characters
    /// and emoji, none for combining marks.
    static func width(_ text: String) -> Int {
        var total = 0
        for character in text {
            guard let scalar = character.unicodeScalars.first else { continue }
            let value = scalar.value
            if value < 0x1100 { total += 1; continue }
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
                || (0x20000...0x3FFFD).contains(value)
            total += wide ? 2 : 1
        }
        return total
    }

    /// Renders the pieces, styled for `terminal`, wrapped at spaces to `width` columns; `\n` in
    /// a piece forces a line break. Words longer than a line stay whole on their own line.
    func wrapped(width: Int, on terminal: Terminal) -> [String] {
        // Words: runs of pieces between spaces; `nil` marks a forced line break.
        var words: [[Piece]?] = []
        var current: [Piece] = []
        func endWord() {
            if !current.isEmpty { words.append(current) }
            current = []
        }
        for piece in pieces {
            var buffer = ""
            for character in piece.text {
                if character == " " || character == "\n" {
                    if !buffer.isEmpty { current.append(Piece(text: buffer, styles: piece.styles)) }
                    buffer = ""
                    endWord()
                    if character == "\n" { words.append(nil) }
                } else {
                    buffer.append(character)
                }
            }
            if !buffer.isEmpty { current.append(Piece(text: buffer, styles: piece.styles)) }
        }
        endWord()

        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in words {
            guard let word else {
                lines.append(line)
                line = ""
                lineWidth = 0
                continue
            }
            let wordWidth = word.reduce(0) { $0 + Self.width($1.text) }
            if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            for piece in word { line += Self.style(piece.text, piece.styles, on: terminal) }
            lineWidth += wordWidth
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The whole text styled, on one line (for table cells).
    func styled(on terminal: Terminal) -> String {
        pieces.map { Self.style($0.text, $0.styles, on: terminal) }.joined()
    }

    static func style(_ text: String, _ styles: [TerminalStyle], on terminal: Terminal) -> String {
        guard terminal.usesColor, !styles.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}
