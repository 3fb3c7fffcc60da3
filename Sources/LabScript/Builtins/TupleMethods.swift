/// The methods of `tuple`, with CPython's results and messages.
enum TupleMethods {
    /// The methods, by name.
    static let table: [String: Method<[Value]>] = [
        "index": { _, t, a in try Methods.sequenceSearch(t, "index", a, typeName: "tuple") },
        "count": { _, t, a in try Methods.sequenceSearch(t, "count", a, typeName: "tuple") },
    ]
}
