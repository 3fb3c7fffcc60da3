/// The methods of `set`, with CPython's results and messages. `Methods.call` accounts for the
/// members they add or remove.
enum SetMethods {
    /// The methods, by name.
    static let table: [String: Method<SetObject>] = [
        "add": { rt, s, a in
            try Methods.arity(a, 1, 1)
            s.insert(try rt.key(a.positional[0]))
            return .none
        },
        "remove": { rt, s, a in
            try Methods.arity(a, 1, 1)
            if !s.remove(try rt.key(a.positional[0])) { throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [a.positional[0]])) }
            return .none
        },
        "discard": { rt, s, a in
            try Methods.arity(a, 1, 1)
            s.remove(try rt.key(a.positional[0]))
            return .none
        },
        "pop": { _, s, a in
            try Methods.arity(a, 0, 0)
            guard let v = s.popFirst() else { throw ScriptException.error("KeyError", "pop from an empty set") }
            return v
        },
        "clear": { _, s, a in
            try Methods.arity(a, 0, 0)
            s.removeAll()
            return .none
        },
        "copy": { rt, s, a in
            try Methods.arity(a, 0, 0)
            return try result(rt, s.keys)
        },
        "update": { rt, s, a in
            for o in try others(rt, a) { s.merge(o) }
            return .none
        },
        "union": { rt, s, a in
            let r = rt.makeSet()
            r.merge(s.keys)
            for o in try others(rt, a) { r.merge(o) }
            try rt.account(r.count)
            return .set(r)
        },
        "intersection": { rt, s, a in
            var keys = s.keys
            for o in try others(rt, a) {
                let other = SetObject()
                for k in o { other.insert(k) }
                keys = keys.filter { other.contains($0) }
            }
            return try result(rt, keys)
        },
        "difference": { rt, s, a in
            var keys = s.keys
            for o in try others(rt, a) {
                let other = SetObject()
                for k in o { other.insert(k) }
                keys = keys.filter { !other.contains($0) }
            }
            return try result(rt, keys)
        },
        "symmetric_difference": { rt, s, a in
            try Methods.arity(a, 1, 1)
            let o = try others(rt, a)[0]
            let r = rt.makeSet()
            r.merge(s.keys)
            for k in o { if r.contains(k) { r.remove(k) } else { r.insert(k) } }
            try rt.account(r.count)
            return .set(r)
        },
        "issubset": compare("issubset"),
        "issuperset": compare("issuperset"),
        "isdisjoint": compare("isdisjoint"),
    ]

    /// `issubset`, `issuperset`, `isdisjoint`: one body, told apart by `name`.
    private static func compare(_ name: String) -> Method<SetObject> {
        { rt, s, a in
            try Methods.arity(a, 1, 1)
            let o = try others(rt, a)[0]
            let other = SetObject()
            for k in o { other.insert(k) }
            switch name {
            case "issubset": return .bool(s.keys.allSatisfy { other.contains($0) })
            case "issuperset": return .bool(o.allSatisfy { s.contains($0) })
            default: return .bool(!s.keys.contains { other.contains($0) })
            }
        }
    }

    /// The keys of every positional argument: a set's own, or those of any iterable's items.
    private static func others(_ rt: Runtime, _ a: Arguments) throws -> [[HashKey]] {
        try a.positional.map { v in
            if case .set(let o) = v { return o.keys }
            return try rt.iterate(v).map { try rt.key($0) }
        }
    }

    /// A new set of `keys`, accounted for.
    private static func result(_ rt: Runtime, _ keys: [HashKey]) throws -> Value {
        let r = rt.makeSet()
        for k in keys { r.insert(k) }
        try rt.account(r.count)
        return .set(r)
    }
}
