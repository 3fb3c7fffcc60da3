/// Turns the AST into a tree of Swift closures with every name resolved to a global slot, a local
/// slot or a cell, so that running a program does no name lookups by string.
final class Compiler {
    typealias Eval = (Frame) throws -> Value
    typealias Exec = (Frame) throws -> Flow
    typealias Store = (Frame, Value) throws -> Void

    let runtime: Runtime
    let globals: Globals

    init(runtime: Runtime, globals: Globals) {
        self.runtime = runtime
        self.globals = globals
    }

    /// Attaches `range` to an error that has no place yet.
    static func locate(_ error: any Error, _ range: SourceRange, _ runtime: Runtime) -> any Error {
        if var e = error as? ScriptException {
            if e.range == nil { e.range = range }
            return e
        }
        if var l = error as? LimitExceeded {
            if l.range == nil { l.range = range }
            return l
        }
        if var e = runtime.hostFailure(error) as? ScriptException {
            if e.range == nil { e.range = range }
            return e
        }
        return error
    }

    // MARK: statements

    func block(_ statements: [Statement], _ scope: Scope) -> Exec {
        let compiled = statements.map { statement($0, scope) }
        switch compiled.count {
        case 0: return { _ in .normal }
        case 1: return compiled[0]
        case 2:
            let a = compiled[0], b = compiled[1]
            return { f in
                let flow = try a(f)
                if flow != .normal { return flow }
                return try b(f)
            }
        default:
            return { f in
                for s in compiled {
                    let flow = try s(f)
                    if flow != .normal { return flow }
                }
                return .normal
            }
        }
    }

    func statement(_ s: Statement, _ scope: Scope) -> Exec {
        let inner = statementBody(s, scope)
        let range = s.range
        let runtime = self.runtime
        return { f in
            do { return try inner(f) } catch { throw Compiler.locate(error, range, runtime) }
        }
    }

    private func statementBody(_ s: Statement, _ scope: Scope) -> Exec {
        let runtime = self.runtime
        switch s.kind {
        case .expression(let e):
            let eval = expression(e, scope)
            return { f in _ = try eval(f); return .normal }

        case .assign(let targets, let value):
            let eval = expression(value, scope)
            let stores = targets.map { store($0, scope) }
            if stores.count == 1 {
                let st = stores[0]
                return { f in try st(f, try eval(f)); return .normal }
            }
            return { f in
                let v = try eval(f)
                for st in stores { try st(f, v) }
                return .normal
            }

        case .annotatedAssign(let target, let value):
            guard let value else { return { _ in .normal } }
            let eval = expression(value, scope)
            let st = store(target, scope)
            return { f in try st(f, try eval(f)); return .normal }

        case .augmentedAssign(let target, let op, let value):
            let eval = expression(value, scope)
            switch target.kind {
            case .subscript(let base, let index):
                let b = expression(base, scope), i = expression(index, scope)
                return { f in
                    let container = try b(f), key = try i(f)
                    let old = try runtime.subscriptGet(container, key)
                    let new = try runtime.inPlace(op, old, try eval(f))
                    try runtime.subscriptSet(container, key, new)
                    return .normal
                }
            case .attribute(let base, let name):
                let b = expression(base, scope)
                return { f in
                    let object = try b(f)
                    let old = try runtime.attribute(object, name)
                    _ = try runtime.inPlace(op, old, try eval(f))
                    throw ScriptException.error("AttributeError", "'\(object.typeName)' object attribute '\(name)' is read-only")
                }
            default:
                let load = expression(target, scope)
                let st = store(target, scope)
                return { f in
                    let new = try runtime.inPlace(op, try load(f), try eval(f))
                    try st(f, new)
                    return .normal
                }
            }

        case .if(let test, let body, let orElse):
            let t = condition(test, scope), b = block(body, scope), o = block(orElse, scope)
            return { f in try t(f) ? try b(f) : try o(f) }

        case .while(let test, let body, let orElse):
            let t = condition(test, scope), b = block(body, scope), o = block(orElse, scope)
            return { f in
                while try t(f) {
                    try runtime.tick()
                    let flow = try b(f)
                    if flow == .breakLoop { return .normal }
                    if flow == .returned { return flow }
                }
                return try o(f)
            }

        case .for(let target, let iterable, let body, let orElse):
            return forLoop(target, iterable, body, orElse, scope)

        case .break: return { _ in .breakLoop }
        case .continue: return { _ in .continueLoop }
        case .pass: return { _ in .normal }

        case .return(let value):
            guard let value else {
                return { f in f.returnValue = .none; return .returned }
            }
            let eval = expression(value, scope)
            return { f in f.returnValue = try eval(f); return .returned }

        case .functionDefinition(let name, let parameters, let body):
            let make = function(name: name, parameters: parameters, body: body, key: ObjectIdentifier(s), scope)
            let st = storeName(name, scope, s.range)
            return { f in try st(f, try make(f)); return .normal }

        case .assert(let test, let message):
            let t = condition(test, scope)
            let m = message.map { expression($0, scope) }
            return { f in
                if try !t(f) {
                    let args = try m.map { [try $0(f)] } ?? []
                    throw ScriptException(ExceptionObject(BuiltinTypes.assertionError, args))
                }
                return .normal
            }

        case .import(let module, let alias):
            let bound = alias ?? module
            let st = storeName(alias ?? String(module.split(separator: ".").first ?? Substring(module)), scope, s.range)
            _ = bound
            return { f in
                try st(f, .module(try runtime.module(module)))
                return .normal
            }

        case .importFrom(let module, let names):
            let stores = names.map { storeName($0.alias ?? $0.name, scope, s.range) }
            return { f in
                let m = try runtime.module(module)
                for (i, n) in names.enumerated() {
                    guard let v = m.members[n.name] else {
                        throw ScriptException.error("ImportError", "cannot import name '\(n.name)' from '\(module)'")
                    }
                    try stores[i](f, v)
                }
                return .normal
            }

        case .delete(let targets):
            let deletes = targets.map { delete($0, scope) }
            return { f in
                for d in deletes { try d(f) }
                return .normal
            }

        case .try(let body, let handlers, let orElse, let finally):
            return tryStatement(body, handlers, orElse, finally, scope)

        case .raise(let value):
            guard let value else {
                return { f in
                    if let e = f.handling.last { throw e }
                    throw ScriptException.error("RuntimeError", "No active exception to reraise")
                }
            }
            let eval = expression(value, scope)
            return { f in
                let v = try eval(f)
                switch v {
                case .exception(let e): throw ScriptException(e)
                case .type(let t) where t.isException: throw ScriptException(ExceptionObject(t, []))
                default: throw ScriptException.type("exceptions must derive from BaseException")
                }
            }
        }
    }

