/// A raised or created exception: its type and arguments.
public final class ExceptionObject: @unchecked Sendable {
    /// The exception's type.
    public let type: TypeObject
    /// The arguments it was created with.
    public let args: [Value]

    init(_ type: TypeObject, _ args: [Value]) {
        self.type = type
        self.args = args
    }

    init(_ type: TypeObject, _ message: String) {
        self.type = type
        self.args = [.string(message)]
    }

    /// `str(exception)`, as CPython gives it (a KeyError shows its key's repr).
    public var message: String {
        switch args.count {
        case 0: return ""
        case 1:
            if type.name == "KeyError" { return args[0].repr }
            return args[0].str
        default: return Value.tuple(args).repr
        }
    }
}
