/// Turns blocks of a GGUF tensor back into 32-bit floats, exactly as ggml defines each format.
///
/// All functions read `count` weights (a multiple of the format's block size) from `source` and
/// write them to `destination`; the caller guarantees the sizes (`GGUFFile` validated them).
public enum Dequantization {
    /// Dequantizes `count` weights of `type` from `source` into `destination`.
    /// - Throws: `GGUFError` when `count` is not a whole number of blocks or `source` is too short.
    public static func dequantize(_ type: GGMLType, from source: UnsafeRawBufferPointer, count: Int,
                                  into destination: UnsafeMutablePointer<Float>) throws {
        guard let needed = type.byteCount(weights: count), needed <= source.count, let base = source.baseAddress else {
            if count == 0 { return }
            throw GGUFError(file: "tensor data", offset: nil,
                            message: "\(count) weights of \(type) need \(type.byteCount(weights: count).map(String.init) ?? "a whole number of blocks"), only \(source.count) bytes given",
                            fix: "the file is damaged; download it again")
        }
        let blocks = count / type.blockSize
        switch type {
        case .f32:
            for i in 0..<count { destination[i] = Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .f16:
            for i in 0..<count { destination[i] = HalfPrecision.float(fromHalf: UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .q4_0:
            for b in 0..<blocks { q4_0(base + 18 * b, destination + 32 * b) }
        case .q4_1:
            for b in 0..<blocks { q4_1(base + 20 * b, destination + 32 * b) }
        case .q8_0:
            for b in 0..<blocks { q8_0(base + 34 * b, destination + 32 * b) }
        case .q4_K:
            for b in 0..<blocks { q4_K(base + 144 * b, destination + 256 * b) }
        case .q6_K:
            for b in 0..<blocks { q6_K(base + 210 * b, destination + 256 * b) }
        }
    }

    /// Dequantizes a whole tensor of `file` into a new array (row-major, `dimensions[0]` fastest).
    /// - Throws: `GGUFError` as `dequantize(_:from:count:into:)`.
    public static func dequantize(_ tensor: GGUFTensorInfo, of file: GGUFFile) throws -> [Float] {
        let count = tensor.elementCount
        return try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let out = buffer.baseAddress else { initialized = 0; return }
            try dequantize(tensor.type, from: file.bytes(of: tensor), count: count, into: out)
            initialized = count
        }
    }

    @inline(__always)
    static func loadHalf(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        HalfPrecision.float(fromHalf: UInt16(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// Q4_0: fp16 d, 16 bytes; weight j = (low nibble − 8)·d, weight j+16 = (high nibble − 8)·d.
    static func q4_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, 0)
        let qs = block + 2
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            out[j] = Float(Int(byte & 0x0F) - 8) * d
            out[j + 16] = Float(Int(byte >> 4) - 8) * d
        }
    }

    /// Q4_1: fp16 d, fp16 m, 16 bytes; weight j = low nibble·d + m, weight j+16 = high nibble·d + m.
    static func q4_1(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, 0)
        let m = loadHalf(block, 2)
        let qs = block + 4
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            out[j] = Float(byte & 0x0F) * d + m
            out[j + 16] = Float(byte >> 4) * d + m
        }
    }

    /// Q8_0: fp16 d, 32 signed bytes; weight = q·d.
    static func q8_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, 0)
        for j in 0..<32 {
            out[j] = Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d
        }
    }

    /// The 6-bit scale and minimum of sub-block `j` (0..<8) of a Q4_K block's 12 packed bytes.
    @inline(__always)
    static func scaleAndMin(_ j: Int, _ packed: UnsafeRawPointer) -> (UInt8, UInt8) {
        func byte(_ i: Int) -> UInt8 { packed.load(fromByteOffset: i, as: UInt8.self) }
        if j < 4 {
            return (byte(j) & 63, byte(j + 4) & 63)
        }
        return ((byte(j + 4) & 0x0F) | ((byte(j - 4) >> 6) << 4),
                (byte(j + 4) >> 4) | ((byte(j) >> 6) << 4))
    }

    /// Q4_K: fp16 d, fp16 dmin, 12 bytes of packed 6-bit scales/minimums, 128 bytes of nibbles.
    /// Each 64 weights use 32 bytes: low nibbles are sub-block 2i, high nibbles sub-block 2i+1;
    /// weight = d·scale·q − dmin·min.
    static func q4_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, 0)
        let dmin = loadHalf(block, 2)
        let packed = block + 4
        let qs = block + 16
        for chunk in 0..<4 {
            let (s1, m1) = scaleAndMin(2 * chunk, packed)
            let (s2, m2) = scaleAndMin(2 * chunk + 1, packed)
            let d1 = d * Float(s1), min1 = dmin * Float(m1)
            let d2 = d * Float(s2), min2 = dmin * Float(m2)
            for l in 0..<32 {
                let byte = qs.load(fromByteOffset: 32 * chunk + l, as: UInt8.self)
                out[64 * chunk + l] = d1 * Float(byte & 0x0F) - min1
                out[64 * chunk + 32 + l] = d2 * Float(byte >> 4) - min2
            }
        }
    }

    /// Q6_K: 128 bytes low 4 bits, 64 bytes high 2 bits, 16 signed 8-bit scales, fp16 d.
    /// weight = d·scale·(q − 32) with q the 6-bit value.
    static func q6_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = loadHalf(block, 208)
        for half in 0..<2 {
            let ql = block + 64 * half
            let qh = block + 128 + 32 * half
            let scales = block + 192 + 8 * half
            let y = out + 128 * half
            for l in 0..<32 {
                let group = l / 16
                let low0 = ql.load(fromByteOffset: l, as: UInt8.self)
                let low1 = ql.load(fromByteOffset: l + 32, as: UInt8.self)
                let high = qh.load(fromByteOffset: l, as: UInt8.self)
                let q1 = Int((low0 & 0x0F) | ((high & 3) << 4)) - 32
                let q2 = Int((low1 & 0x0F) | (((high >> 2) & 3) << 4)) - 32
                let q3 = Int((low0 >> 4) | (((high >> 4) & 3) << 4)) - 32
                let q4 = Int((low1 >> 4) | (((high >> 6) & 3) << 4)) - 32
                func scale(_ i: Int) -> Float { Float(scales.load(fromByteOffset: i, as: Int8.self)) }
                y[l] = d * scale(group) * Float(q1)
                y[l + 32] = d * scale(group + 2) * Float(q2)
                y[l + 64] = d * scale(group + 4) * Float(q3)
                y[l + 96] = d * scale(group + 6) * Float(q4)
            }
        }
    }
}
