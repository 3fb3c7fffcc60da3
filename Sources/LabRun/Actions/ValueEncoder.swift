import Foundation
import LabScript

/// Encodes any `Encodable` Swift result (a metric's result struct) as a LabScript value: structs
/// and dictionaries become dicts, arrays become lists, numbers, strings and bools stay themselves.
///
/// Struct fields keep their declaration order (what Swift's synthesised `Codable` encodes) and
/// their names become snake_case (`byType` → `by_type`), so `print(result)` reads like the dict a
/// Python library would return. Swift dictionaries, which have no order, come out sorted by key.
struct ValueEncoder {
    /// The value of `item`.
    func encode(_ item: some Encodable) throws -> Value {
        let root = Node()
        try item.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.value
    }

    /// camelCase → snake_case, as Python field names are written.
    static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A value under construction; containers fill it in as the encoder visits the fields.
private final class Node {
    enum Content {
        case empty
        case scalar(Value)
        case keyed([(String, Node)], sorted: Bool)
        case unkeyed([Node])
    }

    var content: Content = .empty

    var value: Value {
        switch content {
        case .empty: return .none
        case .scalar(let value): return value
        case .keyed(let entries, let sorted):
            let ordered = sorted ? entries.sorted { $0.0 < $1.0 } : entries
            return .dict(ordered.map { ($0.0, $0.1.value) })
        case .unkeyed(let items): return .list(items.map(\.value))
        }
    }

    func child(forKey key: String) -> Node {
        let child = Node()
        if case .keyed(var entries, let sorted) = content {
            entries.append((key, child))
            content = .keyed(entries, sorted: sorted)
        } else {
            content = .keyed([(key, child)], sorted: false)
        }
        return child
    }

    func appendChild() -> Node {
        let child = Node()
        if case .unkeyed(var items) = content {
            items.append(child)
            content = .unkeyed(items)
        } else {
            content = .unkeyed([child])
        }
        return child
    }
}

/// The encoder handed to each `encode(to:)`.
private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Synthesised struct keys come in declaration order and are renamed to snake_case; a
        // dictionary's keys have no order and are kept verbatim.
        let isDictionary = String(describing: Key.self).contains("DictionaryCodingKey")
        if case .empty = node.content { node.content = .keyed([], sorted: isDictionary) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath, renamesKeys: !isDictionary))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .unkeyed([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private func scalar(_ value: some Encodable) -> Value? {
    switch value {
    case let v as Bool: return .bool(v)
    case let v as Int: return .int(v)
    case let v as Int64: return .int(Int(v))
    case let v as Int32: return .int(Int(v))
    case let v as UInt64: return .integer(Int128(v))
    case let v as UInt32: return .int(Int(v))
    case let v as Double: return .float(v)
    case let v as Float: return .float(Double(v))
    case let v as String: return .string(v)
    case let v as URL: return .string(v.path)
    case let v as Date: return .string(ISO8601DateFormatter().string(from: v))
    default: return nil
    }
}

private func encodeValue(_ value: some Encodable, into node: Node, codingPath: [any CodingKey]) throws {
    if let simple = scalar(value) {
        node.content = .scalar(simple)
    } else {
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]
    let renamesKeys: Bool

    private func name(_ key: Key) -> String {
        renamesKeys ? ValueEncoder.snakeCase(key.stringValue) : key.stringValue
    }

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: name(key)).content = .scalar(.none) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.child(forKey: name(key)), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: name(key))
        return NodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: name(key))
        return NodeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: name(key)), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int {
        if case .unkeyed(let items) = node.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendChild().content = .scalar(.none) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node.appendChild(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.appendChild(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendChild(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar(.none) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node, codingPath: codingPath)
    }
}
