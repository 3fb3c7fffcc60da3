/// The built-in types and the exception hierarchy.
enum BuiltinTypes {
    static let object = TypeObject("object")
    static let int = TypeObject("int", base: object)
    static let bool = TypeObject("bool", base: int)
    static let float = TypeObject("float", base: object)
    static let str = TypeObject("str", base: object)
    static let list = TypeObject("list", base: object)
    static let tuple = TypeObject("tuple", base: object)
    static let dict = TypeObject("dict", base: object)
    static let set = TypeObject("set", base: object)
    static let range = TypeObject("range", base: object)
    static let noneType = TypeObject("NoneType", base: object)
    static let function = TypeObject("function", base: object)
    static let type = TypeObject("type", base: object)

    static let baseException = TypeObject("BaseException", base: object, isException: true)
    static let exception = TypeObject("Exception", base: baseException, isException: true)
    static let arithmeticError = TypeObject("ArithmeticError", base: exception, isException: true)
    static let zeroDivisionError = TypeObject("ZeroDivisionError", base: arithmeticError, isException: true)
    static let overflowError = TypeObject("OverflowError", base: arithmeticError, isException: true)
    static let lookupError = TypeObject("LookupError", base: exception, isException: true)
    static let indexError = TypeObject("IndexError", base: lookupError, isException: true)
    static let keyError = TypeObject("KeyError", base: lookupError, isException: true)
    static let valueError = TypeObject("ValueError", base: exception, isException: true)
    static let typeError = TypeObject("TypeError", base: exception, isException: true)
    static let nameError = TypeObject("NameError", base: exception, isException: true)
    static let unboundLocalError = TypeObject("UnboundLocalError", base: nameError, isException: true)
    static let attributeError = TypeObject("AttributeError", base: exception, isException: true)
    static let assertionError = TypeObject("AssertionError", base: exception, isException: true)
    static let runtimeError = TypeObject("RuntimeError", base: exception, isException: true)
    static let recursionError = TypeObject("RecursionError", base: runtimeError, isException: true)
    static let notImplementedError = TypeObject("NotImplementedError", base: runtimeError, isException: true)
    static let stopIteration = TypeObject("StopIteration", base: exception, isException: true)
    static let importError = TypeObject("ImportError", base: exception, isException: true)
    static let moduleNotFoundError = TypeObject("ModuleNotFoundError", base: importError, isException: true)
    static let memoryError = TypeObject("MemoryError", base: exception, isException: true)
    // Host actions raise OSError for a file or model that cannot be read, as Python does.
    static let osError = TypeObject("OSError", base: exception, isException: true)
    static let fileNotFoundError = TypeObject("FileNotFoundError", base: osError, isException: true)
    /// Ctrl-C (a host stops a long call, such as training, with it); as in Python it is not an
    /// `Exception`, so `except Exception` does not swallow it.
    static let keyboardInterrupt = TypeObject("KeyboardInterrupt", base: baseException, isException: true)

    static let exceptions: [TypeObject] = [
        baseException, exception, arithmeticError, zeroDivisionError, overflowError, lookupError, indexError, keyError,
        valueError, typeError, nameError, unboundLocalError, attributeError, assertionError, runtimeError, recursionError,
        notImplementedError, stopIteration, importError, moduleNotFoundError, memoryError, osError, fileNotFoundError,
        keyboardInterrupt,
    ]

    static let byName: [String: TypeObject] = {
        var map: [String: TypeObject] = [:]
        for t in exceptions { map[t.name] = t }
        for t in [int, bool, float, str, list, tuple, dict, set, range, noneType, function, type, object] { map[t.name] = t }
        return map
    }()

    /// The type of a value, for `type()` and `isinstance()`.
    static func of(_ value: Value) -> TypeObject {
        switch value {
        case .none: return noneType
        case .bool: return bool
        case .int, .bigInt: return int
        case .float: return float
        case .string: return str
        case .list: return list
        case .tuple: return tuple
        case .dict: return dict
        case .set: return set
        case .range: return range
        case .function: return function
        case .type: return type
        case .exception(let e): return e.type
        default: return TypeObject(value.typeName, base: object)
        }
    }
}

extension TypeObject: @unchecked Sendable {}
