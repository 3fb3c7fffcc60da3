/// IEEE 754 half-precision (F16) bit patterns converted to Float32 exactly (subnormals, infinities, NaN).
public enum HalfPrecision {
    /// The Float32 value of the F16 bit pattern `bits`.
    @inlinable
    public static func float(fromHalf bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0 {
            if mantissa == 0 { return Float(bitPattern: sign) }
            // Subnormal: mantissa · 2⁻²⁴.
            let magnitude = Float(mantissa) * (1.0 / 16_777_216.0)
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }
}
