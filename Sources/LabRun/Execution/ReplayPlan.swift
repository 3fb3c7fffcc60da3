import LabScript

/// Which statements of the earlier steps a step needs, found by name analysis: a statement is
/// replayed when it binds or changes a name that a later replayed statement, or the step itself,
/// reads before binding it. A step that needs nothing replays nothing and starts at once.
struct ReplayPlan {
    /// One parsed block of an earlier step, and the indices of its statements to replay.
    struct Entry {
        let program: Program
        let statements: Set<Int>
    }

    /// The blocks to replay, in lab order; blocks with nothing to replay are left out.
    let entries: [Entry]

    /// The plan for running `target` after `earlier` (every block of the steps before it, in order).
    /// Blocks that do not parse are skipped: the step that owns them reports the error when run.
    init(earlier: [RunnableBlock], target: [Program]) {
        var needed = ReplayPlan.freeReads(of: target)
        let parsed: [(RunnableBlock, Program)] = earlier.compactMap { block in
            (try? Interpreter.parse(block.source, file: block.file, firstLine: block.firstLine)).map { (block, $0) }
        }
        var chosen: [[Int]] = parsed.map { _ in [] }
        for blockIndex in parsed.indices.reversed() {
            let program = parsed[blockIndex].1
            for statement in program.names.reversed() {
                let touches = statement.defines.union(statement.mutates)
                guard !touches.isDisjoint(with: needed) else { continue }
                chosen[blockIndex].append(statement.index)
                // A plain rebinding makes earlier values of the name irrelevant; a compound
                // statement (if, for, while, try) may not bind it, so the name stays needed.
                if ReplayPlan.alwaysBinds(program.statements[statement.index]) {
                    needed.subtract(statement.defines)
                }
                needed.formUnion(statement.reads)
                needed.formUnion(statement.mutates)
            }
        }
        entries = parsed.indices.compactMap { index in
            chosen[index].isEmpty ? nil : Entry(program: parsed[index].1, statements: Set(chosen[index]))
        }
    }

    /// Names the programs read before they bind them themselves, in order.
    static func freeReads(of programs: [Program]) -> Set<String> {
        var bound = Set<String>()
        var free = Set<String>()
        for program in programs {
            for statement in program.names {
                free.formUnion(statement.reads.subtracting(bound))
                free.formUnion(statement.mutates.subtracting(bound))
                bound.formUnion(statement.defines)
            }
        }
        return free
    }

    /// Whether executing `statement` always binds every name it defines.
    static func alwaysBinds(_ statement: Statement) -> Bool {
        switch statement.kind {
        case .assign, .annotatedAssign, .functionDefinition, .import, .importFrom: return true
        default: return false
        }
    }
}
