/// A method looked up on a value (`words.append`, `text.split`): the receiver and the name.
public final class BoundMethod {
    let receiver: Value
    let name: String
    let function: FunctionObject?

    init(receiver: Value, name: String, function: FunctionObject? = nil) {
        self.receiver = receiver
        self.name = name
        self.function = function
    }

    var isBuiltin: Bool { function == nil }
}
