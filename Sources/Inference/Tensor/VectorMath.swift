/// Eight-lane exp and erf for the activation epilogues, in plain arithmetic that the compiler
/// vectorises (libm's `erff` costs tens of nanoseconds a value; GELU runs it on every
/// feed-forward activation).
///
/// `exp`: Cody–Waite range reduction `x = n·ln 2 + r`, `|r| ≤ ln 2 / 2`, a degree-7 Taylor
/// polynomial for `eʳ` (truncation error below 1e-8 relative) and `2ⁿ` built in the exponent bits.
/// `erf`: Abramowitz & Stegun 7.1.26, `1 − t·(a₁ + t·(a₂ + …))·e^{−x²}`, `t = 1/(1 + p·|x|)`, whose
/// absolute error is at most 1.5e-7 in exact arithmetic; evaluated in Float32 it stays within
/// 6e-7 of libm's `erff` (tests compare them over a dense grid).
public enum VectorMath {
    /// `eˣ` lane by lane; inputs are clamped to [−87.3, 88.7] (results stay normal floats).
    @inline(__always)
    public static func exp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let x = input.clamped(lowerBound: SIMD8(repeating: -87.3), upperBound: SIMD8(repeating: 88.7))
        // Round x·log2(e) to the nearest integer by adding and removing 1.5·2²³.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_359_375 - n * -2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
        return p * scale
    }

    /// `erf(x)` lane by lane (within 6e-7 of libm's `erff`).
    @inline(__always)
    public static func erf(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        let magnitude = unsafeBitCast(bits & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let t = 1 / (1 + 0.327_591_1 * magnitude)
        var poly = SIMD8<Float>(repeating: 1.061_405_429)
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        poly = poly * t
        let y = 1 - poly * exp(-(magnitude * magnitude))
        return unsafeBitCast(unsafeBitCast(y, to: SIMD8<UInt32>.self) | (bits & 0x8000_0000), to: SIMD8<Float>.self)
    }

    /// GELU with erf, `0.5·x·(1 + erf(x/√2))`, lane by lane.
    @inline(__always)
    public static func gelu(_ x: SIMD8<Float>) -> SIMD8<Float> {
        0.5 * x * (1 + erf(x * 0.707_106_781_186_547_52))
    }

    /// Adds `bias` (may be nil) to `values[0..<count]` and applies GELU (erf form), eight at a time.
    public static func addBiasGELU(_ values: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, count: Int) {
        var i = 0
        let raw = UnsafeMutableRawPointer(values)
        while i + 8 <= count {
            var x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            if let bias { x += UnsafeRawPointer(bias).loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) }
            raw.storeBytes(of: gelu(x), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        if i < count {
            var x = SIMD8<Float>()
            for lane in 0..<(count - i) { x[lane] = values[i + lane] + (bias?[i + lane] ?? 0) }
            let y = gelu(x)
            for lane in 0..<(count - i) { values[i + lane] = y[lane] }
        }
    }
}