    private func condition(_ e: Expression, _ scope: Scope) -> (Frame) throws -> Bool {
        let runtime = self.runtime
        if case .compare(let first, let rest) = e.kind, rest.count == 1 {
            let a = expression(first, scope), b = expression(rest[0].1, scope)
            let op = rest[0].0
            let range = e.range
            return { f in
                let x = try a(f), y = try b(f)
                if case .int(let i) = x, case .int(let j) = y {
                    switch op {
                    case .less: return i < j
                    case .lessEqual: return i <= j
                    case .greater: return i > j
                    case .greaterEqual: return i >= j
                    case .equal: return i == j
                    case .notEqual: return i != j
                    default: break
                    }
                }
                do { return try runtime.compare(op, x, y) } catch { throw Compiler.locate(error, range, runtime) }
            }
        }
        let eval = expression(e, scope)
        return { f in
            let v = try eval(f)
            if case .bool(let b) = v { return b }
            return try runtime.truthy(v)
        }
    }

    private func forLoop(_ target: Expression, _ iterable: Expression, _ body: [Statement], _ orElse: [Statement], _ scope: Scope) -> Exec {
        let runtime = self.runtime
        let iter = expression(iterable, scope)
        let st = store(target, scope)
        let b = block(body, scope), o = block(orElse, scope)
        let range = iterable.range
        return { f in
            let source: Value
            do { source = try iter(f) } catch { throw Compiler.locate(error, range, runtime) }
            switch source {
            case .range(let r):
                let n = r.count
                var i = 0
                while i < n {
                    try runtime.tick()
                    try st(f, .int(r.element(i)))
                    let flow = try b(f)
                    if flow == .breakLoop { return .normal }
                    if flow == .returned { return flow }
                    i += 1
                }
            case .list(let l):
                var i = 0
                while i < l.items.count {
                    try runtime.tick()
                    try st(f, l.items[i])
                    let flow = try b(f)
                    if flow == .breakLoop { return .normal }
                    if flow == .returned { return flow }
                    i += 1
                }
            case .dict(let d):
                let keys = d.keys
                let count = d.count
                for k in keys {
                    try runtime.tick()
                    try st(f, k)
                    let flow = try b(f)
                    if d.count != count {
                        throw Compiler.locate(ScriptException.error("RuntimeError", "dictionary changed size during iteration"), range, runtime)
                    }
                    if flow == .breakLoop { return .normal }
                    if flow == .returned { return flow }
                }
            default:
                let items: [Value]
                do { items = try runtime.iterate(source) } catch { throw Compiler.locate(error, range, runtime) }
                for item in items {
                    try runtime.tick()
                    try st(f, item)
                    let flow = try b(f)
                    if flow == .breakLoop { return .normal }
                    if flow == .returned { return flow }
                }
            }
            return try o(f)
        }
    }

