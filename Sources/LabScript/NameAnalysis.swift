/// The names one top-level statement of a program defines and reads, so a runner can replay
/// only the earlier statements a later step needs.
///
///     let program = try Interpreter.parse("import evaluate\nscores = [1, 2]\nprint(sum(scores))", file: "lab.md")
///     program.statements[1].defines   // ["scores"]
///     program.statements[2].reads     // ["print", "sum", "scores"]
public struct StatementNames: Sendable, Equatable {
    /// The statement's position among the program's top-level statements (0-based).
    public var index: Int
    /// Where the statement is in the source (its lines, in the file's numbering).
    public var range: SourceRange
    /// Global names the statement binds (assignment, `def`, `import`, `for` targets, `except … as`).
    public var defines: Set<String>
    /// Global names the statement reads, including those read by the functions it defines.
    /// Built-in names (`print`, `len`) are included; a runner ignores names nothing defines.
    public var reads: Set<String>
    /// Global names whose object the statement may change without rebinding them:
    /// `xs.append(1)`, `d[k] = v`, `obj.attr = v`, `xs += [1]` (the receiver of any method call counts).
    public var mutates: Set<String>
}

enum NameAnalysis {
    static func analyse(_ statements: [Statement]) -> [StatementNames] {
        statements.enumerated().map { i, s in
            let scope = ScopeBuilder.build(module: [s])
            var reads = scope.reads
            collectGlobalReads(scope, into: &reads)
            var mutates = Set<String>()
            collectMutations(s, into: &mutates)
            return StatementNames(index: i, range: s.range, defines: Set(scope.locals), reads: reads, mutates: mutates)
        }
    }

    private static func collectGlobalReads(_ scope: Scope, into reads: inout Set<String>) {
        for child in scope.children.values {
            for name in child.reads where !child.localSet.contains(name) && !child.free.contains(name) {
                reads.insert(name)
            }
            collectGlobalReads(child, into: &reads)
        }
    }

    private static func base(_ e: Expression) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .attribute(let b, _), .subscript(let b, _): return base(b)
        default: return nil
        }
    }

    private static func collectMutations(_ s: Statement, into out: inout Set<String>) {
        func target(_ e: Expression) {
            switch e.kind {
            case .subscript, .attribute: if let b = base(e) { out.insert(b) }
            case .tuple(let items), .list(let items): items.forEach(target)
            case .starred(let inner): target(inner)
            default: break
            }
        }
        func visit(_ e: Expression) {
            switch e.kind {
            case .call(let callee, let args):
                if case .attribute(let receiver, _) = callee.kind, let b = base(receiver) { out.insert(b) }
                visit(callee)
                for a in args {
                    switch a {
                    case .positional(let x), .keyword(_, let x), .star(let x), .doubleStar(let x): visit(x)
                    }
                }
            case .attribute(let b, _): visit(b)
            case .subscript(let b, let i): visit(b); visit(i)
            case .list(let items), .tuple(let items), .set(let items), .and(let items), .or(let items): items.forEach(visit)
            case .dict(let entries): for (k, v) in entries { k.map(visit); visit(v) }
            case .unary(_, let x), .starred(let x): visit(x)
            case .binary(_, let a, let b): visit(a); visit(b)
            case .compare(let a, let rest): visit(a); rest.forEach { visit($0.1) }
            case .conditional(let a, let b, let c): visit(a); visit(b); visit(c)
            case .comprehension(_, let element, let value, let clauses):
                visit(element)
                value.map(visit)
                for c in clauses { visit(c.iterable); c.conditions.forEach(visit) }
            case .lambda(_, let body): visit(body)
            case .formatted(let pieces):
                for p in pieces { if case .field(let x, _, _) = p { visit(x) } }
            case .slice(let a, let b, let c): a.map(visit); b.map(visit); c.map(visit)
            case .name, .constant: break
            }
        }
        func statements(_ list: [Statement]) { list.forEach { collectMutations($0, into: &out) } }
        switch s.kind {
        case .expression(let e): visit(e)
        case .assign(let targets, let value): targets.forEach(target); targets.forEach(visit); visit(value)
        case .augmentedAssign(let t, _, let value):
            target(t)
            if case .name(let n) = t.kind { out.insert(n) }
            visit(value)
        case .annotatedAssign(let t, let value): target(t); value.map(visit)
        case .if(let test, let body, let orElse), .while(let test, let body, let orElse):
            visit(test); statements(body); statements(orElse)
        case .for(let t, let iterable, let body, let orElse):
            target(t); visit(iterable); statements(body); statements(orElse)
        case .return(let e): e.map(visit)
        case .functionDefinition(_, _, let body): statements(body)
        case .assert(let test, let message): visit(test); message.map(visit)
        case .delete(let targets): targets.forEach(target)
        case .try(let body, let handlers, let orElse, let finally):
            statements(body); handlers.forEach { statements($0.body) }; statements(orElse); statements(finally)
        case .raise(let e): e.map(visit)
        case .break, .continue, .pass, .import, .importFrom: break
        }
    }
}
