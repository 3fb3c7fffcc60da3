/// Expressions: each becomes a closure from a frame to a value.
extension Compiler {
    func expression(_ e: Expression, _ scope: Scope) -> Eval {
        let runtime = self.runtime
        let range = e.range
        switch e.kind {
        case .name(let n):
            return loadName(n, scope, range)

        case .constant(let c):
            let v: Value
            switch c {
            case .none: v = .none
            case .bool(let b): v = .bool(b)
            case .int(let i): v = .integer(i)
            case .float(let d): v = .float(d)
            case .string(let s): v = .string(s)
            }
            return { _ in v }

        case .formatted(let pieces):
            let parts = formattedPieces(pieces, scope)
            return { f in
                var out = ""
                for p in parts { out += try p(f) }
                try runtime.checkSize(out.utf8.count)
                return .string(out)
            }

        case .list(let items):
            let build = sequence(items, scope)
            return { f in try runtime.makeList(try build(f)) }

        case .tuple(let items):
            let build = sequence(items, scope)
            return { f in .tuple(try build(f)) }

        case .set(let items):
            let build = sequence(items, scope)
            return { f in
                let s = runtime.makeSet()
                for v in try build(f) { s.insert(try runtime.key(v)) }
                try runtime.account(s.count)
                return .set(s)
            }

        case .dict(let entries):
            let compiled = entries.map { (key: $0.key.map { expression($0, scope) }, value: expression($0.value, scope)) }
            return { f in
                let d = runtime.makeDict()
                for entry in compiled {
                    if let k = entry.key {
                        let key = try k(f)
                        let value = try entry.value(f)
                        d.set(key, value, hash: try runtime.key(key))
                    } else {
                        let mapping = try entry.value(f)
                        guard case .dict(let other) = mapping else {
                            throw ScriptException.type("'\(mapping.typeName)' object is not a mapping")
                        }
                        for (k, v) in other.entries { d.set(k, v, hash: HashKey(k)) }
                    }
                }
                try runtime.account(d.count)
                return .dict(d)
            }

        case .starred:
            return { _ in throw ScriptException.error("SyntaxError", "can't use starred expression here") }

        case .attribute(let base, let name):
            let b = expression(base, scope)
            return { f in
                let object = try b(f)
                do { return try runtime.attribute(object, name) } catch { throw Compiler.locate(error, range, runtime) }
            }

        case .subscript(let base, let index):
            let b = expression(base, scope)
            let i = expression(index, scope)
            return { f in
                let container = try b(f), key = try i(f)
                if case .list(let l) = container, case .int(var k) = key {
                    if k < 0 { k += l.items.count }
                    if k >= 0 && k < l.items.count { return l.items[k] }
                }
                do { return try runtime.subscriptGet(container, key) } catch { throw Compiler.locate(error, range, runtime) }
            }

        case .slice(let a, let b, let c):
            let parts = [a, b, c].map { $0.map { expression($0, scope) } }
            return { f in
                .makeSlice(try parts[0]?(f) ?? .none, try parts[1]?(f) ?? .none, try parts[2]?(f) ?? .none)
            }

        case .call(let callee, let arguments):
            return call(callee, arguments, range, scope)

        case .unary(let op, let operand):
            let x = expression(operand, scope)
            if op == .not {
                return { f in
                    let v = try x(f)
                    if case .bool(let b) = v { return .bool(!b) }
                    return .bool(!(try runtime.truthy(v)))
                }
            }
            return { f in
                let v = try x(f)
                do { return try runtime.unary(op, v) } catch { throw Compiler.locate(error, range, runtime) }
            }

        case .binary(let op, let left, let right):
            let a = expression(left, scope), b = expression(right, scope)
            switch op {
            case .add:
                return { f in
                    let x = try a(f), y = try b(f)
                    if case .int(let i) = x, case .int(let j) = y {
                        let (r, o) = i.addingReportingOverflow(j)
                        if !o { return .int(r) }
                    }
                    if case .float(let i) = x, case .float(let j) = y { return .float(i + j) }
                    do { return try runtime.binary(op, x, y) } catch { throw Compiler.locate(error, range, runtime) }
                }
            case .multiply:
                return { f in
                    let x = try a(f), y = try b(f)
                    if case .int(let i) = x, case .int(let j) = y {
                        let (r, o) = i.multipliedReportingOverflow(by: j)
                        if !o { return .int(r) }
                    }
                    if case .float(let i) = x, case .float(let j) = y { return .float(i * j) }
                    do { return try runtime.binary(op, x, y) } catch { throw Compiler.locate(error, range, runtime) }
                }
            default:
                return { f in
                    let x = try a(f), y = try b(f)
                    do { return try runtime.binary(op, x, y) } catch { throw Compiler.locate(error, range, runtime) }
                }
            }

        case .and(let items):
            let compiled = items.map { expression($0, scope) }
            return { f in
                var v: Value = .none
                for c in compiled {
                    v = try c(f)
                    if try !runtime.truthy(v) { return v }
                }
                return v
            }

        case .or(let items):
            let compiled = items.map { expression($0, scope) }
            return { f in
                var v: Value = .none
                for c in compiled {
                    v = try c(f)
                    if try runtime.truthy(v) { return v }
                }
                return v
            }

        case .compare(let first, let rest):
            let a = expression(first, scope)
            let ops = rest.map { ($0.0, expression($0.1, scope)) }
            return { f in
                var left = try a(f)
                for (op, r) in ops {
                    let right = try r(f)
                    let ok: Bool
                    do { ok = try runtime.compare(op, left, right) } catch { throw Compiler.locate(error, range, runtime) }
                    if !ok { return .bool(false) }
                    left = right
                }
                return .bool(true)
            }

        case .conditional(let test, let body, let orElse):
            let t = expression(test, scope), b = expression(body, scope), o = expression(orElse, scope)
            return { f in try runtime.truthy(try t(f)) ? try b(f) : try o(f) }

        case .lambda(let parameters, let body):
            let ret = Statement(.return(body), body.range)
            return lambdaFunction(parameters, ret, key: ObjectIdentifier(e), scope)

        case .comprehension(let kind, let element, let value, let clauses):
            return comprehension(kind, element, value, clauses, key: ObjectIdentifier(e), scope)
        }
    }

