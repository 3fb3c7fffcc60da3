import Bias
import Foundation
import LabScript

/// One function of a host module (`labrun.seat`, `evaluate.load`) with the documentation that
/// `help()` prints and the keywords it accepts.
///
/// Every call is checked against `arguments` first (too many positional arguments or an unknown
/// keyword is a `TypeError` that lists the accepted ones), and errors from the Bias target become
/// a `ValueError` at the call's line.
struct ActionFunction {
    /// The name inside its module (`seat`).
    let name: String
    /// The module's name (`labrun`).
    let module: String
    /// The call as a reader writes it: `seat(model, test_or_path="builtin", permutations=100000, seed=0)`.
    let signature: String
    /// What it computes and what it returns.
    let computes: String
    /// The published definition it follows (authors, year, formula), or how it is defined here.
    let definition: String
    /// A short example of lab code.
    let example: String
    /// The positional and keyword arguments it accepts.
    let arguments: ArgumentSpec

    /// The text `help(labrun.seat)` prints.
    var doc: String {
        """
        \(module).\(signature)

        \(computes)

        Definition: \(definition)

        Example:
        \(example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    /// What `labrun explain` says of a call: labrun's built-in action, on the model it names
    /// (`models` tells where it is), and the keywords given.
    func explanation(_ call: WrittenCall, models: ModelProvider) -> CallExplanation {
        var sentence = "\(call.name) → labrun's built-in \(call.name) action"
        // A model id has a `/` or a `-`; other strings in that place name built-in data ("builtin").
        if let model = call.string(0, "model"), model.contains("/") || model.contains("-") {
            sentence += " on \(models.describe(model))"
        }
        if !call.keywords.isEmpty { sentence += "; arguments: \(call.keywords.joined(separator: ", "))" }
        return CallExplanation(sentence)
    }

    /// Adds the function to `host`, running `body` after the arguments were checked; `models`
    /// resolves the models its explanation names.
    func define(in host: HostModule, models: ModelProvider, _ body: @escaping (Arguments) throws -> Value) {
        let name = self.name
        let spec = arguments
        host.define(name, doc: doc, explain: { [self] call in explanation(call, models: models) }) { arguments in
            try spec.validate(arguments)
            do {
                return try body(arguments)
            } catch let error as HostError {
                throw error
            } catch let error as BiasError {
                throw HostError.valueError("\(name)(): \(error.description)")
            } catch {
                throw HostError.runtimeError("\(name)(): \(error)")
            }
        }
    }
}
