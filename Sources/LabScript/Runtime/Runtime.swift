/// The state a running program shares: bounds and counters, the output sink, the host modules
/// and the built-ins.
final class Runtime {
    var limits: Limits
    var steps = 0
    var depth = 0
    let memory = MemoryAccount()
    var liveElements: Int {
        get { memory.live }
        set { memory.live = newValue }
    }
    var printed = 0
    var output: (String) -> Void
    var modules: [String: HostModule] = [:]
    var builtins: [String: Value] = [:]
    /// The range of the call being evaluated, for errors raised in host code.
    var currentRange: SourceRange?

    init(limits: Limits, output: @escaping (String) -> Void) {
        self.limits = limits
        self.output = output
        Builtins.install(into: self)
    }

    /// Counts one step (loop iteration, call, comprehension item).
    @inline(__always)
    func tick() throws {
        steps &+= 1
        if steps > limits.steps { try stepLimit() }
    }

    /// Counts `n` steps at once (built-ins that loop over many items).
    func tick(_ n: Int) throws {
        steps &+= n
        if steps > limits.steps { try stepLimit() }
    }

    private func stepLimit() throws {
        throw LimitExceeded(
            message: "the program ran more than \(limits.steps) steps (loop iterations and calls) and was stopped",
            hint: "Look for a loop that never ends; if the work is genuinely this large, raise the step limit (Limits.steps).")
    }

    /// Checks that one object of `size` elements or characters may be built.
    @inline(__always)
    func checkSize(_ size: Int) throws {
        if size > limits.memory { try memoryLimit(size) }
    }

    private func memoryLimit(_ size: Int) throws {
        throw LimitExceeded(
            message: "the program tried to hold \(size) elements, more than the memory limit of \(limits.memory)",
            hint: "Work on smaller pieces of data; if this much is really needed, raise the memory limit (Limits.memory).")
    }

    /// Records a change of `delta` elements held by lists, dicts and sets.
    @inline(__always)
    func account(_ delta: Int) throws {
        liveElements &+= delta
        if delta > 0 && liveElements > limits.memory { try memoryLimit(liveElements) }
    }

    /// Writes printed text to the sink, within the output bound.
    func write(_ text: String) throws {
        printed += text.utf8.count
        if printed > limits.outputCharacters {
            throw LimitExceeded(
                message: "the program printed more than \(limits.outputCharacters) characters and was stopped",
                hint: "Print less (a summary, or the first items), or raise the output limit (Limits.outputCharacters).")
        }
        output(text)
    }

    /// A new list of `items`, counted against the memory bound.
    func makeList(_ items: [Value]) throws -> Value {
        try account(items.count)
        return .list(TrackedList(items, runtime: self))
    }

    /// A new empty dict counted against the memory bound as it grows.
    func makeDict() -> DictObject { TrackedDict(runtime: self) }

    /// A new empty set counted against the memory bound as it grows.
    func makeSet() -> SetObject { TrackedSet(runtime: self) }
}