    private func lambdaFunction(_ parameters: Parameters, _ body: Statement, key: ObjectIdentifier, _ scope: Scope) -> Eval {
        guard let inner = scope.children[key] else {
            return { _ in throw ScriptException.error("RuntimeError", "internal error: no scope for lambda") }
        }
        let code = FunctionCode(name: "<lambda>", qualifiedName: inner.qualifiedName, parameters: parameters, scope: inner)
        code.body = statement(body, inner)
        let defaults: [Eval?] = (parameters.positional.map(\.defaultValue) + parameters.keywordOnly.map(\.defaultValue)).map { d in
            d.map { expression($0, scope) }
        }
        let closureCells: [Int] = inner.free.map { scope.cellOf[$0] ?? 0 }
        let globals = self.globals
        return { f in
            var values: [Value?] = []
            for d in defaults { values.append(try d.map { try $0(f) }) }
            return .function(FunctionObject(code: code, defaults: values, closure: closureCells.map { f.cells[$0] }, globals: globals))
        }
    }

    private func formattedPieces(_ pieces: [FormattedPiece], _ scope: Scope) -> [(Frame) throws -> String] {
        let runtime = self.runtime
        return pieces.map { piece -> (Frame) throws -> String in
            switch piece {
            case .text(let t): return { _ in t }
            case .field(let e, let conversion, let spec):
                let eval = expression(e, scope)
                let specParts = spec.map { formattedPieces($0, scope) }
                let range = e.range
                return { f in
                    var v = try eval(f)
                    switch conversion {
                    case "r": v = .string(v.repr)
                    case "s": v = .string(v.str)
                    case "a": v = .string(Builtins.ascii(v.repr))
                    default: break
                    }
                    var specText = ""
                    if let specParts { for p in specParts { specText += try p(f) } }
                    if specText.isEmpty, case .string(let s) = v { return s }
                    do { return try FormatSpec.format(v, specText) } catch { throw Compiler.locate(error, range, runtime) }
                }
            }
        }
    }

