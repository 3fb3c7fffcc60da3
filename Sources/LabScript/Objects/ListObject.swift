/// A mutable list shared by reference.
public class ListObject {
    /// The items in order.
    public var items: [Value]

    /// A list holding `items`.
    public init(_ items: [Value] = []) { self.items = items }
}
