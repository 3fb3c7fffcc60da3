/// What a statement did: carried on, or left its block through `break`, `continue` or `return`.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// One activation of a function (or the module body): its local slots and cells.
final class Frame {
    var slots: [Value?]
    var cells: [Cell]
    var returnValue: Value = .none
    let globals: Globals
    /// The exception being handled by the innermost `except` (for a bare `raise`).
    var handling: [ScriptException] = []

    init(slotCount: Int, cells: [Cell], globals: Globals) {
        slots = Array(repeating: nil, count: slotCount)
        self.cells = cells
        self.globals = globals
    }
}
