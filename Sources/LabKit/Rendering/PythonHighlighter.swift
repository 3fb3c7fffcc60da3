/// Light syntax colouring for python code blocks: keywords, built-ins, strings, numbers and
/// comments. Line by line, remembering an open triple-quoted string across lines.
struct PythonHighlighter {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "not",
        "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    static let builtins: Set<String> = [
        "print", "repr", "len", "range", "enumerate", "zip", "sorted", "reversed", "sum", "min", "max", "abs",
        "round", "str", "int", "float", "bool", "list", "dict", "set", "tuple", "isinstance", "any", "all",
        "map", "filter", "pipeline",
    ]

    /// The delimiter of a triple-quoted string still open at the end of the last line.
    private var openTriple: String?

    /// `line` with colour escapes for `terminal` (unchanged without colour).
    mutating func highlight(_ line: String, on terminal: Terminal) -> String {
        guard terminal.usesColor else { return line }
        let characters = Array(line)
        var output = ""
        var index = 0
        func emit(_ text: String, _ style: TerminalStyle?) {
            output += style.map { $0.apply(text, on: terminal) } ?? text
        }
        if let delimiter = openTriple {
            let (end, closed) = Self.findClose(characters, from: 0, delimiter: Array(delimiter))
            emit(String(characters[0..<end]), .green)
            index = end
            if closed { openTriple = nil } else { return output }
        }
        while index < characters.count {
            let character = characters[index]
            if character == "#" {
                emit(String(characters[index...]), .dim)
                break
            }
            if character == "\"" || character == "'" {
                let triple = index + 2 < characters.count && characters[index + 1] == character && characters[index + 2] == character
                let delimiter = triple ? [character, character, character] : [character]
                let (end, closed) = Self.findClose(characters, from: index + delimiter.count, delimiter: delimiter)
                emit(String(characters[index..<end]), .green)
                index = end
                if triple, !closed { openTriple = String(delimiter) }
                continue
            }
            if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
                    end += 1
                }
                let word = String(characters[index..<end])
                // A string prefix such as f"…" or rb'…'.
                if end < characters.count, characters[end] == "\"" || characters[end] == "'",
                   word.count <= 2, word.lowercased().allSatisfy({ "frbu".contains($0) }) {
                    emit(word, .green)
                    index = end
                    continue
                }
                emit(word, Self.keywords.contains(word) ? .magenta : Self.builtins.contains(word) ? .cyan : nil)
                index = end
                continue
            }
            if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." || characters[end] == "_"
                        || characters[end] == "e" {
                    end += 1
                }
                emit(String(characters[index..<end]), .yellow)
                index = end
                continue
            }
            output.append(character)
            index += 1
        }
        return output
    }

    /// The index after the closing `delimiter` (honouring backslash escapes), and whether it was found.
    private static func findClose(_ characters: [Character], from start: Int, delimiter: [Character]) -> (Int, Bool) {
        var index = start
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if index + delimiter.count <= characters.count, Array(characters[index..<index + delimiter.count]) == delimiter {
                return (index + delimiter.count, true)
            }
            index += 1
        }
        return (characters.count, false)
    }
}
