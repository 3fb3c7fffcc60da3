/// GPT-2's reversible map between the 256 byte values and printable Unicode scalars: the bytes
/// `!`…`~`, `¡`…`¬`, `®`…`ÿ` stand for themselves, every other byte `b` is U+0100 + its rank among them
/// (so a space is `Ġ` U+0120 and a newline `Ċ` U+010A).
public enum ByteLevelAlphabet {
    /// The scalar standing for each byte.
    public static let scalarsByByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The byte each mapped scalar stands for.
    public static let bytesByScalar: [Unicode.Scalar: UInt8] = {
        var table: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in scalarsByByte.enumerated() { table[scalar] = UInt8(byte) }
        return table
    }()

    /// `bytes` written in the alphabet.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var view = String.UnicodeScalarView()
        for byte in bytes { view.append(scalarsByByte[Int(byte)]) }
        return String(view)
    }

    /// The bytes a token written in the alphabet stands for; scalars outside the alphabet give their UTF-8.
    public static func decode(_ token: String, into bytes: inout [UInt8]) {
        for scalar in token.unicodeScalars {
            if let byte = bytesByScalar[scalar] {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: Array(String(scalar).utf8))
            }
        }
    }
}
