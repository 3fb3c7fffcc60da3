import Foundation

/// A record as read back from a store: its id, whether a reset has hidden it, and the record.
///
/// Encodes flat: the record's fields plus `id` and `resetBy`.
public struct Stored<Record: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The record's id in its table.
    public var id: Int64
    /// The id of the `reset` event that hid this record from progress reports, or `nil` when it counts.
    public var resetBy: Int64?
    /// The record.
    public var record: Record

    /// A stored record.
    public init(id: Int64, resetBy: Int64? = nil, record: Record) {
        self.id = id
        self.resetBy = resetBy
        self.record = record
    }

    private enum CodingKeys: String, CodingKey {
        case id, resetBy
    }

    /// Decodes the record's fields and `id`/`resetBy` from one object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        resetBy = try container.decodeIfPresent(Int64.self, forKey: .resetBy)
        record = try Record(from: decoder)
    }

    /// Encodes the record's fields and `id`/`resetBy` into one object.
    public func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(resetBy, forKey: .resetBy)
    }
}

/// What a store returns for a record it committed: the record's id and its event's id.
public struct RecordReceipt: Codable, Sendable, Hashable {
    /// The record's id in its table.
    public var recordID: Int64
    /// The id of the event written in the same transaction.
    public var eventID: Int64

    /// A receipt.
    public init(recordID: Int64, eventID: Int64) {
        self.recordID = recordID
        self.eventID = eventID
    }
}
