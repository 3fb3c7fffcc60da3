/// A lookup table `[count, width]`: row `i` is the vector of id `i` (tokens, positions, types).
public struct Embedding: Sendable {
    /// The table, shape `[count, width]`.
    public let table: Tensor

    /// A lookup over `table` (rank 2).
    public init(table: Tensor) {
        precondition(table.rank == 2, "an embedding table has rank 2, got \(table.shape)")
        self.table = table
    }

    /// The number of rows (vocabulary size, positions).
    public var count: Int { table.shape[0] }
    public var width: Int { table.shape[1] }

    /// Writes (`accumulate == false`) or adds the rows of `ids` into `output` `[ids.count, width]`.
    /// Every id must be in `0..<count` (checked by callers that take ids from users).
    public func lookup(_ ids: [Int], into output: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        let width = self.width
        table.withUnsafeBufferPointer { t in
            for (row, id) in ids.enumerated() {
                precondition(id >= 0 && id < count, "id \(id) outside an embedding of \(count) rows")
                let source = t.baseAddress! + id * width
                let target = output + row * width
                if accumulate {
                    for i in 0..<width { target[i] += source[i] }
                } else {
                    target.update(from: source, count: width)
                }
            }
        }
    }
}
