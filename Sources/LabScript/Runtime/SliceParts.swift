/// A slice object is represented as a 3-tuple tagged by this marker during subscripting.
enum SliceParts {
    case slice(Value, Value, Value)
    case notSlice
}

extension Value {
    /// The parts of a slice key made by `a[x:y:z]` (internal encoding: an iterator of kind "slice").
    var sliceParts: SliceParts {
        if case .iterator(let i) = self, i.kind == "slice", i.items.count == 3 {
            return .slice(i.items[0], i.items[1], i.items[2])
        }
        return .notSlice
    }

    static func makeSlice(_ a: Value, _ b: Value, _ c: Value) -> Value {
        .iterator(IteratorObject(kind: "slice", items: [a, b, c]))
    }
}
