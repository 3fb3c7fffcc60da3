import Foundation

/// Scaled dot-product attention for one sequence, every head, with optional padding and causal masks.
///
/// Layout (llm.c style, row-major): `query` `[queryLength, queryStride]`, head `h` at columns
/// `h·headSize ..< (h+1)·headSize`; `key` and `value` `[keyLength, keyStride]`, key/value head
/// `g` at columns `g·headSize ...`; `output` `[queryLength, outputStride]`, head `h` at
/// `h·headSize`. With grouped-query attention query head `h` reads key/value head
/// `h / (heads / keyValueHeads)`.
///
/// Masks: query row `i` may look at key row `j` when `keyMask?[j] != false` (padding mask) and,
/// for causal attention, `j ≤ causalOffset + i` (`causalOffset` = number of cached positions
/// before the first query). A batch of sequences of different lengths is attended one sequence
/// at a time, which equals a padded batch with a padding mask.
public enum Attention {
    /// The shapes of one attention call.
    public struct Shape: Sendable {
        /// Rows of `query` (new positions).
        public var queryLength: Int
        /// Rows of `key` / `value` (cached plus new positions).
        public var keyLength: Int
        public var heads: Int
        /// Key/value heads (equal to `heads` without grouped-query attention).
        public var keyValueHeads: Int
        /// Width of one head.
        public var headSize: Int
        /// Nil for bidirectional attention; else the number of positions before query row 0.
        public var causalOffset: Int?

        public init(queryLength: Int, keyLength: Int, heads: Int, keyValueHeads: Int? = nil, headSize: Int,
                    causalOffset: Int? = nil) {
            self.queryLength = queryLength
            self.keyLength = keyLength
            self.heads = heads
            self.keyValueHeads = keyValueHeads ?? heads
            self.headSize = headSize
            self.causalOffset = causalOffset
        }
    }

    /// Computes `softmax(q·kᵀ/√headSize + mask)·v` for every head into `output`.
    ///
    /// `scratch` must hold `keyLength` floats. Rows of `output` whose keys are all masked become zeros.
    public static func apply(
        shape: Shape,
        query: UnsafePointer<Float>, queryStride: Int,
        key: UnsafePointer<Float>, keyStride: Int,
        value: UnsafePointer<Float>, valueStride: Int,
        output: UnsafeMutablePointer<Float>, outputStride: Int,
        keyMask: UnsafePointer<Bool>? = nil,
        scratch: UnsafeMutablePointer<Float>
    ) {
        let d = shape.headSize
        let scale = 1 / Float(d).squareRoot()
        let group = max(1, shape.heads / max(1, shape.keyValueHeads))
        for i in 0..<shape.queryLength {
            let visible = shape.causalOffset.map { min(shape.keyLength, $0 + i + 1) } ?? shape.keyLength
            for h in 0..<shape.heads {
                let g = h / group
                let q = query + i * queryStride + h * d
                let out = output + i * outputStride + h * d
                var maximum = -Float.infinity
                for j in 0..<visible {
                    if let keyMask, !keyMask[j] { scratch[j] = -.infinity; continue }
                    let s = dot(q, key + j * keyStride + g * d, count: d) * scale
                    scratch[j] = s
                    if s > maximum { maximum = s }
                }
                out.update(repeating: 0, count: d)
                if maximum == -.infinity { continue }
                var sum: Float = 0
                for j in 0..<visible {
                    let e = scratch[j] == -.infinity ? 0 : expf(scratch[j] - maximum)
                    scratch[j] = e
                    sum += e
                }
                let inverse = 1 / sum
                for j in 0..<visible where scratch[j] != 0 {
                    addScaled(value + j * valueStride + g * d, scratch[j] * inverse, to: out, count: d)
                }
            }
        }
    }

    /// `Σ a[i]·b[i]` over `count` floats, eight lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        while i + 8 <= count {
            let x = rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let y = rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            lanes += x * y
            i += 8
        }
        var sum = lanes.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `target[i] += scale·source[i]` over `count` floats, eight lanes at a time.
    @inline(__always)
    static func addScaled(_ source: UnsafePointer<Float>, _ scale: Float, to target: UnsafeMutablePointer<Float>,
                          count: Int) {
        var i = 0
        let rawSource = UnsafeRawPointer(source), rawTarget = UnsafeMutableRawPointer(target)
        let factor = SIMD8<Float>(repeating: scale)
        while i + 8 <= count {
            let x = rawSource.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            var y = rawTarget.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            y += x * factor
            rawTarget.storeBytes(of: y, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            target[i] += scale * source[i]
            i += 1
        }
    }
}
