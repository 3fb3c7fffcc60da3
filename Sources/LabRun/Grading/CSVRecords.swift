/// A small RFC 4180 CSV reader that keeps the line each record starts on.
///
/// Fields are separated by commas; a field in double quotes may hold commas, line breaks and
/// doubled quotes (`""`). CRLF and LF line endings and a leading byte-order mark are accepted.
/// Blank lines are skipped. A quote that is never closed ends the reading with an error at the
/// line where the quoted field began.
public struct CSVRecords: Sendable {
    /// One record: its 1-based starting line and its fields.
    public struct Record: Sendable, Hashable {
        /// The line the record starts on.
        public let line: Int
        /// Field values, unquoted.
        public let fields: [String]
    }

    /// The records read, in order.
    public let records: [Record]
    /// The line of an unclosed quote, when the text ended inside one.
    public let unclosedQuoteLine: Int?

    /// Reads every record of `text`.
    public init(text: String) {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var fieldWasQuoted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endRecord() {
            fields.append(field)
            // A line with nothing on it is not a record.
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    if !(scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n") {
                        field.unicodeScalars.append(scalar)
                    }
                }
            } else {
                switch scalar {
                case "\"" where field.isEmpty && !fieldWasQuoted:
                    inQuotes = true
                    fieldWasQuoted = true
                    quoteLine = line
                case ",":
                    fields.append(field)
                    field = ""
                    fieldWasQuoted = false
                case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n":
                    break
                case "\n", "\r":
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    field.unicodeScalars.append(scalar)
                }
            }
            index += 1
        }
        if inQuotes {
            self.records = records
            self.unclosedQuoteLine = quoteLine
            return
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        self.records = records
        self.unclosedQuoteLine = nil
    }
}
