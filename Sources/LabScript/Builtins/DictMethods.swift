/// The methods of `dict`, with CPython's results and messages. `Methods.call` accounts for the
/// entries they add or remove.
enum DictMethods {
    /// The methods, by name.
    static let table: [String: Method<DictObject>] = [
        "get": { rt, d, a in
            try Methods.arity(a, 1, 2)
            return d.get(try rt.key(a.positional[0])) ?? (a.positional.count > 1 ? a.positional[1] : .none)
        },
        "keys": { _, d, a in
            try Methods.arity(a, 0, 0)
            return .iterator(IteratorObject(kind: "dict_keys", items: d.keys))
        },
        "values": { _, d, a in
            try Methods.arity(a, 0, 0)
            return .iterator(IteratorObject(kind: "dict_values", items: d.values))
        },
        "items": { _, d, a in
            try Methods.arity(a, 0, 0)
            return .iterator(IteratorObject(kind: "dict_items", items: d.entries.map { .tuple([$0.0, $0.1]) }))
        },
        "pop": { rt, d, a in
            try Methods.arity(a, 1, 2)
            if let v = d.remove(try rt.key(a.positional[0])) { return v }
            if a.positional.count > 1 { return a.positional[1] }
            throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [a.positional[0]]))
        },
        "setdefault": { rt, d, a in
            try Methods.arity(a, 1, 2)
            let k = try rt.key(a.positional[0])
            if let v = d.get(k) { return v }
            let v = a.positional.count > 1 ? a.positional[1] : .none
            d.set(a.positional[0], v, hash: k)
            return v
        },
        "update": { rt, d, a in
            if a.positional.count > 1 { throw ScriptException.type("update expected at most 1 argument, got \(a.positional.count)") }
            if let v = a.positional.first {
                let other = try rt.construct(BuiltinTypes.dict, Arguments([v]))
                if case .dict(let o) = other { for (k, value) in o.entries { d.set(k, value, hash: HashKey(k)) } }
            }
            for (k, v) in a.keywords { d.set(.string(k), v, hash: HashKey(.string(k))) }
            return .none
        },
        "clear": { _, d, a in
            try Methods.arity(a, 0, 0)
            d.removeAll()
            return .none
        },
        "copy": { rt, d, a in
            try Methods.arity(a, 0, 0)
            let c = rt.makeDict()
            for (k, v) in d.entries { c.set(k, v, hash: HashKey(k)) }
            try rt.account(c.count)
            return .dict(c)
        },
        "popitem": { _, d, a in
            try Methods.arity(a, 0, 0)
            guard let (k, v) = d.popLast() else { throw ScriptException.error("KeyError", "popitem(): dictionary is empty") }
            return .tuple([k, v])
        },
    ]
}
