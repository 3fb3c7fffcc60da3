import Foundation

/// A model's `config.json`, read field by field so that a missing or mistyped field is reported
/// with the file and the field's name.
public struct ConfigFile: @unchecked Sendable {
    /// The file's path (for errors).
    public let path: String
    /// The decoded JSON object (values are JSON types only).
    public let fields: [String: Any]

    /// Reads `url` (a JSON object).
    /// - Throws: `ModelError` when the file is missing or is not a JSON object.
    public init(contentsOf url: URL) throws {
        path = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ModelError(file: url.path, problem: "does not exist or cannot be read; a model folder needs its config.json")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw ModelError(file: url.path, problem: "is not a JSON object (malformed or truncated)")
        }
        self.fields = fields
    }

    /// A config over `fields`, reported as `path`.
    public init(path: String, fields: [String: Any]) {
        self.path = path
        self.fields = fields
    }

    /// The integer field `key`, or the first present of `alternatives`.
    /// - Throws: `ModelError` naming the field when it is missing or not an integer.
    public func integer(_ key: String, alternatives: [String] = [], default fallback: Int? = nil) throws -> Int {
        for name in [key] + alternatives {
            guard let value = fields[name], !(value is NSNull) else { continue }
            guard let number = SafeTensors.integer(value) else {
                throw ModelError(file: path, problem: "field \"\(name)\" is \(value), not an integer")
            }
            return number
        }
        if let fallback { return fallback }
        throw ModelError(file: path, problem: "missing field \"\(key)\" (an integer); add it to the config")
    }

    /// The number field `key`.
    /// - Throws: `ModelError` naming the field when it is missing or not a number.
    public func number(_ key: String, alternatives: [String] = [], default fallback: Double? = nil) throws -> Double {
        for name in [key] + alternatives {
            guard let value = fields[name], !(value is NSNull) else { continue }
            guard let number = value as? NSNumber else {
                throw ModelError(file: path, problem: "field \"\(name)\" is \(value), not a number")
            }
            return number.doubleValue
        }
        if let fallback { return fallback }
        throw ModelError(file: path, problem: "missing field \"\(key)\" (a number); add it to the config")
    }

    /// The string field `key`.
    /// - Throws: `ModelError` naming the field when it is missing or not a string.
    public func string(_ key: String, default fallback: String? = nil) throws -> String {
        if let value = fields[key], !(value is NSNull) {
            guard let text = value as? String else {
                throw ModelError(file: path, problem: "field \"\(key)\" is \(value), not a string")
            }
            return text
        }
        if let fallback { return fallback }
        throw ModelError(file: path, problem: "missing field \"\(key)\" (a string); add it to the config")
    }

    /// The ids of an integer-or-list field such as `eos_token_id` (empty when absent or null).
    public func integers(_ key: String) -> [Int] {
        if let list = fields[key] as? [Any] { return list.compactMap(SafeTensors.integer) }
        if let value = fields[key], let number = SafeTensors.integer(value) { return [number] }
        return []
    }
}
