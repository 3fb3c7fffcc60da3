import Foundation
import LabScript

/// Conversions between LabScript values and the Swift values the actions use.
enum ValueBuilding {
    /// A LabScript float from a Float32 model output, widened exactly as PyTorch's `.item()` does.
    static func float(_ value: Float) -> Value { .float(Double(value)) }

    /// A list of strings from a LabScript str or list/tuple of str (`"a"` counts as `["a"]`).
    static func strings(_ value: Value, argument: String, function: String) throws -> [String] {
        if let single = value.asString { return [single] }
        guard let items = value.asArray else {
            throw HostError.typeError("\(function)() argument '\(argument)' must be str or a list of str, not \(value.typeName)")
        }
        return try items.map { item in
            guard let text = item.asString else {
                throw HostError.typeError("\(function)() argument '\(argument)' must contain only str, not \(item.typeName)")
            }
            return text
        }
    }

    /// A list of ints from a LabScript list/tuple of int.
    static func ints(_ value: Value, argument: String, function: String) throws -> [Int] {
        guard let items = value.asArray else {
            throw HostError.typeError("\(function)() argument '\(argument)' must be a list of int, not \(value.typeName)")
        }
        return try items.map { item in
            guard let number = item.asInt, item.asBool == nil else {
                throw HostError.typeError("\(function)() argument '\(argument)' must contain only int, not \(item.typeName)")
            }
            return number
        }
    }

    /// A seed from an int argument (negative seeds are refused, as NumPy refuses them).
    static func seed(_ arguments: Arguments, default fallback: UInt64? = nil) throws -> UInt64? {
        guard let value = arguments.value(nil, "seed"), !value.isNone else { return fallback }
        guard let seed = value.asInt, value.asBool == nil, seed >= 0 else {
            throw HostError.valueError("\(arguments.functionName)() seed must be a non-negative int, not \(value.repr)")
        }
        return UInt64(seed)
    }
}
