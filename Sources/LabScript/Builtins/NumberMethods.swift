/// The methods of `int` (and `bool`) and of `float`, with CPython's results.
enum NumberMethods {
    /// The methods of `int` and `bool`, by name; the receiver is the integer's value.
    static let int: [String: Method<Int128>] = [
        "bit_length": { _, i, _ in .int(128 - i.magnitude.leadingZeroBitCount) },
    ]

    /// The methods of `float`, by name.
    static let float: [String: Method<Double>] = [
        "is_integer": { _, d, _ in .bool(d.isFinite && d.rounded(.towardZero) == d) },
    ]
}
