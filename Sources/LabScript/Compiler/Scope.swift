/// The names of one scope (the module, a function, a lambda or a comprehension) and where each
/// lives at run time: a global slot, a local slot, or a cell shared with nested functions.
final class Scope {
    enum Kind { case module, function, comprehension }

    let kind: Kind
    let parent: Scope?
    let qualifiedName: String
    var locals: [String] = []
    var localSet: Set<String> = []
    var reads: Set<String> = []
    var captured: Set<String> = []
    var free: [String] = []
    var children: [ObjectIdentifier: Scope] = [:]

    // Allocation, after resolution.
    var slotOf: [String: Int] = [:]
    var cellOf: [String: Int] = [:]
    var ownCells: [String] = []
    var slotCount = 0

    init(kind: Kind, parent: Scope?, qualifiedName: String) {
        self.kind = kind
        self.parent = parent
        self.qualifiedName = qualifiedName
    }

    func declare(_ name: String) {
        if localSet.insert(name).inserted { locals.append(name) }
    }

    /// Marks `name`, read here, as a free variable if an enclosing function defines it.
    func resolveFree(_ name: String) {
        if localSet.contains(name) || kind == .module { return }
        var path: [Scope] = [self]
        var s = parent
        while let scope = s, scope.kind != .module {
            if scope.localSet.contains(name) {
                scope.captured.insert(name)
                for p in path where !p.free.contains(name) { p.free.append(name) }
                return
            }
            path.append(scope)
            s = scope.parent
        }
    }

    /// Assigns slots and cells once every nested scope has been resolved.
    func allocate() {
        if kind == .module { return }
        for name in locals {
            if captured.contains(name) {
                cellOf[name] = ownCells.count
                ownCells.append(name)
            } else {
                slotOf[name] = slotCount
                slotCount += 1
            }
        }
        for name in free { cellOf[name] = ownCells.count + free.firstIndex(of: name)! }
    }
}
