/// The 64-bit FNV-1a hash (Fowler, Noll, Vo) of a string's UTF-8 bytes: start from the offset
/// basis 0xCBF29CE484222325; for every byte, xor it in and multiply by the prime 0x100000001B3.
///
/// Stable across processes and machines, unlike Swift's `Hasher`; used to seed per-student shuffles.
/// Not a cryptographic hash.
public enum FNV1a {
    /// The hash of `text`'s UTF-8 bytes.
    public static func hash64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
