/// The compiled form of a function body: parameters, slot layout and the body to run.
final class FunctionCode {
    let name: String
    let qualifiedName: String
    let positionalNames: [String]
    let keywordOnlyNames: [String]
    let variadic: Bool
    let keywordVariadic: Bool
    /// For each parameter (in `Parameters.allNames` order): its local slot, or its cell index
    /// encoded as `-1 - cell`.
    let parameterTargets: [Int]
    let slotCount: Int
    let ownCellCount: Int
    var body: (Frame) throws -> Flow = { _ in .normal }

    init(name: String, qualifiedName: String, parameters: Parameters, scope: Scope) {
        self.name = name
        self.qualifiedName = qualifiedName
        positionalNames = parameters.positional.map(\.name)
        keywordOnlyNames = parameters.keywordOnly.map(\.name)
        variadic = parameters.variadic != nil
        keywordVariadic = parameters.keywordVariadic != nil
        parameterTargets = parameters.allNames.map { name in
            if let s = scope.slotOf[name] { return s }
            return -1 - (scope.cellOf[name] ?? 0)
        }
        slotCount = scope.slotCount
        ownCellCount = scope.ownCells.count
    }
}
