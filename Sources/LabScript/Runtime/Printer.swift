/// `repr()` and `str()` of every value, byte-identical to CPython 3.11.
enum Printer {
    /// `str(value)`.
    static func str(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .exception(let e): return e.message
        default:
            var out = ""
            writeRepr(value, into: &out, depth: 0)
            return out
        }
    }

    /// Python's `repr` of a str: single quotes unless the text has a single quote and no double
    /// quote, escapes for backslash, the quote and non-printable characters.
    static func quote(_ s: String, into out: inout String) {
        var hasSingle = false, hasDouble = false
        for u in s.utf8 {
            if u == 39 { hasSingle = true } else if u == 34 { hasDouble = true }
        }
        let q: Unicode.Scalar = hasSingle && !hasDouble ? "\"" : "'"
        out.unicodeScalars.append(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c == q { out.unicodeScalars.append("\\"); out.unicodeScalars.append(c); continue }
                if c.value >= 0x20 && c.value < 0x7f { out.unicodeScalars.append(c); continue }
                if isPrintable(c) { out.unicodeScalars.append(c); continue }
                if c.value < 0x100 {
                    out += "\\x" + String(c.value, radix: 16).leftPadded(2)
                } else if c.value < 0x10000 {
                    out += "\\u" + String(c.value, radix: 16).leftPadded(4)
                } else {
                    out += "\\U" + String(c.value, radix: 16).leftPadded(8)
                }
            }
        }
        out.unicodeScalars.append(q)
    }

    /// Python's `str.isprintable()` for one character.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        if c == " " { return true }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    static func typeRepr(_ name: String) -> String { "<class '\(name)'>" }

    /// Appends `repr(value)` to `out`. Containers that contain themselves print `[...]`/`{...}`.
    static func writeRepr(_ value: Value, into out: inout String, depth: Int, seen: inout Set<ObjectIdentifier>) {
        if depth > 400 {
            out += "..."
            return
        }
        switch value {
        case .none: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .bigInt(let i): out += String(i)
        case .float(let d): out += NumberFormat.repr(d)
        case .string(let s): quote(s, into: &out)
        case .list(let l):
            let id = ObjectIdentifier(l)
            if seen.contains(id) { out += "[...]"; return }
            seen.insert(id)
            out += "["
            for (i, item) in l.items.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(item, into: &out, depth: depth + 1, seen: &seen)
            }
            out += "]"
            seen.remove(id)
        case .tuple(let items):
            out += "("
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(item, into: &out, depth: depth + 1, seen: &seen)
            }
            out += items.count == 1 ? ",)" : ")"
        case .dict(let d):
            let id = ObjectIdentifier(d)
            if seen.contains(id) { out += "{...}"; return }
            seen.insert(id)
            out += "{"
            var first = true
            for (k, v) in d.entries {
                if !first { out += ", " }
                first = false
                writeRepr(k, into: &out, depth: depth + 1, seen: &seen)
                out += ": "
                writeRepr(v, into: &out, depth: depth + 1, seen: &seen)
            }
            out += "}"
            seen.remove(id)
        case .set(let s):
            if s.count == 0 { out += "set()"; return }
            let id = ObjectIdentifier(s)
            if seen.contains(id) { out += "set(...)"; return }
            seen.insert(id)
            out += "{"
            for (i, item) in s.elements.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(item, into: &out, depth: depth + 1, seen: &seen)
            }
            out += "}"
            seen.remove(id)
        case .range(let r):
            out += r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case .function(let f):
            out += "<function \(f.code.qualifiedName)>"
        case .builtin(let f):
            out += "<built-in function \(f.name)>"
        case .method(let m):
            if let f = m.function {
                out += "<bound method \(f.code.qualifiedName)>"
            } else {
                out += "<built-in method \(m.name) of \(m.receiver.typeName) object>"
            }
        case .type(let t): out += typeRepr(t.name)
        case .exception(let e):
            out += e.type.name + "("
            for (i, a) in e.args.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(a, into: &out, depth: depth + 1, seen: &seen)
            }
            out += ")"
        case .iterator(let i):
            if i.kind.hasPrefix("dict_") {
                out += i.kind + "("
                writeRepr(.list(ListObject(i.items)), into: &out, depth: depth + 1, seen: &seen)
                out += ")"
            } else {
                out += "<\(i.kind) object>"
            }
        case .module(let m): out += "<module '\(m.name)'>"
        case .host(let h): out += h.reprText
        }
    }

    static func writeRepr(_ value: Value, into out: inout String, depth: Int) {
        var seen = Set<ObjectIdentifier>()
        writeRepr(value, into: &out, depth: depth, seen: &seen)
    }
}
