/// The methods of `list`, with CPython's results and messages. `Methods.call` accounts for the
/// items they add or remove.
enum ListMethods {
    /// The methods, by name.
    static let table: [String: Method<ListObject>] = [
        "append": { _, l, a in
            try Methods.arity(a, 1, 1)
            l.items.append(a.positional[0])
            return .none
        },
        "extend": { rt, l, a in
            try Methods.arity(a, 1, 1)
            let items = try rt.iterate(a.positional[0])
            try rt.checkSize(l.items.count + items.count)
            l.items += items
            return .none
        },
        "insert": { _, l, a in
            try Methods.arity(a, 2, 2)
            guard var i = Equality.integerValue(a.positional[0]).map({ Int(clamping: $0) }) else {
                throw ScriptException.type("'\(a.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            let n = l.items.count
            if i < 0 { i = Swift.max(0, i + n) }
            l.items.insert(a.positional[1], at: Swift.min(i, n))
            return .none
        },
        "pop": { _, l, a in
            try Methods.arity(a, 0, 1)
            if l.items.isEmpty { throw ScriptException.error("IndexError", "pop from empty list") }
            var i = l.items.count - 1
            if let v = a.positional.first {
                guard let k = Equality.integerValue(v).map({ Int(clamping: $0) }) else {
                    throw ScriptException.type("'\(v.typeName)' object cannot be interpreted as an integer")
                }
                i = k < 0 ? k + l.items.count : k
                guard i >= 0 && i < l.items.count else { throw ScriptException.error("IndexError", "pop index out of range") }
            }
            return l.items.remove(at: i)
        },
        "remove": { _, l, a in
            try Methods.arity(a, 1, 1)
            guard let i = l.items.firstIndex(where: { Equality.identical($0, a.positional[0]) || Equality.equal($0, a.positional[0]) }) else {
                throw ScriptException.value("list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        },
        "index": search("index"),
        "count": search("count"),
        "sort": { rt, l, a in
            if !a.positional.isEmpty { throw ScriptException.type("sort() takes no positional arguments") }
            try Builtins.noKeywordsExcept(a, ["key", "reverse"])
            var items = l.items
            try Builtins.sortValues(rt, &items, key: a.value(nil, "key"), reverse: try rt.truthy(a.value(nil, "reverse") ?? .bool(false)))
            l.items = items
            return .none
        },
        "reverse": { _, l, a in
            try Methods.arity(a, 0, 0)
            l.items.reverse()
            return .none
        },
        "clear": { _, l, a in
            try Methods.arity(a, 0, 0)
            l.items.removeAll()
            return .none
        },
        "copy": { rt, l, a in
            try Methods.arity(a, 0, 0)
            return try rt.makeList(l.items)
        },
    ]

    /// `index`, `count`: one body, told apart by `name`.
    private static func search(_ name: String) -> Method<ListObject> {
        { _, l, a in
            return try Methods.sequenceSearch(l.items, name, a, typeName: "list")
        }
    }
}
