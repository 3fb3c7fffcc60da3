/// A built-in type (`int`, `str`, `ValueError`, …): callable to convert or construct, usable
/// with `isinstance` and `except`.
public final class TypeObject {
    /// The type's name.
    public let name: String
    /// The base type (exceptions form a hierarchy).
    let base: TypeObject?
    let isException: Bool

    init(_ name: String, base: TypeObject? = nil, isException: Bool = false) {
        self.name = name
        self.base = base
        self.isException = isException
    }

    /// Whether this type is `other` or derives from it.
    func isSubtype(of other: TypeObject) -> Bool {
        var t: TypeObject? = self
        while let current = t {
            if current === other { return true }
            t = current.base
        }
        return false
    }
}
