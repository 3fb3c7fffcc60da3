import Foundation
import LabScript
import Testing

/// A small, fast, seeded random number generator (SplitMix64): the same seed gives the same
/// programs on every machine.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// Generates random LabScript programs from the grammar, and mutates real snippets.
struct ProgramFuzzer {
    var random: SeededGenerator
    var depth = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &random)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    static let names = ["x", "y", "z", "xs", "d", "s", "f", "g", "i", "n"]

    mutating func literal() -> String {
        pick([
            String(Int.random(in: -5...20, using: &random)), pick(["0", "1", "-1", "2**62", "2**100", "10**18", "-(2**63)"]),
            pick(["0.1", "1e16", "-0.0", "2.5", "1e-7", "float('inf')", "float('nan')", "3.14159"]),
            pick(["''", "'a'", "'hello world'", "\"it's\"", "'\\n'", "'é'"]), pick(["None", "True", "False"]),
            "[]", "[1, 2, 3]", "{}", "{'a': 1, 'b': [2]}", "{1, 2}", "(1,)", "()", "range(5)", "range(10**18)",
        ])
    }

    mutating func expression() -> String {
        depth += 1
        defer { depth -= 1 }
        if depth > 4 || chance(0.25) { return chance(0.5) ? literal() : pick(Self.names) }
        switch Int.random(in: 0..<14, using: &random) {
        case 0: return "(\(expression()) \(pick(["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"])) \(expression()))"
        case 1: return "(\(expression()) \(pick(["<", "<=", "==", "!=", ">", "in", "not in", "is"])) \(expression()))"
        case 2: return "\(pick(["len", "str", "repr", "int", "float", "bool", "list", "sorted", "sum", "min", "max", "abs", "round", "set", "tuple", "reversed", "enumerate", "any", "all", "dict", "hash", "chr", "ord"]))(\(expression()))"
        case 3: return "\(expression())[\(expression())]"
        case 4: return "\(expression())[\(chance(0.5) ? expression() : ""):\(chance(0.5) ? expression() : "")\(chance(0.3) ? ":" + expression() : "")]"
        case 5: return "[\(expression()) for \(pick(Self.names)) in \(expression()) if \(expression())]"
        case 6: return "{\(expression()): \(expression()) for \(pick(Self.names)) in \(expression())}"
        case 7: return "f'{\(expression())\(pick(["", ":.3f", ":>8", ":,", "!r", ":e", ":%", ":x", ":08.2f", ":^5"]))}'"
        case 8: return "\(expression()).\(pick(["split", "join", "upper", "strip", "append", "pop", "get", "keys", "items", "count", "index", "replace", "format", "sort", "add", "bit_length"]))(\(chance(0.5) ? expression() : ""))"
        case 9: return "(\(expression()) if \(expression()) else \(expression()))"
        case 10: return "(lambda \(pick(Self.names)): \(expression()))(\(expression()))"
        case 11: return "\(pick(["not ", "-", "~", "+"]))\(expression())"
        case 12: return "[\(expression()), \(expression())] * \(expression())"
        default: return "\(pick(["f", "g"]))(\(expression()))"
        }
    }

    mutating func statements(_ indent: String, count: Int) -> String {
        var out = ""
        for _ in 0..<count { out += statement(indent) }
        return out
    }

    mutating func statement(_ indent: String) -> String {
        depth += 1
        defer { depth -= 1 }
        let nested = indent.count < 12 && depth < 4
        switch Int.random(in: 0..<12, using: &random) {
        case 0, 1: return "\(indent)\(pick(Self.names)) = \(expression())\n"
        case 2: return "\(indent)print(\(expression()), \(expression()))\n"
        case 3: return "\(indent)\(pick(Self.names)) \(pick(["+=", "-=", "*=", "//=", "%="])) \(expression())\n"
        case 4 where nested: return "\(indent)if \(expression()):\n\(statements(indent + "    ", count: 2))\(indent)else:\n\(statements(indent + "    ", count: 1))"
        case 5 where nested: return "\(indent)for \(pick(Self.names)) in \(expression()):\n\(statements(indent + "    ", count: 2))"
        case 6 where nested: return "\(indent)while \(expression()):\n\(statements(indent + "    ", count: 2))"
        case 7 where nested: return "\(indent)def \(pick(["f", "g"]))(\(pick(["a", "a, b=2", "*args", "a, **kw"]))):\n\(statements(indent + "    ", count: 2))\(indent)    return \(expression())\n"
        case 8 where nested: return "\(indent)try:\n\(statements(indent + "    ", count: 2))\(indent)except \(pick(["ValueError", "Exception", "(TypeError, KeyError)"])) as e:\n\(indent)    print(e)\n"
        case 9: return "\(indent)assert \(expression()), \(expression())\n"
        case 10: return "\(indent)\(expression())\n"
        default: return "\(indent)\(pick(Self.names)), \(pick(Self.names)) = \(expression())\n"
        }
    }

    /// A random program: a few assignments of every name, then random statements.
    mutating func program() -> String {
        var out = "x = 1\ny = [1, 2]\nz = 'abc'\nxs = [3, 1, 2]\nd = {'a': 1}\ns = {1}\ni = 0\nn = 2\n"
        out += "def f(a):\n    return a\ndef g(a, b=1):\n    return [a, b]\n"
        out += statements("", count: Int.random(in: 1...8, using: &random))
        return out
    }

    /// `source` with random byte-level and line-level damage.
    mutating func mutate(_ source: String) -> String {
        var chars = Array(source)
        let pieces: [String] = ["(", ")", "[", "]", "{", "}", ":", "\n", "    ", "\t", "'", "\"", "\\", "#", "=", ",", "*", "**",
                                "lambda", "for", "if", "else", "def", "return", "f'{", "}", "0x", "1e", "_", ".", "not", "in", "0"]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !chars.isEmpty else { break }
            let at = Int.random(in: 0..<chars.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(contentsOf: pick(pieces), at: at)
            case 2:
                let end = min(chars.count, at + Int.random(in: 1...20, using: &random))
                chars.insert(contentsOf: chars[at..<end], at: at)
            default:
                let other = Int.random(in: 0..<chars.count, using: &random)
                chars.swapAt(at, other)
            }
        }
        return String(chars)
    }
}

