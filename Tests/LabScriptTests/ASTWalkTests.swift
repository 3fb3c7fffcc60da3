import LabScript
import Testing

@Suite struct ASTWalkTests {
    /// The names of the functions called, in the order the walk meets the calls.
    static func calledNames(_ source: String, enteringFunctions: Bool = true) throws -> [String] {
        var names: [String] = []
        for statement in try Interpreter.parse(source).statements {
            statement.forEachStatement(enteringFunctions: enteringFunctions) { nested in
                for expression in nested.expressions {
                    expression.forEachExpression { node in
                        if case .call(let callee, _) = node.kind, case .name(let name) = callee.kind { names.append(name) }
                    }
                }
            }
        }
        return names
    }

    @Test func aCallIsMetBeforeTheCallsInItsArguments() throws {
        #expect(try Self.calledNames("a(b(c()), k=d())") == ["a", "b", "c", "d"])
    }

    @Test func everyKindOfExpressionIsEntered() throws {
        let source = """
            x = [a(), (b(),), {c()}, {d(): e()}, -f(), g() + h(), i() and j(), k() < l(), m() if n() else o()]
            y = (lambda q=p(): q(r()))
            z = [s(t) for t in u() if v(t)]
            w = f"{aa():{bb()}}" + xs[cc():dd()]
            """
        let names = try Self.calledNames(source)
        #expect(names == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
                          "p", "q", "r", "s", "u", "v", "aa", "bb", "cc", "dd"])
    }

    @Test func nestedStatementsAreWalkedAndFunctionBodiesOnlyWhenAsked() throws {
        let source = """
            for t in a():
                if b():
                    c()
                else:
                    d()
            try:
                e()
            except f() as error:
                g()
            finally:
                h()
            def fn(x=i()):
                return j()
            """
        #expect(try Self.calledNames(source) == ["a", "b", "c", "d", "f", "e", "g", "h", "i", "j"])
        #expect(try Self.calledNames(source, enteringFunctions: false) == ["a", "b", "c", "d", "f", "e", "g", "h", "i"])
    }
}
