import LabScript

/// The keyword arguments an action accepts, for error messages and `labrun explain`: the ones it
/// uses and the ones it accepts for compatibility with transformers but ignores (`device=`).
struct ArgumentSpec: Sendable {
    /// Keywords the action uses.
    let used: [String]
    /// Keywords accepted so Hugging Face code runs unchanged, with no effect on labrun's engine.
    let ignored: [String]
    /// How many positional arguments the action takes.
    let positional: Int

    /// Throws Python's `TypeError` for too many positional arguments or an unknown keyword, and
    /// lists what is accepted.
    func validate(_ arguments: Arguments) throws {
        if arguments.positional.count > positional {
            throw HostError.typeError("\(arguments.functionName)() takes \(positional) positional argument\(positional == 1 ? "" : "s") but \(arguments.positional.count) \(arguments.positional.count == 1 ? "was" : "were") given")
        }
        let known = Set(used + ignored)
        for keyword in arguments.keywords where !known.contains(keyword.name) {
            throw HostError.typeError("\(arguments.functionName)() got an unexpected keyword argument '\(keyword.name)'; accepted: \(used.joined(separator: ", "))")
        }
    }

    /// What `labrun explain` adds about the keywords a call gives: `; arguments used: …` and
    /// `; accepted but ignored by labrun's engine: …` (empty when it gives neither kind).
    func note(given: [String]) -> String {
        let usedGiven = given.filter { used.contains($0) }
        let ignoredGiven = given.filter { ignored.contains($0) }
        var note = ""
        if !usedGiven.isEmpty { note += "; arguments used: \(usedGiven.joined(separator: ", "))" }
        if !ignoredGiven.isEmpty { note += "; accepted but ignored by labrun's engine: \(ignoredGiven.joined(separator: ", "))" }
        return note
    }
}
