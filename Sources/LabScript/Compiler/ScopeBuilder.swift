/// Builds the scope tree of a program: which names each scope assigns and reads.
struct ScopeBuilder {
    /// Analyses `statements` as the body of `scope` (recursively for nested scopes), then resolves
    /// free variables and allocates slots.
    static func build(module statements: [Statement]) -> Scope {
        let module = Scope(kind: .module, parent: nil, qualifiedName: "")
        var all: [Scope] = [module]
        for s in statements { visit(s, module, &all) }
        for scope in all {
            for name in scope.reads { scope.resolveFree(name) }
        }
        // Free names of children that pass through a scope also count as reads there.
        for scope in all { scope.allocate() }
        return module
    }

    static func function(_ name: String, _ parameters: Parameters, body: [Statement], in parent: Scope, key: ObjectIdentifier, _ all: inout [Scope]) {
        let qualified = parent.kind == .module ? name : parent.qualifiedName + ".<locals>." + name
        let scope = Scope(kind: .function, parent: parent, qualifiedName: qualified)
        parent.children[key] = scope
        all.append(scope)
        for p in parameters.allNames { scope.declare(p) }
        // Defaults are evaluated in the enclosing scope.
        for p in parameters.positional { if let d = p.defaultValue { visit(d, parent, &all) } }
        for p in parameters.keywordOnly { if let d = p.defaultValue { visit(d, parent, &all) } }
        for s in body { visit(s, scope, &all) }
    }

    static func target(_ e: Expression, _ scope: Scope, _ all: inout [Scope]) {
        switch e.kind {
        case .name(let n): scope.declare(n)
        case .tuple(let items), .list(let items): for i in items { target(i, scope, &all) }
        case .starred(let inner): target(inner, scope, &all)
        default: visit(e, scope, &all)
        }
    }

    static func visit(_ s: Statement, _ scope: Scope, _ all: inout [Scope]) {
        switch s.kind {
        case .expression(let e): visit(e, scope, &all)
        case .assign(let targets, let value):
            visit(value, scope, &all)
            for t in targets { target(t, scope, &all) }
        case .augmentedAssign(let t, _, let value):
            visit(value, scope, &all)
            if case .name(let n) = t.kind { scope.reads.insert(n) }
            target(t, scope, &all)
        case .annotatedAssign(let t, let value):
            if let value { visit(value, scope, &all); target(t, scope, &all) }
        case .if(let test, let body, let orElse), .while(let test, let body, let orElse):
            visit(test, scope, &all)
            for b in body { visit(b, scope, &all) }
            for b in orElse { visit(b, scope, &all) }
        case .for(let t, let iterable, let body, let orElse):
            visit(iterable, scope, &all)
            target(t, scope, &all)
            for b in body { visit(b, scope, &all) }
            for b in orElse { visit(b, scope, &all) }
        case .break, .continue, .pass: break
        case .return(let e): if let e { visit(e, scope, &all) }
        case .functionDefinition(let name, let parameters, let body):
            scope.declare(name)
            function(name, parameters, body: body, in: scope, key: ObjectIdentifier(s), &all)
        case .assert(let test, let message):
            visit(test, scope, &all)
            if let message { visit(message, scope, &all) }
        case .import(let module, let alias):
            scope.declare(alias ?? String(module.split(separator: ".").first ?? Substring(module)))
        case .importFrom(_, let names):
            for n in names { scope.declare(n.alias ?? n.name) }
        case .delete(let targets):
            for t in targets { target(t, scope, &all) }
        case .try(let body, let handlers, let orElse, let finally):
            for b in body { visit(b, scope, &all) }
            for h in handlers {
                if let t = h.type { visit(t, scope, &all) }
                if let n = h.name { scope.declare(n) }
                for b in h.body { visit(b, scope, &all) }
            }
            for b in orElse { visit(b, scope, &all) }
            for b in finally { visit(b, scope, &all) }
        case .raise(let e): if let e { visit(e, scope, &all) }
        }
    }

    static func visit(_ e: Expression, _ scope: Scope, _ all: inout [Scope]) {
        switch e.kind {
        case .name(let n): scope.reads.insert(n)
        case .constant: break
        case .formatted(let pieces): visitPieces(pieces, scope, &all)
        case .list(let items), .tuple(let items), .set(let items): for i in items { visit(i, scope, &all) }
        case .dict(let entries):
            for (k, v) in entries {
                if let k { visit(k, scope, &all) }
                visit(v, scope, &all)
            }
        case .starred(let inner): visit(inner, scope, &all)
        case .attribute(let base, _): visit(base, scope, &all)
        case .subscript(let base, let index):
            visit(base, scope, &all)
            visit(index, scope, &all)
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { visit(x, scope, &all) } }
        case .call(let callee, let arguments):
            visit(callee, scope, &all)
            for a in arguments {
                switch a {
                case .positional(let x), .keyword(_, let x), .star(let x), .doubleStar(let x): visit(x, scope, &all)
                }
            }
        case .unary(_, let x): visit(x, scope, &all)
        case .binary(_, let a, let b):
            visit(a, scope, &all)
            visit(b, scope, &all)
        case .and(let items), .or(let items): for i in items { visit(i, scope, &all) }
        case .compare(let first, let rest):
            visit(first, scope, &all)
            for (_, x) in rest { visit(x, scope, &all) }
        case .conditional(let test, let body, let orElse):
            visit(test, scope, &all)
            visit(body, scope, &all)
            visit(orElse, scope, &all)
        case .lambda(let parameters, let body):
            let ret = Statement(.return(body), body.range)
            function("<lambda>", parameters, body: [ret], in: scope, key: ObjectIdentifier(e), &all)
        case .comprehension(_, let element, let value, let clauses):
            // The first iterable is evaluated in the enclosing scope.
            visit(clauses[0].iterable, scope, &all)
            let qualified = scope.kind == .module ? "<comprehension>" : scope.qualifiedName + ".<locals>.<comprehension>"
            let inner = Scope(kind: .comprehension, parent: scope, qualifiedName: qualified)
            scope.children[ObjectIdentifier(e)] = inner
            all.append(inner)
            for (i, clause) in clauses.enumerated() {
                if i > 0 { visit(clause.iterable, inner, &all) }
                target(clause.target, inner, &all)
                for c in clause.conditions { visit(c, inner, &all) }
            }
            visit(element, inner, &all)
            if let value { visit(value, inner, &all) }
        }
    }

    static func visitPieces(_ pieces: [FormattedPiece], _ scope: Scope, _ all: inout [Scope]) {
        for p in pieces {
            if case .field(let e, _, let spec) = p {
                visit(e, scope, &all)
                if let spec { visitPieces(spec, scope, &all) }
            }
        }
    }
}
