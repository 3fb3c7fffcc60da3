import Foundation

/// The JSON text the SQL stores keep in their text columns (provenance, event details, quiz
/// answers): compact, keys sorted, so equal values give equal text.
enum RecordCoding {
    /// `value` as compact JSON with sorted keys.
    static func json<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes `text`; a damaged value reads as `fallback` rather than failing the whole query.
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String?, fallback: Value) -> Value {
        guard let text, let value = try? JSONDecoder().decode(type, from: Data(text.utf8)) else { return fallback }
        return value
    }

    /// Seconds since 1970 as stored.
    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }

    /// A stored time as a date.
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
}