    /// Items of a display, with `*iterable` unpacked.
    private func sequence(_ items: [Expression], _ scope: Scope) -> (Frame) throws -> [Value] {
        let runtime = self.runtime
        let hasStar = items.contains { if case .starred = $0.kind { return true } else { return false } }
        if !hasStar {
            let compiled = items.map { expression($0, scope) }
            return { f in
                var out: [Value] = []
                out.reserveCapacity(compiled.count)
                for c in compiled { out.append(try c(f)) }
                return out
            }
        }
        let compiled: [(Bool, Eval)] = items.map { item in
            if case .starred(let inner) = item.kind { return (true, expression(inner, scope)) }
            return (false, expression(item, scope))
        }
        return { f in
            var out: [Value] = []
            for (star, c) in compiled {
                if star { out += try runtime.iterate(try c(f)) } else { out.append(try c(f)) }
            }
            return out
        }
    }

    private func call(_ callee: Expression, _ arguments: [CallArgument], _ range: SourceRange, _ scope: Scope) -> Eval {
        let runtime = self.runtime
        let simple = arguments.allSatisfy { if case .positional = $0 { return true } else { return false } }
        let buildArguments: (Frame) throws -> Arguments
        if simple {
            let compiled = arguments.map { a -> Eval in
                if case .positional(let e) = a { return expression(e, scope) }
                return { _ in .none }
            }
            buildArguments = { f in
                var values: [Value] = []
                values.reserveCapacity(compiled.count)
                for c in compiled { values.append(try c(f)) }
                return Arguments(values)
            }
        } else {
            let compiled: [(CallArgument, Eval)] = arguments.map { a in
                switch a {
                case .positional(let e), .keyword(_, let e), .star(let e), .doubleStar(let e): return (a, expression(e, scope))
                }
            }
            buildArguments = { f in
                var args = Arguments()
                for (a, c) in compiled {
                    let v = try c(f)
                    switch a {
                    case .positional: args.positional.append(v)
                    case .keyword(let name, _): args.keywords.append((name, v))
                    case .star:
                        do { args.positional += try runtime.iterate(v) } catch {
                            throw ScriptException.type("Value after * must be an iterable, not \(v.typeName)")
                        }
                    case .doubleStar:
                        guard case .dict(let d) = v else {
                            throw ScriptException.type("argument after ** must be a mapping, not \(v.typeName)")
                        }
                        for (k, value) in d.entries {
                            guard case .string(let name) = k else { throw ScriptException.type("keywords must be strings") }
                            if args.keywords.contains(where: { $0.name == name }) {
                                throw ScriptException.type("got multiple values for keyword argument '\(name)'")
                            }
                            args.keywords.append((name, value))
                        }
                    }
                }
                return args
            }
        }
        if case .attribute(let base, let name) = callee.kind {
            let b = expression(base, scope)
            return { f in
                let receiver = try b(f)
                // Python looks the method up before it evaluates the arguments.
                switch receiver {
                case .string, .list, .dict, .set, .tuple, .int, .bool, .float:
                    guard Methods.has(receiver, name) else {
                        throw Compiler.locate(ScriptException.error("AttributeError", "'\(receiver.typeName)' object has no attribute '\(name)'"), range, runtime)
                    }
                    let args = try buildArguments(f)
                    do { return try runtime.callMethod(receiver, name, args) } catch { throw Compiler.locate(error, range, runtime) }
                default:
                    let method: Value
                    do { method = try runtime.attribute(receiver, name) } catch { throw Compiler.locate(error, range, runtime) }
                    let args = try buildArguments(f)
                    do { return try runtime.call(method, args) } catch { throw Compiler.locate(error, range, runtime) }
                }
            }
        }
        let c = expression(callee, scope)
        return { f in
            let function = try c(f)
            let args = try buildArguments(f)
            do { return try runtime.call(function, args) } catch { throw Compiler.locate(error, range, runtime) }
        }
    }

