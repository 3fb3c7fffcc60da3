import LabScript
import Testing

@Suite struct NameAnalysisTests {
    @Test func eachTopLevelStatementReportsWhatItDefinesAndReads() throws {
        let program = try Interpreter.parse("""
            from transformers import pipeline
            unmasker = pipeline("fill-mask")
            def score(text, k=top_k):
                return unmasker(text)[0]["score"] * weight
            results = [score(t) for t in texts]
            results.append(0)
            total += 1
            """, file: "lab.md", firstLine: 5)
        #expect(program.names.count == 6)
        #expect(program.names[0].defines == ["pipeline"])
        #expect(program.names[1].defines == ["unmasker"])
        #expect(program.names[1].reads == ["pipeline"])
        #expect(program.names[1].range.line == 6)
        #expect(program.names[2].defines == ["score"])
        #expect(program.names[2].reads == ["top_k", "unmasker", "weight"])
        #expect(program.names[3].defines == ["results"])
        #expect(program.names[3].reads == ["score", "texts"])
        #expect(program.names[4].mutates == ["results"])
        #expect(program.names[4].defines.isEmpty)
        #expect(program.names[5].reads == ["total"])
        #expect(program.names[5].defines == ["total"])
    }

    @Test func changesInsideLoopsFunctionsAndTargetsCountAsMutations() throws {
        let program = try Interpreter.parse("""
            for x in xs:
                log.append(x)
            def f():
                cache["k"] = 1
            a.b, c[0] = 1, 2
            del d[0]
            print([e.pop() for _ in range(2)])
            """)
        #expect(program.names[0].mutates == ["log"])
        #expect(program.names[1].mutates == ["cache"])
        #expect(program.names[2].mutates == ["a", "c"])
        #expect(program.names[3].mutates == ["d"])
        #expect(program.names[4].mutates == ["e"])
    }

    @Test func localsOfFunctionsAndComprehensionsAreNotGlobalReads() throws {
        let program = try Interpreter.parse("def f(a):\n    b = a + 1\n    return [b * c for c in range(b)]\n")
        #expect(program.names[0].reads == ["range"])
        #expect(program.names[0].defines == ["f"])
    }

    @Test func replayingOnlyTheNeededStatements() throws {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        let program = try Interpreter.parse("a = 1\nprint('noisy')\nb = a + 1\nprint(b)")
        try interpreter.run(program, only: [0, 2])
        #expect(printed == "")
        #expect(interpreter[global: "b"]?.asInt == 2)
    }
}
