/// The methods of the built-in types (str, list, dict, set, int, float), with CPython's results
/// and messages.
enum Methods {
    static let stringMethods: Set<String> = [
        "split", "rsplit", "join", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "startswith", "endswith",
        "format", "count", "find", "rfind", "index", "rindex", "title", "capitalize", "isdigit", "isalpha", "isalnum",
        "isspace", "islower", "isupper", "isnumeric", "isdecimal", "splitlines", "center", "ljust", "rjust", "zfill",
        "partition", "rpartition", "swapcase", "casefold", "removeprefix", "removesuffix", "istitle",
    ]
    static let listMethods: Set<String> = ["append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "clear", "copy"]
    static let dictMethods: Set<String> = ["get", "keys", "values", "items", "pop", "setdefault", "update", "clear", "copy", "popitem"]
    static let setMethods: Set<String> = [
        "add", "remove", "discard", "pop", "clear", "copy", "update", "union", "intersection", "difference",
        "symmetric_difference", "issubset", "issuperset", "isdisjoint",
    ]

    static func has(_ v: Value, _ name: String) -> Bool {
        switch v {
        case .string: return stringMethods.contains(name)
        case .list: return listMethods.contains(name)
        case .dict: return dictMethods.contains(name)
        case .set: return setMethods.contains(name)
        case .tuple, .range: return name == "index" || name == "count"
        case .int, .bool: return name == "bit_length"
        case .float: return name == "is_integer"
        default: return false
        }
    }

    static func call(_ rt: Runtime, _ v: Value, _ name: String, _ a: Arguments) throws -> Value {
        var a = a
        switch v {
        case .string(let s):
            a.functionName = "str." + name
            if stringMethods.contains(name) { return try string(rt, s, name, a) }
        case .list(let l):
            a.functionName = "list." + name
            if listMethods.contains(name) {
                let before = l.items.count
                let result = try list(rt, l, name, a)
                let delta = l.items.count - before
                if delta != 0 && name != "copy" { try rt.account(delta) }
                return result
            }
        case .dict(let d):
            a.functionName = "dict." + name
            if dictMethods.contains(name) {
                let before = d.count
                let result = try dict(rt, d, name, a)
                if d.count != before { try rt.account(d.count - before) }
                return result
            }
        case .set(let s):
            a.functionName = "set." + name
            if setMethods.contains(name) {
                let before = s.count
                let result = try set(rt, s, name, a)
                if s.count != before { try rt.account(s.count - before) }
                return result
            }
        case .tuple(let t):
            a.functionName = "tuple." + name
            if name == "index" || name == "count" { return try sequenceSearch(t, name, a, typeName: "tuple") }
        case .range(let r):
            if name == "count" || name == "index" {
                try arity(a, 1, 1)
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
        case .int, .bool:
            if name == "bit_length" {
                let i = Equality.integerValue(v)!
                return .int(128 - i.magnitude.leadingZeroBitCount)
            }
        case .float(let d):
            if name == "is_integer" { return .bool(d.isFinite && d.rounded(.towardZero) == d) }
        case .iterator(let it) where it.kind == "slice":
            break
        default:
            break
        }
        return try rt.call(try rt.attribute(v, name), a)
    }

    static func arity(_ a: Arguments, _ min: Int, _ max: Int) throws {
        // CPython names no-argument and one-argument methods with their type (`str.upper()`),
        // the others by their bare name (`replace expected at least 2 arguments, got 1`).
        let bare = a.functionName.split(separator: ".").last.map(String.init) ?? a.functionName
        if !a.keywords.isEmpty { throw ScriptException.type("\(a.functionName)() takes no keyword arguments") }
        let n = a.positional.count
        if n < min || n > max {
            if min == max {
                if min == 0 { throw ScriptException.type("\(a.functionName)() takes no arguments (\(n) given)") }
                if min == 1 { throw ScriptException.type("\(a.functionName)() takes exactly one argument (\(n) given)") }
                throw ScriptException.type("\(bare) expected \(min) arguments, got \(n)")
            }
            if n < min { throw ScriptException.type("\(bare) expected at least \(min) argument\(min == 1 ? "" : "s"), got \(n)") }
            throw ScriptException.type("\(bare) expected at most \(max) argument\(max == 1 ? "" : "s"), got \(n)")
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

    // MARK: str

    static func string(_ rt: Runtime, _ s: String, _ name: String, _ a: Arguments) throws -> Value {
        switch name {
        case "lower": try arity(a, 0, 0); return .string(s.lowercased())
        case "upper": try arity(a, 0, 0); return .string(s.uppercased())
        case "casefold": try arity(a, 0, 0); return .string(s.lowercased())
        case "swapcase":
            try arity(a, 0, 0)
            return .string(String(s.map { c -> String in c.isUppercase ? c.lowercased() : c.uppercased() }.joined()))
        case "strip", "lstrip", "rstrip":
            try arity(a, 0, 1)
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
        case "split", "rsplit":
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
        case "splitlines":
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
        case "join":
            try arity(a, 1, 1)
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
        case "replace":
            try arity(a, 2, 3)
            let old = try str(a, 0), new = try str(a, 1)
            var count = -1
            if a.positional.count == 3 {
                guard case .int(let c) = a.positional[2] else {
                    throw ScriptException.type("'\(a.positional[2].typeName)' object cannot be interpreted as an integer")
                }
                count = c
            }
            return .string(try replace(rt, s, old, new, count))
        case "startswith", "endswith":
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
        case "count", "find", "rfind", "index", "rindex":
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
        case "title":
            try arity(a, 0, 0)
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
            return .string(out)
        case "istitle":
            try arity(a, 0, 0)
            return .bool(s == (try string(rt, s, "title", a)).asString && s.contains { $0.isLetter })
        case "capitalize":
            try arity(a, 0, 0)
            guard let first = s.first else { return .string("") }
            return .string(first.uppercased() + s.dropFirst().lowercased())
        case "isdigit", "isnumeric", "isdecimal":
            try arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        case "isalpha":
            try arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        case "isalnum":
            try arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        case "isspace":
            try arity(a, 0, 0)
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isSpace))
        case "islower":
            try arity(a, 0, 0)
            return .bool(s.contains { $0.isCased } && !s.contains { $0.isUppercase })
        case "isupper":
            try arity(a, 0, 0)
            return .bool(s.contains { $0.isCased } && !s.contains { $0.isLowercase })
        case "center", "ljust", "rjust":
            try arity(a, 1, 2)
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
        case "zfill":
            try arity(a, 1, 1)
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
        case "partition", "rpartition":
            try arity(a, 1, 1)
            let sep = try str(a, 0)
            if sep.isEmpty { throw ScriptException.value("empty separator") }
            let parts = name == "partition" ? splitExact(s, sep, 1) : rsplitExact(s, sep, 1)
            if parts.count == 1 {
                return name == "partition" ? .tuple([.string(s), .string(""), .string("")]) : .tuple([.string(""), .string(""), .string(s)])
            }
            return .tuple([.string(parts[0]), .string(sep), .string(parts[1])])
        case "removeprefix":
            try arity(a, 1, 1)
            let p = try str(a, 0)
            return .string(s.unicodeScalars.starts(with: p.unicodeScalars) ? String(String.UnicodeScalarView(Array(s.unicodeScalars).dropFirst(p.unicodeScalars.count))) : s)
        case "removesuffix":
            try arity(a, 1, 1)
            let p = try str(a, 0)
            return .string(!p.isEmpty && s.unicodeScalars.reversed().starts(with: p.unicodeScalars.reversed()) ? String(String.UnicodeScalarView(Array(s.unicodeScalars).dropLast(p.unicodeScalars.count))) : s)
        case "format":
            return .string(try format(rt, s, a))
        default:
            throw ScriptException.error("AttributeError", "'str' object has no attribute '\(name)'")
        }
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

    // MARK: list

    static func list(_ rt: Runtime, _ l: ListObject, _ name: String, _ a: Arguments) throws -> Value {
        switch name {
        case "append":
            try arity(a, 1, 1)
            l.items.append(a.positional[0])
            return .none
        case "extend":
            try arity(a, 1, 1)
            let items = try rt.iterate(a.positional[0])
            try rt.checkSize(l.items.count + items.count)
            l.items += items
            return .none
        case "insert":
            try arity(a, 2, 2)
            guard var i = Equality.integerValue(a.positional[0]).map({ Int(clamping: $0) }) else {
                throw ScriptException.type("'\(a.positional[0].typeName)' object cannot be interpreted as an integer")
            }
            let n = l.items.count
            if i < 0 { i = Swift.max(0, i + n) }
            l.items.insert(a.positional[1], at: Swift.min(i, n))
            return .none
        case "pop":
            try arity(a, 0, 1)
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
        case "remove":
            try arity(a, 1, 1)
            guard let i = l.items.firstIndex(where: { Equality.identical($0, a.positional[0]) || Equality.equal($0, a.positional[0]) }) else {
                throw ScriptException.value("list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        case "index", "count":
            return try sequenceSearch(l.items, name, a, typeName: "list")
        case "sort":
            if !a.positional.isEmpty { throw ScriptException.type("sort() takes no positional arguments") }
            try Builtins.noKeywordsExcept(a, ["key", "reverse"])
            var items = l.items
            try Builtins.sortValues(rt, &items, key: a.value(nil, "key"), reverse: try rt.truthy(a.value(nil, "reverse") ?? .bool(false)))
            l.items = items
            return .none
        case "reverse":
            try arity(a, 0, 0)
            l.items.reverse()
            return .none
        case "clear":
            try arity(a, 0, 0)
            l.items.removeAll()
            return .none
        case "copy":
            try arity(a, 0, 0)
            return try rt.makeList(l.items)
        default:
            throw ScriptException.error("AttributeError", "'list' object has no attribute '\(name)'")
        }
    }

    static func sequenceSearch(_ items: [Value], _ name: String, _ a: Arguments, typeName: String) throws -> Value {
        if name == "count" {
            try arity(a, 1, 1)
            return .int(items.filter { Equality.identical($0, a.positional[0]) || Equality.equal($0, a.positional[0]) }.count)
        }
        try arity(a, 1, 3)
        var start = 0, end = items.count
        if a.positional.count > 1, let s = a.positional[1].asInt { start = s < 0 ? Swift.max(0, s + items.count) : Swift.min(s, items.count) }
        if a.positional.count > 2, let e = a.positional[2].asInt { end = e < 0 ? Swift.max(0, e + items.count) : Swift.min(e, items.count) }
        if start < end {
            for i in start..<end where Equality.identical(items[i], a.positional[0]) || Equality.equal(items[i], a.positional[0]) {
                return .int(i)
            }
        }
        if typeName == "tuple" { throw ScriptException.value("tuple.index(x): x not in tuple") }
        throw ScriptException.value("\(a.positional[0].repr) is not in list")
    }

    // MARK: dict

    static func dict(_ rt: Runtime, _ d: DictObject, _ name: String, _ a: Arguments) throws -> Value {
        switch name {
        case "get":
            try arity(a, 1, 2)
            return d.get(try rt.key(a.positional[0])) ?? (a.positional.count > 1 ? a.positional[1] : .none)
        case "keys":
            try arity(a, 0, 0)
            return .iterator(IteratorObject(kind: "dict_keys", items: d.keys))
        case "values":
            try arity(a, 0, 0)
            return .iterator(IteratorObject(kind: "dict_values", items: d.values))
        case "items":
            try arity(a, 0, 0)
            return .iterator(IteratorObject(kind: "dict_items", items: d.entries.map { .tuple([$0.0, $0.1]) }))
        case "pop":
            try arity(a, 1, 2)
            if let v = d.remove(try rt.key(a.positional[0])) { return v }
            if a.positional.count > 1 { return a.positional[1] }
            throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [a.positional[0]]))
        case "setdefault":
            try arity(a, 1, 2)
            let k = try rt.key(a.positional[0])
            if let v = d.get(k) { return v }
            let v = a.positional.count > 1 ? a.positional[1] : .none
            d.set(a.positional[0], v, hash: k)
            return v
        case "update":
            if a.positional.count > 1 { throw ScriptException.type("update expected at most 1 argument, got \(a.positional.count)") }
            if let v = a.positional.first {
                let other = try rt.construct(BuiltinTypes.dict, Arguments([v]))
                if case .dict(let o) = other { for (k, value) in o.entries { d.set(k, value, hash: HashKey(k)) } }
            }
            for (k, v) in a.keywords { d.set(.string(k), v, hash: HashKey(.string(k))) }
            return .none
        case "clear":
            try arity(a, 0, 0)
            d.removeAll()
            return .none
        case "copy":
            try arity(a, 0, 0)
            let c = rt.makeDict()
            for (k, v) in d.entries { c.set(k, v, hash: HashKey(k)) }
            try rt.account(c.count)
            return .dict(c)
        case "popitem":
            try arity(a, 0, 0)
            guard let (k, v) = d.popLast() else { throw ScriptException.error("KeyError", "popitem(): dictionary is empty") }
            return .tuple([k, v])
        default:
            throw ScriptException.error("AttributeError", "'dict' object has no attribute '\(name)'")
        }
    }

    // MARK: set

    static func set(_ rt: Runtime, _ s: SetObject, _ name: String, _ a: Arguments) throws -> Value {
        func others() throws -> [[HashKey]] {
            try a.positional.map { v in
                if case .set(let o) = v { return o.keys }
                return try rt.iterate(v).map { try rt.key($0) }
            }
        }
        func result(_ keys: [HashKey]) throws -> Value {
            let r = rt.makeSet()
            for k in keys { r.insert(k) }
            try rt.account(r.count)
            return .set(r)
        }
        switch name {
        case "add":
            try arity(a, 1, 1)
            s.insert(try rt.key(a.positional[0]))
            return .none
        case "remove":
            try arity(a, 1, 1)
            if !s.remove(try rt.key(a.positional[0])) { throw ScriptException(ExceptionObject(BuiltinTypes.keyError, [a.positional[0]])) }
            return .none
        case "discard":
            try arity(a, 1, 1)
            s.remove(try rt.key(a.positional[0]))
            return .none
        case "pop":
            try arity(a, 0, 0)
            guard let v = s.popFirst() else { throw ScriptException.error("KeyError", "pop from an empty set") }
            return v
        case "clear":
            try arity(a, 0, 0)
            s.removeAll()
            return .none
        case "copy":
            try arity(a, 0, 0)
            return try result(s.keys)
        case "update":
            for o in try others() { s.merge(o) }
            return .none
        case "union":
            let r = rt.makeSet()
            r.merge(s.keys)
            for o in try others() { r.merge(o) }
            try rt.account(r.count)
            return .set(r)
        case "intersection":
            var keys = s.keys
            for o in try others() {
                let other = SetObject()
                for k in o { other.insert(k) }
                keys = keys.filter { other.contains($0) }
            }
            return try result(keys)
        case "difference":
            var keys = s.keys
            for o in try others() {
                let other = SetObject()
                for k in o { other.insert(k) }
                keys = keys.filter { !other.contains($0) }
            }
            return try result(keys)
        case "symmetric_difference":
            try arity(a, 1, 1)
            let o = try others()[0]
            let r = rt.makeSet()
            r.merge(s.keys)
            for k in o { if r.contains(k) { r.remove(k) } else { r.insert(k) } }
            try rt.account(r.count)
            return .set(r)
        case "issubset", "issuperset", "isdisjoint":
            try arity(a, 1, 1)
            let o = try others()[0]
            let other = SetObject()
            for k in o { other.insert(k) }
            switch name {
            case "issubset": return .bool(s.keys.allSatisfy { other.contains($0) })
            case "issuperset": return .bool(o.allSatisfy { s.contains($0) })
            default: return .bool(!s.keys.contains { other.contains($0) })
            }
        default:
            throw ScriptException.error("AttributeError", "'set' object has no attribute '\(name)'")
        }
    }
}
