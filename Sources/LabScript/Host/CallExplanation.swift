/// What a call of a host function does, said before anything runs (`labrun explain`), as the
/// module that defines the function declares it.
public struct CallExplanation {
    /// One sentence: what the call maps to, on what, with which arguments.
    public var sentence: String
    /// How calls of the value the call returns are explained when the code binds it to a name and
    /// calls it (a pipeline object), or nil when they are not followed.
    public var result: CallExplainer?

    /// An explanation saying `sentence`, whose returned value's calls `result` explains.
    public init(_ sentence: String, result: CallExplainer? = nil) {
        self.sentence = sentence
        self.result = result
    }
}

/// Explains one written call, or returns nil when there is nothing to say about it.
public typealias CallExplainer = (WrittenCall) -> CallExplanation?
