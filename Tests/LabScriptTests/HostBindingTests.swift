import LabScript
import Testing

/// A stand-in for the inference engine's fill-mask pipeline: a callable Swift object with
/// attributes, indexing, iteration and help text.
final class FakePipeline: HostObject {
    let task: String
    let model: String
    var calls = 0

    init(task: String, model: String) {
        self.task = task
        self.model = model
    }

    var typeName: String { "FillMaskPipeline" }
    var reprText: String { "<FillMaskPipeline model='\(model)'>" }
    var helpText: String { "FillMaskPipeline(text, top_k=5): the most likely words for [MASK]." }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "task": return Value(task)
        case "model": return Value(model)
        default: return nil
        }
    }

    func call(_ arguments: Arguments) throws -> Value {
        try arguments.check(maxPositional: 1, keywords: ["top_k"])
        let text = try arguments.string(0, "inputs")
        let topK = try arguments.int("top_k", default: 2)
        guard text.contains("[MASK]") else { throw HostError.valueError("No mask_token ([MASK]) found on the input") }
        calls += 1
        let words = ["doctor", "nurse", "teacher"]
        return .list((0..<min(topK, words.count)).map { i in
            .dict([("score", Value(0.5 / Double(i + 1))), ("token_str", Value(words[i])),
                   ("sequence", Value(text.replacingOccurrences(of: "[MASK]", with: words[i])))])
        })
    }

    func item(_ key: Value) throws -> Value {
        guard let i = key.asInt else { throw HostError.typeError("indices must be integers") }
        return Value(["doctor", "nurse"][i % 2])
    }

    func iterate() throws -> [Value] { [Value("doctor"), Value("nurse")] }
    func length() throws -> Int? { 2 }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// An interpreter with a `transformers` module whose `pipeline` returns a `FakePipeline`.
func interpreterWithTransformers(_ printed: @escaping (String) -> Void) -> Interpreter {
    let interpreter = Interpreter(output: printed)
    let transformers = HostModule(name: "transformers", doc: "Hugging Face pipelines, run by labrun's engine.")
    transformers.define("pipeline", doc: "pipeline(task, model=None): a pipeline for the task.") { arguments in
        try arguments.check(maxPositional: 1, keywords: ["task", "model"])
        let task = try arguments.string(0, "task")
        let model = try arguments.string("model", default: "bert-base-uncased") ?? ""
        return .host(FakePipeline(task: task, model: model))
    }
    transformers.set("__version__", Value("4.40.0"))
    interpreter.register(transformers)
    interpreter.register(HostModule(name: "evaluate"))
    return interpreter
}

