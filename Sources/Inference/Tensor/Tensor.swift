/// A contiguous, row-major block of Float32 values with a shape: the only storage the engine uses.
///
/// `shape` lists the sizes from the outermost to the innermost dimension; element `[i, j]` of a
/// `[rows, columns]` tensor lives at `scalars[i * columns + j]`. Kernels read and write the
/// storage through `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer`, whose pointers
/// never escape the closure.
public struct Tensor: Sendable, Equatable {
    /// The size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The values, row-major; `scalars.count == shape.reduce(1, *)`.
    public private(set) var scalars: [Float]

    /// A tensor over `scalars` with `shape`. The counts must agree (a programming error otherwise).
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) does not hold \(scalars.count) values")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of `shape` filled with zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// The number of values (the product of the shape).
    public var count: Int { scalars.count }

    public var rank: Int { shape.count }

    /// The same values seen with another shape of the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Row `index` of a rank-2 tensor `[rows, columns]`, as an array of `columns` values.
    public func row(_ index: Int) -> [Float] {
        precondition(rank == 2 && index >= 0 && index < shape[0], "row \(index) outside shape \(shape)")
        let width = shape[1]
        return Array(scalars[index * width ..< (index + 1) * width])
    }

    /// Calls `body` with a read-only pointer to the values; the pointer must not escape.
    public func withUnsafeBufferPointer<Result>(
        _ body: (UnsafeBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a writable pointer to the values; the pointer must not escape.
    public mutating func withUnsafeMutableBufferPointer<Result>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        try scalars.withUnsafeMutableBufferPointer(body)
    }
}
