/// The methods of `range`, with CPython's results and messages.
enum RangeMethods {
    /// The methods, by name.
    static let table: [String: Method<RangeValue>] = [
        "index": search("index"),
        "count": search("count"),
    ]

    /// `index`, `count`: where an integer (or an integral float) is in the range, found by
    /// arithmetic rather than by walking it.
    private static func search(_ name: String) -> Method<RangeValue> {
        { rt, r, a in
            try Methods.arity(a, 1, 1)
            let v = Value.range(r)
            var found: Int?
            if let i = Equality.integerValue(a.positional[0]).flatMap({ Int(exactly: $0) }), try rt.contains(v, .int(i)) {
                found = (i - r.start) / r.step
            } else if case .float(let d) = a.positional[0], let i = Int(exactly: d), try rt.contains(v, .int(i)) {
                found = (i - r.start) / r.step
            }
            if name == "count" { return .int(found == nil ? 0 : 1) }
            guard let found else { throw ScriptException.value("\(a.positional[0].repr) is not in range") }
            return .int(found)
        }
    }
}
