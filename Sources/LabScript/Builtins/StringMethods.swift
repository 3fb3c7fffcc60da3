/// The methods of `str`, with CPython's results and messages.
enum StringMethods {
    /// The methods, by name.
    static let table: [String: Method<String>] = [
        "lower": { _, s, a in try Methods.arity(a, 0, 0); return .string(s.lowercased()) },
        "upper": { _, s, a in try Methods.arity(a, 0, 0); return .string(s.uppercased()) },
        "casefold": { _, s, a in try Methods.arity(a, 0, 0); return .string(s.lowercased()) },
        "swapcase": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .string(String(s.map { c -> String in c.isUppercase ? c.lowercased() : c.uppercased() }.joined()))
        },
        "strip": strip("strip"),
        "lstrip": strip("lstrip"),
        "rstrip": strip("rstrip"),
        "split": split("split"),
        "rsplit": split("rsplit"),
        "splitlines": { rt, s, a in
            try Builtins.noKeywordsExcept(a, ["keepends"])
            let keep = try rt.truthy(a.value(0, "keepends") ?? .bool(false))
            var lines: [String] = []
            var current = String.UnicodeScalarView()
            let scalars = Array(s.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let c = scalars[i]
                let breaks: Set<UInt32> = [0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]
                if breaks.contains(c.value) {
                    var end = String.UnicodeScalarView([c])
                    if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { end.append("\n"); i += 1 }
                    if keep { current.append(contentsOf: end) }
                    lines.append(String(current))
                    current = String.UnicodeScalarView()
                } else {
                    current.append(c)
                }
                i += 1
            }
            if !current.isEmpty { lines.append(String(current)) }
            return try rt.makeList(lines.map { .string($0) })
        },
        "join": { rt, s, a in
            try Methods.arity(a, 1, 1)
            let items = try rt.iterate(a.positional[0])
            var out = ""
            for (i, item) in items.enumerated() {
                guard case .string(let piece) = item else {
                    throw ScriptException.type("sequence item \(i): expected str instance, \(item.typeName) found")
                }
                if i > 0 { out += s }
                out += piece
                try rt.checkSize(out.utf8.count)
            }
            return .string(out)
        },
        "replace": { rt, s, a in
            try Methods.arity(a, 2, 3)
            let old = try str(a, 0), new = try str(a, 1)
            var count = -1
            if a.positional.count == 3 {
                guard case .int(let c) = a.positional[2] else {
                    throw ScriptException.type("'\(a.positional[2].typeName)' object cannot be interpreted as an integer")
                }
                count = c
            }
            return .string(try replace(rt, s, old, new, count))
        },
        "startswith": affix("startswith"),
        "endswith": affix("endswith"),
        "count": search("count"),
        "find": search("find"),
        "rfind": search("rfind"),
        "index": search("index"),
        "rindex": search("rindex"),
        "title": { _, s, a in try Methods.arity(a, 0, 0); return .string(titled(s)) },
        "istitle": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(s == titled(s) && s.contains { $0.isLetter })
        },
        "capitalize": { _, s, a in
            try Methods.arity(a, 0, 0)
            guard let first = s.first else { return .string("") }
            return .string(first.uppercased() + s.dropFirst().lowercased())
        },
        "isdigit": isNumeric,
        "isnumeric": isNumeric,
        "isdecimal": isNumeric,
        "isalpha": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        },
        "isalnum": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        },
        "isspace": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isSpace))
        },
        "islower": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(s.contains { $0.isCased } && !s.contains { $0.isUppercase })
        },
        "isupper": { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(s.contains { $0.isCased } && !s.contains { $0.isLowercase })
        },
        "center": justify("center"),
        "ljust": justify("ljust"),
        "rjust": justify("rjust"),
        "zfill": { rt, s, a in
            try Methods.arity(a, 1, 1)
            guard case .int(let width) = a.positional[0] else {
                throw ScriptException.type("'\(a.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            try rt.checkSize(width)
            let n = s.unicodeScalars.count
            guard width > n else { return .string(s) }
            if let f = s.first, f == "+" || f == "-" {
                return .string(String(f) + String(repeating: "0", count: width - n) + s.dropFirst())
            }
            return .string(String(repeating: "0", count: width - n) + s)
        },
        "partition": partition("partition"),
        "rpartition": partition("rpartition"),
        "removeprefix": { _, s, a in
            try Methods.arity(a, 1, 1)
            let p = try str(a, 0)
            return .string(s.unicodeScalars.starts(with: p.unicodeScalars) ? String(String.UnicodeScalarView(Array(s.unicodeScalars).dropFirst(p.unicodeScalars.count))) : s)
        },
        "removesuffix": { _, s, a in
            try Methods.arity(a, 1, 1)
            let p = try str(a, 0)
            return .string(!p.isEmpty && s.unicodeScalars.reversed().starts(with: p.unicodeScalars.reversed()) ? String(String.UnicodeScalarView(Array(s.unicodeScalars).dropLast(p.unicodeScalars.count))) : s)
        },
        "format": { rt, s, a in .string(try format(rt, s, a)) },
    ]

    /// `strip`, `lstrip`, `rstrip`: one body, told apart by `name`.
    private static func strip(_ name: String) -> Method<String> {
        { _, s, a in
            try Methods.arity(a, 0, 1)
            var chars: Set<Unicode.Scalar>?
            if let c = a.positional.first, !c.isNone {
                guard case .string(let set) = c else { throw ScriptException.type("\(name) arg must be None or str") }
                chars = Set(set.unicodeScalars)
            }
            let strip: (Unicode.Scalar) -> Bool = { chars?.contains($0) ?? isSpace($0) }
            var scalars = Array(s.unicodeScalars)[...]
            if name != "rstrip" { while let f = scalars.first, strip(f) { scalars = scalars.dropFirst() } }
            if name != "lstrip" { while let l = scalars.last, strip(l) { scalars = scalars.dropLast() } }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars)
            return .string(String(out))
        }
    }

    /// `split`, `rsplit`: one body, told apart by `name`.
    private static func split(_ name: String) -> Method<String> {
        { rt, s, a in
            try Builtins.noKeywordsExcept(a, ["sep", "maxsplit"])
            if a.positional.count > 2 { throw ScriptException.type("\(name)() takes at most 2 arguments (\(a.positional.count) given)") }
            let sepValue = a.value(0, "sep") ?? .none
            let maxValue = a.value(1, "maxsplit") ?? .int(-1)
            guard case .int(let maxsplit) = maxValue else {
                throw ScriptException.type("'\(maxValue.typeName)' object cannot be interpreted as an integer")
            }
            var parts: [String]
            if case .string(let sep) = sepValue {
                if sep.isEmpty { throw ScriptException.value("empty separator") }
                parts = name == "split" ? splitExact(s, sep, maxsplit) : rsplitExact(s, sep, maxsplit)
            } else if sepValue.isNone {
                parts = name == "split" ? splitWhitespace(s, maxsplit) : rsplitWhitespace(s, maxsplit)
            } else {
                throw ScriptException.type("must be str or None, not \(sepValue.typeName)")
            }
            return try rt.makeList(parts.map { .string($0) })
        }
    }

    /// `startswith`, `endswith`: one body, told apart by `name`.
    private static func affix(_ name: String) -> Method<String> {
        { rt, s, a in
            try oldStyleArity(a, name, 1, 3)
            var scalars = Array(s.unicodeScalars)
            if a.positional.count > 1 {
                let r = try rt.sliceIndices((a.positional[1], a.positional.count > 2 ? a.positional[2] : .none, .none), count: scalars.count)
                scalars = r.length > 0 ? Array(scalars[r.start..<(r.start + r.length)]) : []
            }
            let candidates: [Value]
            switch a.positional[0] {
            case .string: candidates = [a.positional[0]]
            case .tuple(let t): candidates = t
            default:
                throw ScriptException.type("\(name) first arg must be str or a tuple of str, not \(a.positional[0].typeName)")
            }
            for c in candidates {
                guard case .string(let p) = c else {
                    throw ScriptException.type("tuple for \(name) must only contain str, not \(c.typeName)")
                }
                let ps = Array(p.unicodeScalars)
                if name == "startswith" ? scalars.starts(with: ps) : scalars.reversed().starts(with: ps.reversed()) { return .bool(true) }
            }
            return .bool(false)
        }
    }

    /// `count`, `find`, `rfind`, `index`, `rindex`: one body, told apart by `name`.
    private static func search(_ name: String) -> Method<String> {
        { rt, s, a in
            try oldStyleArity(a, name, 1, 3)
            let sub = Array(try str(a, 0).unicodeScalars)
            let scalars = Array(s.unicodeScalars)
            var start = 0, end = scalars.count
            if a.positional.count > 1 {
                let r = try rt.sliceIndices((a.positional[1], a.positional.count > 2 ? a.positional[2] : .none, .none), count: scalars.count)
                start = r.start
                end = max(r.start, r.stop)
                if a.positional[1].asInt.map({ $0 > scalars.count }) == true {
                    if name == "count" { return .int(0) }
                    if name == "find" || name == "rfind" { return .int(-1) }
                    throw ScriptException.value("substring not found")
                }
            }
            var positions: [Int] = []
            if sub.isEmpty {
                if name == "count" { return .int(end - start + 1) }
                return .int(name.hasPrefix("r") ? end : start)
            }
            var i = start
            while i + sub.count <= end {
                if scalars[i..<(i + sub.count)].elementsEqual(sub) {
                    positions.append(i)
                    if name == "count" { i += sub.count; continue }
                    if name == "find" || name == "index" { break }
                }
                i += 1
            }
            switch name {
            case "count": return .int(positions.count)
            case "find": return .int(positions.first ?? -1)
            case "rfind": return .int(positions.last ?? -1)
            case "index":
                guard let p = positions.first else { throw ScriptException.value("substring not found") }
                return .int(p)
            default:
                guard let p = positions.last else { throw ScriptException.value("substring not found") }
                return .int(p)
            }
        }
    }

    private static let isNumeric: Method<String> = { _, s, a in
            try Methods.arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
    }

    /// `center`, `ljust`, `rjust`: one body, told apart by `name`.
    private static func justify(_ name: String) -> Method<String> {
        { rt, s, a in
            try Methods.arity(a, 1, 2)
            guard case .int(let width) = a.positional[0] else {
                throw ScriptException.type("'\(a.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            var fill: Character = " "
            if a.positional.count == 2 {
                guard case .string(let f) = a.positional[1], f.unicodeScalars.count == 1 else {
                    throw ScriptException.type("The fill character must be exactly one character long")
                }
                fill = f.first!
            }
            try rt.checkSize(width)
            let n = s.unicodeScalars.count
            guard width > n else { return .string(s) }
            let pad = width - n
            switch name {
            case "ljust": return .string(s + String(repeating: fill, count: pad))
            case "rjust": return .string(String(repeating: fill, count: pad) + s)
            default:
                // CPython puts the extra space on the right for even lengths' odd padding.
                let left = pad / 2 + (pad & width & 1)
                return .string(String(repeating: fill, count: left) + s + String(repeating: fill, count: pad - left))
            }
        }
    }

    /// `partition`, `rpartition`: one body, told apart by `name`.
    private static func partition(_ name: String) -> Method<String> {
        { _, s, a in
            try Methods.arity(a, 1, 1)
            let sep = try str(a, 0)
            if sep.isEmpty { throw ScriptException.value("empty separator") }
            let parts = name == "partition" ? splitExact(s, sep, 1) : rsplitExact(s, sep, 1)
            if parts.count == 1 {
                return name == "partition" ? .tuple([.string(s), .string(""), .string("")]) : .tuple([.string(""), .string(""), .string(s)])
            }
            return .tuple([.string(parts[0]), .string(sep), .string(parts[1])])
        }
    }
    /// The argument count check of the str methods that CPython words the old way.
    static func oldStyleArity(_ a: Arguments, _ name: String, _ min: Int, _ max: Int) throws {
        if !a.keywords.isEmpty { throw ScriptException.type("\(name)() takes no keyword arguments") }
        let n = a.positional.count
        if n < min { throw ScriptException.type("\(name)() takes at least \(min) argument\(min == 1 ? "" : "s") (\(n) given)") }
        if n > max { throw ScriptException.type("\(name)() takes at most \(max) argument\(max == 1 ? "" : "s") (\(n) given)") }
    }

    static func str(_ a: Arguments, _ i: Int, _ what: String = "argument") throws -> String {
        guard case .string(let s) = a.positional[i] else {
            throw ScriptException.type("must be str, not \(a.positional[i].typeName)")
        }
        return s
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (c.value >= 0x1c && c.value <= 0x1f)
    }

    /// `s` with the first letter of each run of letters upper-cased and the others lower-cased.
    static func titled(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s {
            if c.isLetter {
                out += previousCased ? c.lowercased() : c.uppercased()
                previousCased = true
            } else {
                out.append(c)
                previousCased = false
            }
        }
        return out
    }

    static func replace(_ rt: Runtime, _ s: String, _ old: String, _ new: String, _ count: Int) throws -> String {
        let scalars = Array(s.unicodeScalars), o = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var done = 0
        if o.isEmpty {
            for (i, c) in scalars.enumerated() {
                if count < 0 || done < count { out.append(contentsOf: new.unicodeScalars); done += 1 }
                out.append(c)
                _ = i
            }
            if count < 0 || done < count { out.append(contentsOf: new.unicodeScalars) }
            try rt.checkSize(out.count)
            return String(out)
        }
        var i = 0
        while i < scalars.count {
            if (count < 0 || done < count) && i + o.count <= scalars.count && scalars[i..<(i + o.count)].elementsEqual(o) {
                out.append(contentsOf: new.unicodeScalars)
                i += o.count
                done += 1
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        try rt.checkSize(out.count)
        return String(out)
    }

    static func splitExact(_ s: String, _ sep: String, _ maxsplit: Int) -> [String] {
        let scalars = Array(s.unicodeScalars), p = Array(sep.unicodeScalars)
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if (maxsplit < 0 || parts.count < maxsplit) && i + p.count <= scalars.count && scalars[i..<(i + p.count)].elementsEqual(p) {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                i += p.count
            } else {
                current.append(scalars[i])
                i += 1
            }
        }
        parts.append(String(current))
        return parts
    }

    static func rsplitExact(_ s: String, _ sep: String, _ maxsplit: Int) -> [String] {
        let rev = String(String.UnicodeScalarView(s.unicodeScalars.reversed()))
        let revSep = String(String.UnicodeScalarView(sep.unicodeScalars.reversed()))
        return splitExact(rev, revSep, maxsplit).reversed().map { String(String.UnicodeScalarView($0.unicodeScalars.reversed())) }
    }

    static func splitWhitespace(_ s: String, _ maxsplit: Int) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if isSpace(c) {
                if inWord {
                    parts.append(String(current))
                    current = String.UnicodeScalarView()
                    inWord = false
                    if maxsplit >= 0 && parts.count >= maxsplit {
                        // The rest, without leading whitespace, is the last part.
                        var j = i
                        while j < scalars.count && isSpace(scalars[j]) { j += 1 }
                        if j < scalars.count {
                            var rest = String.UnicodeScalarView()
                            rest.append(contentsOf: scalars[j...])
                            parts.append(String(rest))
                        }
                        return parts
                    }
                }
            } else {
                current.append(c)
                inWord = true
            }
            i += 1
        }
        if inWord { parts.append(String(current)) }
        return parts
    }

    static func rsplitWhitespace(_ s: String, _ maxsplit: Int) -> [String] {
        let rev = String(String.UnicodeScalarView(s.unicodeScalars.reversed()))
        return splitWhitespace(rev, maxsplit).reversed().map { String(String.UnicodeScalarView($0.unicodeScalars.reversed())) }
    }

    /// `str.format(*args, **kwargs)`: `{}`, `{0}`, `{name}`, `{name[key]}`, `!r`/`!s`, `:spec`.
    static func format(_ rt: Runtime, _ s: String, _ a: Arguments) throws -> String {
        var out = ""
        let chars = Array(s)
        var i = 0
        var auto = 0
        var usedManual = false, usedAuto = false
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                var j = i + 1
                var depth = 1
                var field = ""
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" { depth -= 1; if depth == 0 { break } }
                    field.append(chars[j])
                    j += 1
                }
                guard j < chars.count else { throw ScriptException.value("Single '{' encountered in format string") }
                i = j + 1
                var spec = ""
                var conversion: Character?
                var name = field
                if let colon = field.firstIndex(of: ":") {
                    name = String(field[..<colon])
                    spec = String(field[field.index(after: colon)...])
                }
                if let bang = name.firstIndex(of: "!") {
                    let conv = name[name.index(after: bang)...]
                    guard conv.count == 1, let ch = conv.first, "rsa".contains(ch) else {
                        throw ScriptException.value("Unknown conversion specifier \(conv)")
                    }
                    conversion = ch
                    name = String(name[..<bang])
                }
                if spec.contains("{") {
                    spec = try format(rt, spec, a)
                }
                var key = name
                var index: String?
                if let bracket = name.firstIndex(of: "["), name.hasSuffix("]") {
                    key = String(name[..<bracket])
                    index = String(name[name.index(after: bracket)..<name.index(before: name.endIndex)])
                }
                var value: Value
                if key.isEmpty {
                    if usedManual { throw ScriptException.value("cannot switch from manual field specification to automatic field numbering") }
                    usedAuto = true
                    guard auto < a.positional.count else {
                        throw ScriptException.error("IndexError", "Replacement index \(auto) out of range for positional args tuple")
                    }
                    value = a.positional[auto]
                    auto += 1
                } else if let n = Int(key) {
                    if usedAuto { throw ScriptException.value("cannot switch from automatic field numbering to manual field specification") }
                    usedManual = true
                    guard n < a.positional.count else {
                        throw ScriptException.error("IndexError", "Replacement index \(n) out of range for positional args tuple")
                    }
                    value = a.positional[n]
                } else {
                    guard let v = a.keywords.first(where: { $0.name == key })?.value else {
                        throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [.string(key)]))
                    }
                    value = v
                }
                if let index {
                    let k: Value = Int(index).map { .int($0) } ?? .string(index)
                    value = try rt.subscriptGet(value, k)
                }
                switch conversion {
                case "r": value = .string(value.repr)
                case "s": value = .string(value.str)
                case "a": value = .string(Builtins.ascii(value.repr))
                default: break
                }
                out += try FormatSpec.format(value, spec)
                continue
            }
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw ScriptException.value("Single '}' encountered in format string")
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