    private func tryStatement(_ body: [Statement], _ handlers: [ExceptHandler], _ orElse: [Statement], _ finally: [Statement], _ scope: Scope) -> Exec {
        let runtime = self.runtime
        let b = block(body, scope), o = block(orElse, scope), fin = block(finally, scope)
        let compiled: [(type: Eval?, store: Store?, body: Exec, range: SourceRange)] = handlers.map { h in
            (h.type.map { expression($0, scope) }, h.name.map { storeName($0, scope, h.range) }, block(h.body, scope), h.range)
        }
        let hasFinally = !finally.isEmpty
        return { f in
            var flow: Flow = .normal
            var pending: (any Error)?
            do {
                flow = try b(f)
                if flow == .normal { flow = try o(f) }
            } catch let error as ScriptException {
                var handled = false
                do {
                    for h in compiled {
                        var matches = true
                        if let type = h.type {
                            let t = try type(f)
                            matches = try runtime.exceptionMatches(error.exception, t)
                        }
                        if matches {
                            handled = true
                            try h.store?(f, .exception(error.exception))
                            f.handling.append(error)
                            defer { f.handling.removeLast() }
                            flow = try h.body(f)
                            break
                        }
                    }
                    if !handled { pending = error }
                } catch {
                    pending = error
                }
            } catch {
                pending = error
            }
            if hasFinally {
                let finalFlow = try fin(f)
                if finalFlow != .normal { return finalFlow }
            }
            if let pending { throw pending }
            return flow
        }
    }

    /// Makes the function object for a `def` or `lambda` each time the closure runs.
    private func function(name: String, parameters: Parameters, body: [Statement], key: ObjectIdentifier, _ scope: Scope) -> Eval {
        guard let inner = scope.children[key] else {
            return { _ in throw ScriptException.error("RuntimeError", "internal error: no scope for \(name)") }
        }
        let code = FunctionCode(name: name, qualifiedName: inner.qualifiedName, parameters: parameters, scope: inner)
        code.body = block(body, inner)
        let defaults: [Eval?] = (parameters.positional.map(\.defaultValue) + parameters.keywordOnly.map(\.defaultValue)).map { d in
            d.map { expression($0, scope) }
        }
        let closureCells: [Int] = inner.free.map { scope.cellOf[$0] ?? 0 }
        let globals = self.globals
        return { f in
            var values: [Value?] = []
            values.reserveCapacity(defaults.count)
            for d in defaults { values.append(try d.map { try $0(f) }) }
            let closure = closureCells.map { f.cells[$0] }
            return .function(FunctionObject(code: code, defaults: values, closure: closure, globals: globals))
        }
    }

    // MARK: names and targets

    func storeName(_ name: String, _ scope: Scope, _ range: SourceRange) -> Store {
        if scope.kind != .module {
            if let slot = scope.slotOf[name] {
                return { f, v in f.slots[slot] = v }
            }
            if let cell = scope.cellOf[name] {
                return { f, v in f.cells[cell].value = v }
            }
        }
        let slot = globals.slot(name)
        let g = globals
        return { _, v in g.values[slot] = v }
    }

