import LabScript
import Testing

@Suite struct LimitsTests {
    @Test func anEndlessLoopStopsAtTheStepLimit() throws {
        do {
            _ = try output(of: "while True:\n    pass\n", limits: Limits(steps: 10_000))
            Issue.record("expected a limit error")
        } catch {
            #expect(error.kind == "LimitError")
            #expect(error.message.contains("more than 10000 steps"))
            #expect(error.hint?.contains("Limits.steps") == true)
        }
    }

    @Test func deepRecursionIsARecursionError() throws {
        do {
            _ = try output(of: "def f(n):\n    return f(n + 1)\nf(0)\n", limits: Limits(recursionDepth: 50))
            Issue.record("expected an error")
        } catch {
            #expect(error.summary == "RecursionError: maximum recursion depth exceeded")
        }
    }

    @Test func hugeContainersStopAtTheMemoryLimit() throws {
        for source in ["x = [0] * 10**9", "s = 'ab' * 10**9", "xs = []\nwhile True:\n    xs.append(xs[:] if len(xs) < 3 else 1)\n",
                       "xs = list(range(10**9))", "d = {i: i for i in range(10**8)}"] {
            do {
                _ = try output(of: source, limits: Limits(memory: 100_000))
                Issue.record("expected a limit error for \(source)")
            } catch {
                #expect(error.kind == "LimitError", "\(source)")
            }
        }
    }

    @Test func memoryIsGivenBackWhenObjectsAreFreed() throws {
        // 100 rounds of a 50,000-element list stay under a 200,000-element bound.
        #expect(try output(of: "for i in range(100):\n    xs = list(range(50000))\nprint(len(xs))", limits: Limits(memory: 200_000)) == "50000\n")
    }

    @Test func outputIsBounded() throws {
        do {
            _ = try output(of: "while True:\n    print('spam')\n", limits: Limits(outputCharacters: 1000))
            Issue.record("expected a limit error")
        } catch {
            #expect(error.kind == "LimitError")
        }
    }

    @Test func limitErrorsCannotBeCaughtByTheProgram() throws {
        do {
            _ = try output(of: "try:\n    while True:\n        pass\nexcept Exception:\n    print('caught')\n", limits: Limits(steps: 1000))
            Issue.record("expected a limit error")
        } catch {
            #expect(error.kind == "LimitError")
        }
    }

    @Test func noFileOrProcessAccessExists() throws {
        for source in ["open('x.txt')", "eval('1')", "exec('x = 1')", "input()"] {
            do {
                _ = try output(of: source)
                Issue.record("expected an error for \(source)")
            } catch {
                #expect(error.kind == "NotImplementedError", "\(source)")
                #expect(error.message.contains("not part of LabScript"))
            }
        }
    }

    @Test(arguments: [
        ("class A:\n    pass", "'class' is not part of LabScript"),
        ("with f() as x:\n    pass", "'with' is not part of LabScript"),
        ("def g():\n    yield 1", "'yield' is not part of LabScript"),
        ("async def f():\n    pass", "'async' is not part of LabScript"),
        ("def f():\n    global x", "'global' is not part of LabScript"),
        ("x = b'bytes'", "A bytes literal is not part of LabScript"),
        ("x = 3j", "A complex number literal is not part of LabScript"),
        ("from os import *", "'from os import *' is not part of LabScript"),
        ("if (n := 3):\n    pass", "The walrus operator ':=' is not part of LabScript"),
    ])
    func unsupportedPythonIsNamedWithAnAlternative(_ source: String, _ message: String) throws {
        do {
            _ = try output(of: source)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == "SyntaxError")
            #expect(error.message == message)
            #expect(error.hint?.isEmpty == false)
            #expect(error.range != nil)
        }
    }
}
