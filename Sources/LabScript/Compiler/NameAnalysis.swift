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

    /// Names whose object `statement` (or a statement nested in it, a `def`'s body included)
    /// may change in place: the base of a subscript or attribute target, the receiver of a method
    /// call, and the name of an augmented assignment (`xs += [1]` extends a list in place).
    private static func collectMutations(_ statement: Statement, into out: inout Set<String>) {
        statement.forEachStatement { s in
            switch s.kind {
            case .assign(let targets, _), .delete(let targets): targets.forEach { collectTargetBases($0, into: &out) }
            case .augmentedAssign(let target, _, _):
                collectTargetBases(target, into: &out)
                if case .name(let name) = target.kind { out.insert(name) }
            case .annotatedAssign(let target, _), .for(let target, _, _, _): collectTargetBases(target, into: &out)
            default: break
            }
            for expression in s.expressions {
                expression.forEachExpression { e in
                    if case .call(let callee, _) = e.kind, case .attribute(let receiver, _) = callee.kind, let b = base(receiver) {
                        out.insert(b)
                    }
                }
            }
        }
    }

    /// The base names of the subscripts and attributes that `target` assigns (`d` in `d[k] = v`).
    private static func collectTargetBases(_ target: Expression, into out: inout Set<String>) {
        switch target.kind {
        case .subscript, .attribute: if let b = base(target) { out.insert(b) }
        case .tuple(let items), .list(let items): items.forEach { collectTargetBases($0, into: &out) }
        case .starred(let inner): collectTargetBases(inner, into: &out)
        default: break
        }
    }
}
