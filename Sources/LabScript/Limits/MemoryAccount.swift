/// A list made by a program: gives its elements back to the memory bound when freed.
final class TrackedList: ListObject {
    let memory: MemoryAccount
    init(_ items: [Value], runtime: Runtime) {
        self.memory = runtime.memory
        super.init(items)
    }
    deinit { memory.live -= items.count }
}

/// A dict made by a program.
final class TrackedDict: DictObject {
    let memory: MemoryAccount
    init(runtime: Runtime) {
        self.memory = runtime.memory
        super.init()
    }
    deinit { memory.live -= count }
}

/// A set made by a program.
final class TrackedSet: SetObject {
    let memory: MemoryAccount
    init(runtime: Runtime) {
        self.memory = runtime.memory
        super.init()
    }
    deinit { memory.live -= count }
}

/// The count of elements held by a run's lists, dicts and sets.
final class MemoryAccount {
    var live = 0
}
