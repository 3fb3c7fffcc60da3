/// IEEE 754 half-precision (F16) bit patterns converted to Float32 exactly (subnormals, infinities,
/// NaN), for SafeTensors F16 tensors and the scales of GGUF blocks.
public enum HalfPrecision {
    /// The Float32 value of the F16 bit pattern `bits`.
    @inlinable
    public static func float(fromHalf bits: UInt16) -> Float {
        Float(Float16(bitPattern: bits))
    }
}