    func loadName(_ name: String, _ scope: Scope, _ range: SourceRange) -> Eval {
        if scope.kind != .module {
            if let slot = scope.slotOf[name] {
                return { f in
                    if let v = f.slots[slot] { return v }
                    throw ScriptException(ExceptionObject(BuiltinTypes.unboundLocalError,
                        "cannot access local variable '\(name)' where it is not associated with a value"), range: range)
                }
            }
            if let cell = scope.cellOf[name] {
                let isFree = scope.free.contains(name)
                return { f in
                    if let v = f.cells[cell].value { return v }
                    if isFree {
                        throw ScriptException(ExceptionObject(BuiltinTypes.nameError,
                            "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope"), range: range)
                    }
                    throw ScriptException(ExceptionObject(BuiltinTypes.unboundLocalError,
                        "cannot access local variable '\(name)' where it is not associated with a value"), range: range)
                }
            }
        }
        let slot = globals.slot(name)
        let g = globals
        let runtime = self.runtime
        return { _ in
            if let v = g.values[slot] { return v }
            if let b = runtime.builtins[name] { return b }
            throw ScriptException(ExceptionObject(BuiltinTypes.nameError, "name '\(name)' is not defined"), range: range)
        }
    }

    func store(_ target: Expression, _ scope: Scope) -> Store {
        let runtime = self.runtime
        let range = target.range
        switch target.kind {
        case .name(let n): return storeName(n, scope, target.range)
        case .subscript(let base, let index):
            let b = expression(base, scope), i = expression(index, scope)
            return { f, v in
                let container = try b(f), key = try i(f)
                do { try runtime.subscriptSet(container, key, v) } catch { throw Compiler.locate(error, range, runtime) }
            }
        case .attribute(let base, let name):
            let b = expression(base, scope)
            return { f, _ in
                let object = try b(f)
                throw Compiler.locate(ScriptException.error("AttributeError", "'\(object.typeName)' object attribute '\(name)' is read-only"), range, runtime)
            }
        case .tuple(let items), .list(let items):
            let stores = items.map { item -> Store in
                if case .starred(let inner) = item.kind { return store(inner, scope) }
                return store(item, scope)
            }
            let starIndex = items.firstIndex { if case .starred = $0.kind { return true } else { return false } }
            let count = items.count
            return { f, v in
                let values: [Value]
                do { values = try runtime.iterate(v) } catch {
                    if let e = error as? ScriptException, e.exception.type === BuiltinTypes.typeError {
                        throw Compiler.locate(ScriptException.type("cannot unpack non-iterable \(v.typeName) object"), range, runtime)
                    }
                    throw Compiler.locate(error, range, runtime)
                }
                if let star = starIndex {
                    let after = count - star - 1
                    guard values.count >= count - 1 else {
                        throw Compiler.locate(ScriptException.value("not enough values to unpack (expected at least \(count - 1), got \(values.count))"), range, runtime)
                    }
                    for i in 0..<star { try stores[i](f, values[i]) }
                    try stores[star](f, try runtime.makeList(Array(values[star..<(values.count - after)])))
                    for j in 0..<after { try stores[star + 1 + j](f, values[values.count - after + j]) }
                    return
                }
                if values.count != count {
                    if values.count < count {
                        throw Compiler.locate(ScriptException.value("not enough values to unpack (expected \(count), got \(values.count))"), range, runtime)
                    }
                    throw Compiler.locate(ScriptException.value("too many values to unpack (expected \(count))"), range, runtime)
                }
                for i in 0..<count { try stores[i](f, values[i]) }
            }
        default:
            return { _, _ in throw ScriptException.error("SyntaxError", "cannot assign to \(Parser.describe(target))") }
        }
    }

    private func delete(_ target: Expression, _ scope: Scope) -> (Frame) throws -> Void {
        let runtime = self.runtime
        let range = target.range
        switch target.kind {
        case .name(let name):
            let load = loadName(name, scope, range)
            if scope.kind != .module, let slot = scope.slotOf[name] {
                return { f in _ = try load(f); f.slots[slot] = nil }
            }
            if scope.kind != .module, let cell = scope.cellOf[name] {
                return { f in _ = try load(f); f.cells[cell].value = nil }
            }
            let slot = globals.slot(name)
            let g = globals
            return { _ in
                guard g.values[slot] != nil else {
                    throw ScriptException(ExceptionObject(BuiltinTypes.nameError, "name '\(name)' is not defined"), range: range)
                }
                g.values[slot] = nil
            }
        case .subscript(let base, let index):
            let b = expression(base, scope), i = expression(index, scope)
            return { f in
                let container = try b(f), key = try i(f)
                do { try runtime.subscriptDelete(container, key) } catch { throw Compiler.locate(error, range, runtime) }
            }
        case .tuple(let items), .list(let items):
            let deletes = items.map { delete($0, scope) }
            return { f in for d in deletes { try d(f) } }
        default:
            return { _ in throw ScriptException.error("SyntaxError", "cannot delete \(Parser.describe(target))") }
        }
    }
}
