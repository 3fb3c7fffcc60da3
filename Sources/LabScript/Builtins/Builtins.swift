/// The built-in functions and types of LabScript, with CPython's behaviour and messages.
enum Builtins {
    static func install(into runtime: Runtime) {
        var b: [String: Value] = [:]
        func define(_ name: String, _ doc: String, _ body: @escaping (Runtime, Arguments) throws -> Value) {
            b[name] = .builtin(BuiltinFunction(name, doc: doc, body: body))
        }
        for t in [BuiltinTypes.int, BuiltinTypes.float, BuiltinTypes.str, BuiltinTypes.bool, BuiltinTypes.list, BuiltinTypes.dict, BuiltinTypes.set, BuiltinTypes.tuple, BuiltinTypes.range, BuiltinTypes.type] {
            b[t.name] = .type(t)
        }
        for t in BuiltinTypes.exceptions { b[t.name] = .type(t) }

        define("print", "print(*values, sep=' ', end='\\n'): write the values, separated by sep, then end.") { rt, a in
            var sep = " ", end = "\n"
            for (k, v) in a.keywords {
                switch k {
                case "sep": if case .string(let s) = v { sep = s } else if !v.isNone { throw ScriptException.type("sep must be None or a string, not \(v.typeName)") }
                case "end": if case .string(let s) = v { end = s } else if !v.isNone { throw ScriptException.type("end must be None or a string, not \(v.typeName)") }
                case "flush": break
                case "file": throw ScriptException.type("print() cannot write to a file in LabScript; it always prints to the output")
                default: throw ScriptException.type("'\(k)' is an invalid keyword argument for print()")
                }
            }
            var out = ""
            for (i, v) in a.positional.enumerated() {
                if i > 0 { out += sep }
                out += v.str
            }
            out += end
            try rt.write(out)
            return .none
        }
        define("repr", "repr(obj): the printable representation of obj.") { _, a in
            try exactly(a, 1)
            return .string(a.positional[0].repr)
        }
        define("ascii", "ascii(obj): repr(obj) with non-ASCII characters escaped.") { _, a in
            try exactly(a, 1)
            return .string(ascii(a.positional[0].repr))
        }
        define("len", "len(obj): the number of items of a container.") { rt, a in
            try exactly(a, 1)
            return .int(try rt.length(a.positional[0]))
        }
        define("abs", "abs(x): the absolute value.") { rt, a in
            try exactly(a, 1)
            let v = a.positional[0]
            switch v {
            case .int, .bigInt, .bool:
                let i = Equality.integerValue(v)!
                if i == Int128.min { throw Runtime.overflow() }
                return .integer(i < 0 ? -i : i)
            case .float(let d): return .float(Swift.abs(d))
            default: throw ScriptException.type("bad operand type for abs(): '\(v.typeName)'")
            }
        }
        define("round", "round(number, ndigits=None): round half to even.") { rt, a in
            try noKeywordsExcept(a, ["ndigits"])
            guard let x = a.value(0, "number") else { throw ScriptException.type("round() missing required argument 'number' (pos 1)") }
            let nd = a.value(1, "ndigits")
            return try round(x, nd.flatMap { $0.isNone ? nil : $0 })
        }
        define("sum", "sum(iterable, start=0): the total of the items.") { rt, a in
            guard let it = a.value(0, "iterable") else { throw ScriptException.type("sum() takes at least 1 positional argument (0 given)") }
            var total = a.value(1, "start") ?? .int(0)
            if case .string = total { throw ScriptException.type("sum() can't sum strings [use ''.join(seq) instead]") }
            let items = try rt.iterate(it)
            try rt.tick(items.count)
            for item in items {
                if case .int(let x) = total, case .int(let y) = item {
                    let (r, o) = x.addingReportingOverflow(y)
                    if !o { total = .int(r); continue }
                }
                if case .float(let x) = total, case .float(let y) = item { total = .float(x + y); continue }
                total = try rt.add(total, item)
            }
            return total
        }
        define("min", "min(iterable, *, key=None, default=...) or min(a, b, ...): the smallest item.") { rt, a in
            try extreme(rt, a, "min", .less)
        }
        define("max", "max(iterable, *, key=None, default=...) or max(a, b, ...): the largest item.") { rt, a in
            try extreme(rt, a, "max", .greater)
        }
        define("sorted", "sorted(iterable, *, key=None, reverse=False): a new sorted list (stable).") { rt, a in
            guard a.positional.count == 1 else {
                throw ScriptException.type("sorted expected 1 argument, got \(a.positional.count)")
            }
            try noKeywordsExcept(a, ["key", "reverse"])
            var items = try rt.iterate(a.positional[0])
            try sortValues(rt, &items, key: a.value(nil, "key"), reverse: try rt.truthy(a.value(nil, "reverse") ?? .bool(false)))
            return try rt.makeList(items)
        }
        define("reversed", "reversed(sequence): an iterator over the items in reverse order.") { rt, a in
            try exactly(a, 1)
            let v = a.positional[0]
            switch v {
            case .list, .tuple, .string, .range: break
            case .dict: break
            default: throw ScriptException.type("'\(v.typeName)' object is not reversible")
            }
            return .iterator(IteratorObject(kind: "reversed", items: try rt.iterate(v).reversed()))
        }
        define("enumerate", "enumerate(iterable, start=0): pairs (index, item).") { rt, a in
            try noKeywordsExcept(a, ["start", "iterable"])
            guard let it = a.value(0, "iterable") else { throw ScriptException.type("enumerate() missing required argument 'iterable'") }
            let startValue = a.value(1, "start") ?? .int(0)
            guard case .int(let start) = startValue else {
                throw ScriptException.type("'\(startValue.typeName)' object cannot be interpreted as an integer")
            }
            let items = try rt.iterate(it)
            try rt.tick(items.count)
            return .iterator(IteratorObject(kind: "enumerate", items: items.enumerated().map { .tuple([.int(start + $0.offset), $0.element]) }))
        }
        define("zip", "zip(*iterables, strict=False): tuples of items taken in step.") { rt, a in
            try noKeywordsExcept(a, ["strict"])
            let strict = try rt.truthy(a.value(nil, "strict") ?? .bool(false))
            var lists: [[Value]] = []
            for v in a.positional { lists.append(try rt.iterate(v)) }
            let n = lists.map(\.count).min() ?? 0
            if strict, let first = lists.first {
                for (i, l) in lists.enumerated() where l.count != first.count {
                    let which = i == 1 ? "1" : "1-\(i)"
                    if l.count < first.count { throw ScriptException.value("zip() argument \(i + 1) is shorter than argument\(i == 1 ? "" : "s") \(which)") }
                    throw ScriptException.value("zip() argument \(i + 1) is longer than argument\(i == 1 ? "" : "s") \(which)")
                }
            }
            try rt.tick(n)
            var out: [Value] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(.tuple(lists.map { $0[i] })) }
            return .iterator(IteratorObject(kind: "zip", items: out))
        }
        define("map", "map(function, iterable, ...): the function applied to each item.") { rt, a in
            guard a.positional.count >= 2 else { throw ScriptException.type("map() must have at least two arguments.") }
            let f = a.positional[0]
            let lists = try a.positional.dropFirst().map { try rt.iterate($0) }
            let n = lists.map(\.count).min() ?? 0
            var out: [Value] = []
            for i in 0..<n { out.append(try rt.call(f, lists.map { $0[i] })) }
            return .iterator(IteratorObject(kind: "map", items: out))
        }
        define("filter", "filter(function, iterable): the items for which function(item) is true.") { rt, a in
            try exactly(a, 2)
            let f = a.positional[0]
            var out: [Value] = []
            for item in try rt.iterate(a.positional[1]) {
                let keep = f.isNone ? try rt.truthy(item) : try rt.truthy(try rt.call(f, [item]))
                if keep { out.append(item) }
            }
            return .iterator(IteratorObject(kind: "filter", items: out))
        }
        define("any", "any(iterable): True if any item is true.") { rt, a in
            try exactly(a, 1)
            for item in try rt.iterate(a.positional[0]) where try rt.truthy(item) { return .bool(true) }
            return .bool(false)
        }
        define("all", "all(iterable): True if every item is true.") { rt, a in
            try exactly(a, 1)
            for item in try rt.iterate(a.positional[0]) where try !rt.truthy(item) { return .bool(false) }
            return .bool(true)
        }
        define("isinstance", "isinstance(obj, class_or_tuple): whether obj is an instance of the type(s).") { rt, a in
            try exactly(a, 2)
            return .bool(try isInstance(a.positional[0], a.positional[1]))
        }
        define("divmod", "divmod(a, b): (a // b, a % b).") { rt, a in
            try exactly(a, 2)
            let x = a.positional[0], y = a.positional[1]
            if let i = Equality.integerValue(x), let j = Equality.integerValue(y) {
                if j == 0 { throw ScriptException.error("ZeroDivisionError", "integer division or modulo by zero") }
                let (q, r) = try Runtime.floorDivMod(i, j)
                return .tuple([.integer(q), .integer(r)])
            }
            guard let p = try Runtime.double(x), let q = try Runtime.double(y) else { throw Runtime.unsupported("divmod()", x, y) }
            if q == 0 { throw ScriptException.error("ZeroDivisionError", "float divmod()") }
            let (d, m) = Runtime.floatDivMod(p, q)
            return .tuple([.float(d), .float(m)])
        }
        define("pow", "pow(base, exp, mod=None): base to the power exp.") { rt, a in
            guard a.positional.count >= 2 else { throw ScriptException.type("pow() missing required argument 'exp' (pos 2)") }
            if a.positional.count == 3, !a.positional[2].isNone {
                guard let x = Equality.integerValue(a.positional[0]), let y = Equality.integerValue(a.positional[1]),
                      let m = Equality.integerValue(a.positional[2]) else {
                    throw ScriptException.type("pow() 3rd argument not allowed unless all arguments are integers")
                }
                if m == 0 { throw ScriptException.value("pow() 3rd argument cannot be 0") }
                if y < 0 { throw ScriptException.value("base is not invertible for the given modulus") }
                var result: Int128 = 1, base = ((x % m) + m) % m, e = y
                while e > 0 {
                    if e & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: base)
                        if o { throw Runtime.overflow() }
                        result = r % m
                    }
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { throw Runtime.overflow() }
                    base = b2 % m
                    e >>= 1
                }
                if m < 0 && result > 0 { result += m }
                return .integer(result)
            }
            return try rt.binary(.power, a.positional[0], a.positional[1])
        }
        define("chr", "chr(i): the character with code point i.") { _, a in
            try exactly(a, 1)
            guard let i = Equality.integerValue(a.positional[0]) else {
                throw ScriptException.type("'\(a.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            guard i >= 0, i < 0x110000, let s = Unicode.Scalar(UInt32(i)) else { throw ScriptException.value("chr() arg not in range(0x110000)") }
            return .string(String(Character(s)))
        }
        define("ord", "ord(c): the code point of a one-character string.") { _, a in
            try exactly(a, 1)
            guard case .string(let s) = a.positional[0] else {
                throw ScriptException.type("ord() expected string of length 1, but \(a.positional[0].typeName) found")
            }
            let scalars = Array(s.unicodeScalars)
            guard scalars.count == 1 else {
                throw ScriptException.type("ord() expected a character, but string of length \(scalars.count) found")
            }
            return .int(Int(scalars[0].value))
        }
        define("hash", "hash(obj): the hash value of a hashable object.") { rt, a in
            try exactly(a, 1)
            return .int(try rt.key(a.positional[0]).hash)
        }
        define("hex", "hex(i): hexadecimal text of an int.") { _, a in
            try exactly(a, 1)
            return .string(try FormatSpec.format(a.positional[0], "#x"))
        }
        define("oct", "oct(i): octal text of an int.") { _, a in
            try exactly(a, 1)
            return .string(try FormatSpec.format(a.positional[0], "#o"))
        }
        define("bin", "bin(i): binary text of an int.") { _, a in
            try exactly(a, 1)
            return .string(try FormatSpec.format(a.positional[0], "#b"))
        }
        define("format", "format(value, spec=''): the value formatted by spec.") { _, a in
            guard let v = a.value(0, "value") else { throw ScriptException.type("format() missing required argument") }
            let spec = a.value(1, "format_spec")?.asString ?? ""
            return .string(try FormatSpec.format(v, spec))
        }
        define("iter", "iter(iterable): an iterator over the items.") { rt, a in
            try exactly(a, 1)
            if case .iterator(let i) = a.positional[0], !i.kind.hasPrefix("dict_") { return a.positional[0] }
            return .iterator(IteratorObject(kind: "iterator", items: try rt.iterate(a.positional[0])))
        }
        define("next", "next(iterator, default): the next item, or default when exhausted.") { _, a in
            guard let first = a.positional.first else { throw ScriptException.type("next expected at least 1 argument, got 0") }
            guard case .iterator(let it) = first, it.kind != "slice" else {
                throw ScriptException.type("'\(first.typeName)' object is not an iterator")
            }
            if let v = it.next() { return v }
            if a.positional.count > 1 { return a.positional[1] }
            throw ScriptException(ExceptionObject(BuiltinTypes.stopIteration, []))
        }
        define("help", "help(obj): print the documentation of obj.") { rt, a in
            try exactly(a, 1)
            let v = a.positional[0]
            let text: String
            switch v {
            case .builtin(let f): text = f.doc.isEmpty ? "Help on built-in function \(f.name)." : f.doc
            case .module(let m):
                let members = m.members.keys.sorted().joined(separator: ", ")
                text = "Help on module \(m.name):\n\n\(m.doc)\n\nMembers: \(members)"
            case .host(let h): text = h.helpText
            case .function(let f): text = "Help on function \(f.name)."
            case .type(let t): text = "Help on class \(t.name)."
            default: text = "Help on \(v.typeName) object."
            }
            try rt.write(text + "\n")
            return .none
        }
        define("callable", "callable(obj): whether obj can be called.") { _, a in
            try exactly(a, 1)
            switch a.positional[0] {
            case .function, .builtin, .method, .type, .host: return .bool(true)
            default: return .bool(false)
            }
        }
        for (name, message) in [
            ("open", "open() is not part of LabScript: programs cannot read or write files. Use the lab's actions (pipelines, datasets) to load data."),
            ("input", "input() is not part of LabScript: lab code cannot ask for keyboard input. Put the value in a variable instead."),
            ("exec", "exec() is not part of LabScript. Write the code directly in the block."),
            ("eval", "eval() is not part of LabScript. Write the expression directly in the block."),
            ("compile", "compile() is not part of LabScript. Write the code directly in the block."),
            ("__import__", "__import__() is not part of LabScript. Use 'import name' with one of the known modules."),
            ("globals", "globals() is not part of LabScript. Use the variables by name."),
            ("locals", "locals() is not part of LabScript. Use the variables by name."),
            ("vars", "vars() is not part of LabScript. Use the variables by name."),
            ("getattr", "getattr() is not part of LabScript. Use obj.name directly."),
            ("setattr", "setattr() is not part of LabScript. Store values in a dict instead."),
        ] {
            define(name, message) { _, _ in throw ScriptException.error("NotImplementedError", message) }
        }
        runtime.builtins = b
    }

    static func exactly(_ a: Arguments, _ n: Int) throws {
        if !a.keywords.isEmpty { throw ScriptException.type("\(a.functionName)() takes no keyword arguments") }
        if a.positional.count != n {
            if n == 1 {
                throw ScriptException.type("\(a.functionName)() takes exactly one argument (\(a.positional.count) given)")
            }
            throw ScriptException.type("\(a.functionName) expected \(n) arguments, got \(a.positional.count)")
        }
    }

    static func noKeywordsExcept(_ a: Arguments, _ allowed: Set<String>) throws {
        for k in a.keywords where !allowed.contains(k.name) {
            throw ScriptException.type("'\(k.name)' is an invalid keyword argument for \(a.functionName)()")
        }
    }

    static func ascii(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            if c.value < 128 { out.unicodeScalars.append(c) } else if c.value < 0x100 {
                out += "\\x" + String(c.value, radix: 16).leftPadded(2)
            } else if c.value < 0x10000 {
                out += "\\u" + String(c.value, radix: 16).leftPadded(4)
            } else {
                out += "\\U" + String(c.value, radix: 16).leftPadded(8)
            }
        }
        return out
    }

    static func round(_ x: Value, _ ndigits: Value?) throws -> Value {
        switch x {
        case .float(let d):
            guard let nd = ndigits else {
                if d.isNaN { throw ScriptException.value("cannot convert float NaN to integer") }
                if d.isInfinite { throw ScriptException.error("OverflowError", "cannot convert float infinity to integer") }
                let r = d.rounded(.toNearestOrEven)
                guard let i = Int128(exactly: r) else { throw Runtime.overflow() }
                return .integer(i)
            }
            guard let n = Equality.integerValue(nd) else {
                throw ScriptException.type("'\(nd.typeName)' object cannot be interpreted as an integer")
            }
            return .float(NumberFormat.round(d, digits: Int(clamping: n)))
        case .int, .bigInt, .bool:
            let i = Equality.integerValue(x)!
            guard let nd = ndigits else { return .integer(i) }
            guard let n = Equality.integerValue(nd) else {
                throw ScriptException.type("'\(nd.typeName)' object cannot be interpreted as an integer")
            }
            if n >= 0 { return .integer(i) }
            if n < -38 { return .int(0) }
            var p: Int128 = 1
            for _ in 0..<Int(-n) { p *= 10 }
            var (q, r) = try Runtime.floorDivMod(i, p)
            // Round half to even.
            let twice = r * 2
            if twice > p || (twice == p && q % 2 != 0) { q += 1 }
            r = 0
            let (result, o) = q.multipliedReportingOverflow(by: p)
            if o { throw Runtime.overflow() }
            return .integer(result)
        default:
            throw ScriptException.type("type \(x.typeName) doesn't define __round__ method")
        }
    }

    static func extreme(_ rt: Runtime, _ a: Arguments, _ name: String, _ op: ComparisonOperator) throws -> Value {
        try noKeywordsExcept(a, ["key", "default"])
        let key = a.value(nil, "key").flatMap { $0.isNone ? nil : $0 }
        let fallback = a.value(nil, "default")
        var items: [Value]
        if a.positional.count == 1 {
            items = try rt.iterate(a.positional[0])
        } else if a.positional.isEmpty {
            throw ScriptException.type("\(name) expected at least 1 argument, got 0")
        } else {
            if fallback != nil {
                throw ScriptException.type("Cannot specify a default for \(name)() with multiple positional arguments")
            }
            items = a.positional
        }
        guard !items.isEmpty else {
            if let fallback { return fallback }
            throw ScriptException.value("\(name)() arg is an empty sequence")
        }
        var best = items[0]
        var bestKey = try key.map { try rt.call($0, [best]) } ?? best
        for item in items.dropFirst() {
            let k = try key.map { try rt.call($0, [item]) } ?? item
            if try Equality.compare(k, bestKey, op) {
                best = item
                bestKey = k
            }
        }
        return best
    }

    /// A stable sort by `key` (or the items), descending when `reverse` (still stable).
    static func sortValues(_ rt: Runtime, _ items: inout [Value], key: Value?, reverse: Bool) throws {
        let keys: [Value]
        if let key, !key.isNone {
            keys = try items.map { try rt.call(key, [$0]) }
        } else {
            keys = items
        }
        var order = Array(items.indices)
        try mergeSort(&order) { i, j in
            reverse ? try Equality.compare(keys[j], keys[i], .less) : try Equality.compare(keys[i], keys[j], .less)
        }
        try rt.tick(items.count)
        items = order.map { items[$0] }
    }

    /// A stable merge sort with a throwing "less than".
    static func mergeSort(_ a: inout [Int], _ less: (Int, Int) throws -> Bool) throws {
        if a.count < 2 { return }
        var buffer = a
        var width = 1
        // Insertion sort for runs of 8, then merging.
        let run = 8
        var start = 0
        while start < a.count {
            let end = min(start + run, a.count)
            if end - start > 1 {
                for i in (start + 1)..<end {
                    let x = a[i]
                    var j = i - 1
                    while j >= start, try less(x, a[j]) {
                        a[j + 1] = a[j]
                        j -= 1
                    }
                    a[j + 1] = x
                }
            }
            start = end
        }
        width = run
        while width < a.count {
            var lo = 0
            while lo < a.count {
                let mid = min(lo + width, a.count), hi = min(lo + 2 * width, a.count)
                var i = lo, j = mid, k = lo
                while i < mid && j < hi {
                    if try less(a[j], a[i]) { buffer[k] = a[j]; j += 1 } else { buffer[k] = a[i]; i += 1 }
                    k += 1
                }
                while i < mid { buffer[k] = a[i]; i += 1; k += 1 }
                while j < hi { buffer[k] = a[j]; j += 1; k += 1 }
                lo = hi
            }
            swap(&a, &buffer)
            width *= 2
        }
    }

    static func isInstance(_ v: Value, _ t: Value) throws -> Bool {
        switch t {
        case .type(let type):
            return BuiltinTypes.of(v).isSubtype(of: type)
        case .tuple(let items):
            for i in items where try isInstance(v, i) { return true }
            return false
        default:
            throw ScriptException.type("isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }
}