@Suite struct LabScriptFuzzTests {
    /// How many programs each fuzz test runs: short by default, `LABRUN_FUZZ_ITERATIONS` for more.
    static let iterations = Int(ProcessInfo.processInfo.environment["LABRUN_FUZZ_ITERATIONS"] ?? "") ?? 300

    static let limits = Limits(steps: 20_000, recursionDepth: 60, memory: 200_000, outputCharacters: 20_000)

    static let knownKinds: Set<String> = [
        "SyntaxError", "IndentationError", "TabError", "NameError", "UnboundLocalError", "TypeError", "ValueError",
        "KeyError", "IndexError", "ZeroDivisionError", "OverflowError", "AttributeError", "AssertionError", "RuntimeError",
        "RecursionError", "StopIteration", "ModuleNotFoundError", "ImportError", "NotImplementedError", "LimitError",
    ]

    /// Runs one program under tight bounds and checks the outcome is well-formed.
    static func check(_ source: String, seed: UInt64) {
        var printed = 0
        let interpreter = Interpreter(limits: limits, output: { printed += $0.utf8.count })
        let start = Date()
        do {
            try interpreter.run(source, file: "fuzz.py")
        } catch {
            #expect(knownKinds.contains(error.kind), "seed \(seed): unexpected error kind \(error.kind): \(error.message)\n\(source)")
            #expect(!error.description.isEmpty)
            if let range = error.range {
                #expect(range.line >= 1 && range.line <= source.split(separator: "\n", omittingEmptySubsequences: false).count + 1,
                        "seed \(seed): error line \(range.line) outside the program")
            }
        }
        #expect(printed <= limits.outputCharacters + 1000, "seed \(seed): printed \(printed) characters past the bound")
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 20, "seed \(seed): took \(elapsed) s, a bound is not enforced\n\(source)")
    }

    @Test func generatedProgramsNeverCrashOrRunUnbounded() {
        for i in 0..<Self.iterations {
            let seed = UInt64(i) &+ 1
            var fuzzer = ProgramFuzzer(seed: seed)
            Self.check(fuzzer.program(), seed: seed)
        }
    }

    @Test func mutatedProgramsNeverCrashOrRunUnbounded() {
        let seeds = [
            "for i in range(3):\n    print(f'{i:.2f}', [x * 2 for x in range(i)])\n",
            "def f(a, b=2, *args, **kw):\n    return a + b\nprint(f(1), f(1, b=3), sorted({3: 'a', 1: 'b'}.items()))\n",
            "try:\n    x = {'a': [1, 2]}['a'][5]\nexcept IndexError as e:\n    print(e)\nelse:\n    pass\n",
            "s = 'The quick brown fox'\nwords = s.lower().split()\nprint(' '.join(w[::-1] for w in words), len(words))\n",
            "total = 0\nwhile total < 10:\n    total += 3\n    if total % 2:\n        continue\nprint(total, 0.1 + 0.2, 2 ** 64, -7 // 2)\n",
        ]
        for i in 0..<Self.iterations {
            let seed = UInt64(i) &+ 1_000_000
            var fuzzer = ProgramFuzzer(seed: seed)
            let base = seeds[i % seeds.count]
            Self.check(fuzzer.mutate(base), seed: seed)
        }
    }

    @Test(arguments: [
        "x = " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500),
        "x = " + String(repeating: "-", count: 5000) + "1",
        "x = " + String(repeating: "not ", count: 5000) + "1",
        "x = 1" + String(repeating: " + 1", count: 100_000),
        "x = y" + String(repeating: ".a", count: 100_000),
        (0..<150).map { String(repeating: " ", count: $0) + "if True:\n" }.joined() + String(repeating: " ", count: 150) + "pass\n",
        "x = []\nfor i in range(100000):\n    x = [x]\nprint(len(x))\n",
        "a = []\na.append(a)\nb = []\nb.append(b)\nprint(a == b, a)\n",
        "a = []\na.append(a)\nb = []\nb.append(b)\nprint(a < b)\n",
        "print('' * 10**18, [] * 10**18, len(range(-2**63, 2**63 - 1)))\n",
        "print(range(2**62, 2**63 - 1)[::2**62], [1, 2, 3][::-2**63])\n",
        "x = [1]\nx *= 10**18\n",
        "print(pow(2**100, 2**100, 2**120 + 1))\n",
        "print(-(2**127) // -1)\n",
        "s = 'a' * 100000\nprint(s.count('a' * 50))\n",
        "f'{1:{10**7}}'\n",
        "print([x for x in range(10**18) if x < 0])\n",
        "d = {}\nprint(d[1:2])\n",
    ])
    func pathologicalProgramsEndWithAnErrorOrAResult(_ source: String) {
        Self.check(source, seed: 0)
    }
}