    private func comprehension(_ kind: ComprehensionKind, _ element: Expression, _ value: Expression?, _ clauses: [ComprehensionClause], key: ObjectIdentifier, _ scope: Scope) -> Eval {
        let runtime = self.runtime
        guard let inner = scope.children[key] else {
            return { _ in throw ScriptException.error("RuntimeError", "internal error: no scope for comprehension") }
        }
        let first = expression(clauses[0].iterable, scope)
        let firstRange = clauses[0].iterable.range
        let levels: [(iterable: Eval?, store: Store, conditions: [Eval], range: SourceRange)] = clauses.enumerated().map { i, clause in
            (i == 0 ? nil : expression(clause.iterable, inner), store(clause.target, inner),
             clause.conditions.map { expression($0, inner) }, clause.iterable.range)
        }
        let elementEval = expression(element, inner)
        let valueEval = value.map { expression($0, inner) }
        let freeCells: [Int] = inner.free.map { scope.cellOf[$0] ?? 0 }
        let ownCells = inner.ownCells.count
        let slotCount = inner.slotCount
        let globals = self.globals

        final class Sink {
            var items: [Value] = []
            var dict: DictObject?
            var set: SetObject?
        }

        return { f in
            let source: Value
            do { source = try first(f) } catch { throw Compiler.locate(error, firstRange, runtime) }
            var cells: [Cell] = []
            for _ in 0..<ownCells { cells.append(Cell()) }
            for c in freeCells { cells.append(f.cells[c]) }
            let frame = Frame(slotCount: slotCount, cells: cells, globals: globals)
            let sink = Sink()
            switch kind {
            case .dict: sink.dict = runtime.makeDict()
            case .set: sink.set = runtime.makeSet()
            default: break
            }
            func run(_ level: Int, _ iterable: Value) throws {
                let (_, st, conditions, range) = levels[level]
                var items: [Value] = []
                var rangeValue: RangeValue?
                if case .range(let r) = iterable { rangeValue = r } else {
                    do { items = try runtime.iterate(iterable) } catch { throw Compiler.locate(error, range, runtime) }
                }
                let count = rangeValue?.count ?? items.count
                if kind == .list || kind == .generator { sink.items.reserveCapacity(sink.items.count + min(count, 4096)) }
                outer: for index in 0..<count {
                    let item: Value = rangeValue.map { .int($0.element(index)) } ?? items[index]
                    try runtime.tick()
                    try st(frame, item)
                    for c in conditions where try !runtime.truthy(try c(frame)) { continue outer }
                    if level + 1 < levels.count {
                        let next: Value
                        do { next = try levels[level + 1].iterable!(frame) } catch { throw Compiler.locate(error, levels[level + 1].range, runtime) }
                        try run(level + 1, next)
                        continue
                    }
                    switch kind {
                    case .list, .generator:
                        sink.items.append(try elementEval(frame))
                        if sink.items.count & 1023 == 0 { try runtime.account(1024) }
                    case .set:
                        let v = try elementEval(frame)
                        let before = sink.set!.count
                        sink.set!.insert(try runtime.key(v))
                        if sink.set!.count != before { try runtime.account(1) }
                    case .dict:
                        let k = try elementEval(frame)
                        let v = try valueEval!(frame)
                        let before = sink.dict!.count
                        sink.dict!.set(k, v, hash: try runtime.key(k))
                        if sink.dict!.count != before { try runtime.account(1) }
                    }
                }
            }
            try run(0, source)
            switch kind {
            case .list:
                try runtime.account(sink.items.count & 1023)
                return .list(TrackedList(sink.items, runtime: runtime))
            case .generator:
                runtime.liveElements -= sink.items.count - (sink.items.count & 1023)
                return .iterator(IteratorObject(kind: "generator", items: sink.items))
            case .set: return .set(sink.set!)
            case .dict: return .dict(sink.dict!)
            }
        }
    }
}
