import Foundation

/// Turns a file's bytes into the text the parsers read.
///
/// Invalid UTF-8 becomes U+FFFD, a leading byte-order mark is dropped, and CRLF or lone CR line
/// endings become LF, so line numbers agree with what an editor shows. Tabs are kept (cmark-gfm
/// expands them to 4-column stops where Markdown needs it).
public enum SourceText {
    /// The normalised text of `bytes`.
    public static func normalize<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        // Skip a UTF-8 byte-order mark.
        if bytes.count >= 3 {
            let first = bytes[index], second = bytes[bytes.index(after: index)]
            let third = bytes[bytes.index(index, offsetBy: 2)]
            if first == 0xEF, second == 0xBB, third == 0xBF { index = bytes.index(index, offsetBy: 3) }
        }
        var previousWasCR = false
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0D {
                output.append(0x0A)
                previousWasCR = true
            } else {
                if !(byte == 0x0A && previousWasCR) { output.append(byte) }
                previousWasCR = false
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The normalised text of a string (line endings and a leading byte-order mark).
    public static func normalize(_ text: String) -> String {
        normalize(Array(text.utf8))
    }

    /// Reads and normalises the file at `url`.
    /// - Throws: `LabFileError.unreadable` when the file cannot be read.
    public static func read(_ url: URL) throws(LabFileError) -> String {
        do {
            let data = try Data(contentsOf: url)
            return normalize(data)
        } catch {
            throw LabFileError.unreadable(path: url.path, reason: Self.reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError || nsError.code == 260 {
            return "no such file"
        }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
