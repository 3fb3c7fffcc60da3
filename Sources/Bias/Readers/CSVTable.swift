/// A comma-separated table as Python's `csv` module and pandas read it (RFC 4180): fields may be
/// quoted with `"`, quoted fields may hold commas, newlines and doubled quotes `""`.
public struct CSVTable: Sendable {
    /// One data row with the 1-based line of the file it starts on.
    public struct Row: Sendable {
        /// The line the row starts on.
        public let line: Int
        /// The fields, in column order.
        public let fields: [String]
    }

    /// The header's column names.
    public let header: [String]
    /// The data rows (empty lines are skipped).
    public let rows: [Row]

    /// Parses `text`; `file` names it in errors. Throws on an unterminated quote or a stray quote.
    public init(text: String, file: String) throws {
        var records: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedFieldEnded = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.unicodeScalars)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields = []
            quotedFieldEnded = false
        }
        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                        quotedFieldEnded = true
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.unicodeScalars.append(character)
                }
            } else {
                switch character {
                case ",":
                    fields.append(field)
                    field = ""
                    quotedFieldEnded = false
                case "\r":
                    break
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
                case "\"" where field.isEmpty && !quotedFieldEnded:
                    inQuotes = true
                default:
                    if quotedFieldEnded {
                        throw BiasError(file: file, line: line, problem: "text after a closing quote in a CSV field",
                                        fix: "quote the whole field and double any quote inside it (\"\")")
                    }
                    field.unicodeScalars.append(character)
                }
            }
            index += 1
        }
        if inQuotes {
            throw BiasError(file: file, line: recordLine, problem: "a quoted CSV field is never closed",
                            fix: "add the closing quote \" to the field that starts on this line")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else {
            throw BiasError(file: file, problem: "the CSV file is empty", fix: "give a file with a header line and data rows")
        }
        header = first.fields
        rows = Array(records.dropFirst())
    }

    /// The index of the column named `name`, or an error naming the columns that exist.
    public func column(_ name: String, file: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw BiasError(file: file, line: 1, problem: "the header has no column '\(name)' (columns: \(header.joined(separator: ", ")))",
                            fix: "use a file in this format, with a '\(name)' column")
        }
        return index
    }
}