@Suite struct HostBindingTests {
    @Test func aHostFunctionReturnsACallableSwiftObject() throws {
        var printed = ""
        let interpreter = interpreterWithTransformers { printed += $0 }
        try interpreter.run("""
            from transformers import pipeline
            unmasker = pipeline("fill-mask", model="bert-base-uncased")
            results = unmasker("The man worked as a [MASK].", top_k=2)
            for r in results:
                print(f"{r['token_str']:>8} {r['score']:.3f}")
            print(unmasker.task, unmasker.model, unmasker[1], len(unmasker), list(unmasker))
            print(unmasker)
            """, file: "lab.md")
        #expect(printed == """
              doctor 0.500
               nurse 0.250
            fill-mask bert-base-uncased nurse 2 ['doctor', 'nurse']
            <FillMaskPipeline model='bert-base-uncased'>

            """)
    }

    @Test func importModuleAndUseAttribute() throws {
        var printed = ""
        let interpreter = interpreterWithTransformers { printed += $0 }
        try interpreter.run("import transformers\nimport transformers as t\nprint(transformers.__version__, t.pipeline('x').task)", file: "lab.md")
        #expect(printed == "4.40.0 x\n")
    }

    @Test func hostErrorsBecomePythonExceptionsAtTheCallLine() throws {
        let interpreter = interpreterWithTransformers { _ in }
        do {
            try interpreter.run("from transformers import pipeline\np = pipeline('fill-mask')\np('no mask here')", file: "lab.md", firstLine: 10)
            Issue.record("expected an error")
        } catch {
            #expect(error.summary == "ValueError: No mask_token ([MASK]) found on the input")
            #expect(error.range?.line == 12)
            #expect(error.sourceLine == "p('no mask here')")
        }
    }

    @Test func wrongArgumentsAreATypeError() throws {
        let interpreter = interpreterWithTransformers { _ in }
        do {
            try interpreter.run("from transformers import pipeline\npipeline('fill-mask', modle='x')", file: "lab.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.summary == "TypeError: pipeline() got an unexpected keyword argument 'modle'")
            #expect(error.range?.line == 2)
        }
    }

    @Test func hostErrorsCanBeCaughtByTheProgram() throws {
        var printed = ""
        let interpreter = interpreterWithTransformers { printed += $0 }
        try interpreter.run("from transformers import pipeline\ntry:\n    pipeline(42)\nexcept TypeError as e:\n    print('caught', e)", file: "lab.md")
        #expect(printed == "caught pipeline() argument 'task' must be str, not int\n")
    }

    @Test func unknownModuleListsTheKnownOnes() throws {
        let interpreter = interpreterWithTransformers { _ in }
        do {
            try interpreter.run("import os", file: "lab.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.summary == "ModuleNotFoundError: No module named 'os' (LabScript can import evaluate, transformers)")
        }
    }

    @Test func unknownMemberOfAModule() throws {
        let interpreter = interpreterWithTransformers { _ in }
        do {
            try interpreter.run("from transformers import AutoModel", file: "lab.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.summary == "ImportError: cannot import name 'AutoModel' from 'transformers'")
        }
    }

    @Test func helpPrintsTheHostText() throws {
        var printed = ""
        let interpreter = interpreterWithTransformers { printed += $0 }
        try interpreter.run("from transformers import pipeline\nhelp(pipeline)\nhelp(pipeline('fill-mask'))", file: "lab.md")
        #expect(printed == "pipeline(task, model=None): a pipeline for the task.\nFillMaskPipeline(text, top_k=5): the most likely words for [MASK].\n")
    }

    @Test func swiftConversionsRoundTrip() throws {
        let interpreter = Interpreter(output: { _ in })
        interpreter[global: "names"] = Value(["a", "b"])
        interpreter[global: "scores"] = .dict([("x", Value(0.5)), ("y", Value(2))])
        try interpreter.run("total = scores['x'] + scores['y']\nupper = [n.upper() for n in names]")
        #expect(interpreter[global: "total"]?.asDouble == 2.5)
        #expect(interpreter[global: "upper"]?.asArray?.compactMap(\.asString) == ["A", "B"])
        #expect(interpreter[global: "scores"]?.asDictionary?.map(\.0) == ["x", "y"])
        #expect(try interpreter.evaluate("len(upper) * 10").asInt == 20)
        #expect(Value.dict([("score", Value(0.1))]).repr == "{'score': 0.1}")
        #expect(Value(Float(0.1)).repr == "0.10000000149011612")
        #expect(Value([1, 2]).asDoubles == [1, 2])
        #expect(Value([Float(0.5), 2]).repr == "[0.5, 2.0]")
    }

    @Test func printStreamsToTheSinkAsItRuns() throws {
        var chunks: [String] = []
        let interpreter = Interpreter(output: { chunks.append($0) })
        try interpreter.run("for i in range(3):\n    print(i, end=';')\nprint()")
        #expect(chunks == ["0;", "1;", "2;", "\n"])
    }

    @Test func hostCodeCanCallBackIntoTheProgram() throws {
        var printed = ""
        let interpreter = Interpreter(output: { printed += $0 })
        let labrun = HostModule(name: "labrun")
        labrun.define("apply_twice") { [unowned interpreter] arguments in
            let function = try arguments.required(0, "function")
            let once = try interpreter.call(function, Arguments([try arguments.required(1, "value")]))
            return try interpreter.call(function, Arguments([once]))
        }
        interpreter.register(labrun)
        try interpreter.run("from labrun import apply_twice\nprint(apply_twice(lambda v: v * 3, 2))\n")
        #expect(printed == "18\n")
        do {
            try interpreter.run("apply_twice(lambda v: v / 0, 1)\n", file: "lab.md", firstLine: 3)
            Issue.record("expected an error")
        } catch {
            #expect(error.summary == "ZeroDivisionError: division by zero")
            #expect(error.range?.line == 3)
        }
    }
}
