import LabKit

/// Prints several texts in columns, one per model, for `labrun step N --model A --model B`:
/// each column headed by its title, its lines wrapped to the column's width.
public struct SideBySide: Sendable {
    /// The terminal (its width and colours).
    public let terminal: Terminal

    /// Columns fitted to `terminal`.
    public init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// The columns as text, ending with a newline.
    public func render(_ columns: [(title: String, text: String)]) -> String {
        guard !columns.isEmpty else { return "" }
        let gap = 3
        let width = max(10, (terminal.width - gap * (columns.count - 1)) / columns.count)
        let wrapped = columns.map { column in
            (title: Self.wrap(column.title, width: width), lines: column.text.split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast(column.text.hasSuffix("\n") ? 1 : 0)
                .flatMap { Self.wrap(String($0), width: width) })
        }
        var out = ""
        let titleRows = wrapped.map(\.title.count).max() ?? 0
        for row in 0..<titleRows {
            out += line(wrapped.map { row < $0.title.count ? $0.title[row] : "" }, width: width, gap: gap, style: .bold)
        }
        out += line(wrapped.map { _ in String(repeating: "─", count: width) }, width: width, gap: gap, style: .dim)
        let rows = wrapped.map(\.lines.count).max() ?? 0
        for row in 0..<rows {
            out += line(wrapped.map { row < $0.lines.count ? $0.lines[row] : "" }, width: width, gap: gap, style: nil)
        }
        return out
    }

    private func line(_ cells: [String], width: Int, gap: Int, style: TerminalStyle?) -> String {
        let padded = cells.enumerated().map { index, cell -> String in
            let text = index == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, width - cell.count))
            return style.map { $0.apply(text, on: terminal) } ?? text
        }
        let joined = padded.joined(separator: String(repeating: " ", count: gap))
        return String(joined.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
    }

    /// `text` cut into pieces of at most `width` characters, at spaces where possible.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.count > width {
            let window = rest.prefix(width)
            let cut = window.lastIndex(of: " ").map { rest.distance(from: rest.startIndex, to: $0) } ?? width
            let end = rest.index(rest.startIndex, offsetBy: cut == 0 ? width : cut)
            pieces.append(String(rest[..<end]))
            rest = rest[end...].drop(while: { $0 == " " })
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}
