/// Word wrapping for terminal output.
public enum TextWrap {
    /// `text` wrapped to `width` columns, every line starting with `indent`; paragraphs (blank
    /// lines) are kept, and a word longer than a line is left whole.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        let available = max(10, width - indent.count)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= available {
                    line += " " + word
                } else {
                    lines.append(indent + line)
                    line = String(word)
                }
            }
            lines.append(line.isEmpty ? "" : indent + line)
        }
        return lines.joined(separator: "\n")
    }
}
