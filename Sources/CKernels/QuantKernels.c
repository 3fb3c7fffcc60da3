// Quantized matrix kernels for labrun's fast Llama path. Portable C, with AVX2 and AVX-512 VNNI
// variants chosen at run time (the rest of the binary stays baseline x86-64).
#include "QuantKernels.h"
#include "KernelLevel.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define LR_X86 1
#include <immintrin.h>
#include "HorizontalSum.h"
#endif

// ---------------------------------------------------------------------------------------------
// Weights as stored in the file

float lr_half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    const uint32_t exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ff, bits;
    if (exponent == 0 && mantissa == 0) {
        bits = sign;
    } else if (exponent == 0) {
        // Subnormal: shift until the implicit bit appears, lowering the exponent each time.
        int shifts = 0;
        while (!(mantissa & 0x400)) { mantissa <<= 1; shifts++; }
        bits = sign | ((uint32_t)(113 - shifts) << 23) | ((mantissa & 0x3ff) << 13);
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    }
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

static uint16_t load_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

void lr_repack_blocks(const uint8_t *src, long blocks, lr_block_type type, uint8_t *weights, float *scales, float *mins) {
    if (type == LR_BLOCK_Q8_0) {
        for (long b = 0; b < blocks; b++) {
            const uint8_t *block = src + 34 * b;
            scales[b] = lr_half_to_float(load_u16(block));
            uint8_t *out = weights + 32 * b;
            for (int j = 0; j < 32; j++) out[j] = block[2 + j] ^ 0x80;
        }
        return;
    }
    const int with_minimums = type == LR_BLOCK_Q4_1;
    const int stride = with_minimums ? 20 : 18, nibbles = with_minimums ? 4 : 2;
    for (long b = 0; b < blocks; b++) {
        const uint8_t *block = src + stride * b;
        const float d = lr_half_to_float(load_u16(block));
        scales[b] = d;
        mins[b] = with_minimums ? lr_half_to_float(load_u16(block + 2)) : -8 * d;
        memcpy(weights + 16 * b, block + nibbles, 16);
    }
}

// ---------------------------------------------------------------------------------------------
// Activations

// Quantizes one block of 32 values; returns Σ q.
static int quantize_block_c(const float *x, int8_t *q, float *scale) {
    float amax = 0;
    for (int j = 0; j < 32; j++) {
        float a = fabsf(x[j]);
        if (a > amax) amax = a;
    }
    *scale = amax / 127.0f;
    const float inverse = *scale > 0 ? 127.0f / amax : 0.0f;
    int sum = 0;
    for (int j = 0; j < 32; j++) {
        int v = (int)nearbyintf(x[j] * inverse);
        if (v > 127) v = 127;
        if (v < -127) v = -127;
        q[j] = (int8_t)v;
        sum += v;
    }
    return sum;
}

#if LR_X86
__attribute__((target("avx2,fma"))) static int quantize_block_avx2(const float *x, int8_t *q, float *scale) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 v0 = _mm256_loadu_ps(x), v1 = _mm256_loadu_ps(x + 8), v2 = _mm256_loadu_ps(x + 16), v3 = _mm256_loadu_ps(x + 24);
    __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, v0), _mm256_andnot_ps(sign, v1)),
                             _mm256_max_ps(_mm256_andnot_ps(sign, v2), _mm256_andnot_ps(sign, v3)));
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    const float amax = _mm_cvtss_f32(m4);
    *scale = amax / 127.0f;
    const __m256 inverse = _mm256_set1_ps(amax > 0 ? 127.0f / amax : 0.0f);
    __m256i i0 = _mm256_cvtps_epi32(_mm256_mul_ps(v0, inverse));
    __m256i i1 = _mm256_cvtps_epi32(_mm256_mul_ps(v1, inverse));
    __m256i i2 = _mm256_cvtps_epi32(_mm256_mul_ps(v2, inverse));
    __m256i i3 = _mm256_cvtps_epi32(_mm256_mul_ps(v3, inverse));
    __m256i total = _mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3));
    // pack to int16 then int8 (both saturate), then undo the lane interleaving of the packs.
    __m256i p01 = _mm256_packs_epi32(i0, i1), p23 = _mm256_packs_epi32(i2, i3);
    __m256i bytes = _mm256_packs_epi16(p01, p23);
    bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    bytes = _mm256_max_epi8(bytes, _mm256_set1_epi8(-127));
    _mm256_storeu_si256((__m256i *)q, bytes);
    __m128i t4 = _mm_add_epi32(_mm256_castsi256_si128(total), _mm256_extracti128_si256(total, 1));
    t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0x4E));
    t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0xB1));
    return _mm_cvtsi128_si32(t4);
}
#endif

void lr_quantize_activations(const float *x, int tokens, int cols,
                             int8_t *q, int8_t *qi, float *d, float *ds, float *d4, float *d8) {
    const int blocks = cols / 32;
#if LR_X86
    const int vector = lr_kernel_level() >= 1;
#endif
    for (int t = 0; t < tokens; t++) {
        const float *row = x + (long)t * cols;
        int8_t *qr = q + (long)t * cols;
        float *dr = d + (long)t * blocks;
        for (int b = 0; b < blocks; b++) {
            int sum;
#if LR_X86
            if (vector) sum = quantize_block_avx2(row + 32 * b, qr + 32 * b, dr + b);
            else
#endif
            sum = quantize_block_c(row + 32 * b, qr + 32 * b, dr + b);
            ds[(long)t * blocks + b] = dr[b] * (float)sum;
        }
        int8_t *qir = qi + (long)t * cols;
        float *p4 = d4 + (long)t * blocks * 4, *p8 = d8 + (long)t * blocks * 4;
        for (int b = 0; b + 1 < blocks; b += 2) {
            int8_t *dst = qir + 32 * b;
            memcpy(dst, qr + 32 * b, 16);
            memcpy(dst + 16, qr + 32 * (b + 1), 16);
            memcpy(dst + 32, qr + 32 * b + 16, 16);
            memcpy(dst + 48, qr + 32 * (b + 1) + 16, 16);
            for (int j = 0; j < 8; j++) {
                p4[4 * b + j] = dr[b + (j >= 4)];
                p8[4 * b + j] = dr[b + ((j >> 1) & 1)];
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Portable kernels (also the reference the SIMD variants are tested against)

static void q4_matmul_c(const uint8_t *nib, const float *wd, const float *wm, int cols,
                        int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
    const int blocks = cols / 32;
    for (int r = r0; r < r1; r++) {
        const uint8_t *wr = nib + (long)r * cols / 2;
        for (int t = 0; t < tokens; t++) {
            const int8_t *xq = x->q + (long)t * cols;
            const float *xd = x->d + (long)t * blocks;
            const float *xs = x->ds + (long)t * blocks;
            float total = 0;
            for (int b = 0; b < blocks; b++) {
                int dot = 0;
                for (int j = 0; j < 16; j++) {
                    uint8_t byte = wr[16 * b + j];
                    dot += (byte & 15) * xq[32 * b + j] + (byte >> 4) * xq[32 * b + j + 16];
                }
                total += wd[(long)r * blocks + b] * xd[b] * (float)dot + wm[(long)r * blocks + b] * xs[b];
            }
            y[(long)t * ldy + r] = total;
        }
    }
}

static void q8_matmul_c(const uint8_t *wq, const float *wd, int cols,
                        int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
    const int blocks = cols / 32;
    for (int r = r0; r < r1; r++) {
        const uint8_t *wr = wq + (long)r * cols;
        for (int t = 0; t < tokens; t++) {
            const int8_t *xq = x->q + (long)t * cols;
            const float *xd = x->d + (long)t * blocks;
            float total = 0;
            for (int b = 0; b < blocks; b++) {
                int dot = 0;
                for (int j = 0; j < 32; j++) dot += ((int)wr[32 * b + j] - 128) * xq[32 * b + j];
                total += wd[(long)r * blocks + b] * xd[b] * (float)dot;
            }
            y[(long)t * ldy + r] = total;
        }
    }
}

#if LR_X86
// ---------------------------------------------------------------------------------------------
// x86 SIMD kernels. Each block pair (b, b+1) yields one vector of 8 int32 partial sums whose
// lanes belong to b or b+1 according to a fixed pattern; scales are spread the same way.

#define LR_AVX2 __attribute__((target("avx2,fma")))
#define LR_VNNI __attribute__((target("avx2,fma,avx512f,avx512vl,avx512bw,avx512vnni")))


// Σ_b a[b]·c[b] over n floats.
LR_AVX2 static inline float dot_floats(const float *a, const float *c, int n) {
    __m256 acc = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(c + i), acc);
    float total = hsum256(acc);
    for (; i < n; i++) total += a[i] * c[i];
    return total;
}

// The macro bodies shared by the AVX2 and VNNI kernels; DOT(acc, u8, s8) adds Σ of 4 products
// per int32 lane. Four tokens at a time share each unpacked weight vector (prefill); the rest go
// one by one (decode). `x->dp` holds each token's block scales spread in the kernel's lane pattern.
#define LR_Q4_STEP(DOT, acc, xp, dp)                                                             \
    do {                                                                                         \
        __m256i sum = _mm256_setzero_si256();                                                    \
        DOT(sum, lo, _mm256_loadu_si256((const __m256i *)((xp) + 32 * b)));                      \
        DOT(sum, hi, _mm256_loadu_si256((const __m256i *)((xp) + 32 * b + 32)));                 \
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_mul_ps(wdv, _mm256_loadu_ps((dp) + 4 * b)), acc); \
    } while (0)

// Two 4-bit rows A and B against one token: both rows share the activation loads.
#define LR_Q4_STEP2(DOT, accA, accB, xp, dp)                                                      \
    do {                                                                                         \
        const __m256i xl = _mm256_loadu_si256((const __m256i *)((xp) + 32 * b));                 \
        const __m256i xh = _mm256_loadu_si256((const __m256i *)((xp) + 32 * b + 32));            \
        const __m256 xd = _mm256_loadu_ps((dp) + 4 * b);                                         \
        __m256i sA = _mm256_setzero_si256(), sB = _mm256_setzero_si256();                        \
        DOT(sA, loA, xl);                                                                        \
        DOT(sA, hiA, xh);                                                                        \
        DOT(sB, loB, xl);                                                                        \
        DOT(sB, hiB, xh);                                                                        \
        accA = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sA), _mm256_mul_ps(wdvA, xd), accA);           \
        accB = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sB), _mm256_mul_ps(wdvB, xd), accB);           \
    } while (0)

#define LR_LOAD_PAIR_SCALES(p)                                                                   \
    _mm256_permutevar8x32_ps(_mm256_castps128_ps256(_mm_castpd_ps(_mm_load_sd((const double *)(p)))), pattern)

// Rows one at a time from token `t` on: four tokens share each unpacked weight vector, the rest
// go one by one (decode).
#define LR_Q4_ROW(DOT, r, t_begin)                                                               \
    do {                                                                                         \
        const uint8_t *wr = nib + (long)(r) * cols / 2;                                         \
        const float *wdr = wd + (long)(r) * blocks;                                             \
        const float *wmr = wm + (long)(r) * blocks;                                             \
        int t = (t_begin);                                                                       \
        for (; t + 4 <= tokens; t += 4) {                                                        \
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                          \
            const int8_t *x0 = x->qi + (long)t * cols, *x1 = x0 + cols, *x2 = x1 + cols, *x3 = x2 + cols; \
            const float *p0 = x->d4 + (long)t * blocks * 4, *p1 = p0 + blocks * 4;              \
            const float *p2 = p1 + blocks * 4, *p3 = p2 + blocks * 4;                            \
            for (int b = 0; b < blocks; b += 2) {                                                \
                const __m256i raw = _mm256_loadu_si256((const __m256i *)(wr + 16 * b));          \
                const __m256i lo = _mm256_and_si256(raw, low_mask);                              \
                const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), low_mask);        \
                const __m256 wdv = LR_LOAD_PAIR_SCALES(wdr + b);                                 \
                LR_Q4_STEP(DOT, a0, x0, p0);                                                     \
                LR_Q4_STEP(DOT, a1, x1, p1);                                                     \
                LR_Q4_STEP(DOT, a2, x2, p2);                                                     \
                LR_Q4_STEP(DOT, a3, x3, p3);                                                     \
            }                                                                                    \
            y[(long)t * ldy + (r)] = hsum256(a0) + dot_floats(wmr, x->ds + (long)t * blocks, blocks); \
            y[(long)(t + 1) * ldy + (r)] = hsum256(a1) + dot_floats(wmr, x->ds + (long)(t + 1) * blocks, blocks); \
            y[(long)(t + 2) * ldy + (r)] = hsum256(a2) + dot_floats(wmr, x->ds + (long)(t + 2) * blocks, blocks); \
            y[(long)(t + 3) * ldy + (r)] = hsum256(a3) + dot_floats(wmr, x->ds + (long)(t + 3) * blocks, blocks); \
        }                                                                                        \
        for (; t < tokens; t++) {                                                                \
            /* one accumulator, blocks in order: the same sums as the four-token path, so a */   \
            /* row's result never depends on the other rows of the batch */                     \
            __m256 a0 = _mm256_setzero_ps();                                                     \
            const int8_t *x0 = x->qi + (long)t * cols;                                           \
            const float *p0 = x->d4 + (long)t * blocks * 4;                                      \
            for (int b = 0; b < blocks; b += 2) {                                                \
                const __m256i raw = _mm256_loadu_si256((const __m256i *)(wr + 16 * b));          \
                const __m256i lo = _mm256_and_si256(raw, low_mask);                              \
                const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(raw, 4), low_mask);        \
                const __m256 wdv = LR_LOAD_PAIR_SCALES(wdr + b);                                 \
                LR_Q4_STEP(DOT, a0, x0, p0);                                                     \
            }                                                                                    \
            y[(long)t * ldy + (r)] = hsum256(a0) + dot_floats(wmr, x->ds + (long)t * blocks, blocks); \
        }                                                                                        \
    } while (0)

#define LR_Q4_BODY(DOT)                                                                          \
    const int blocks = cols / 32;                                                                \
    const __m256i low_mask = _mm256_set1_epi8(15);                                              \
    const __m256i pattern = _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1);                          \
    const int batched = tokens / 4 * 4;                                                          \
    int r = r0;                                                                                  \
    /* Prefill: two rows × four tokens per step, so each activation load serves two rows. */     \
    for (; batched > 0 && r + 2 <= r1; r += 2) {                                                 \
        const uint8_t *wA = nib + (long)r * cols / 2, *wB = wA + cols / 2;                       \
        const float *dA = wd + (long)r * blocks, *dB = dA + blocks;                              \
        const float *mA = wm + (long)r * blocks, *mB = mA + blocks;                              \
        for (int t = 0; t < batched; t += 4) {                                                   \
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                          \
            __m256 c0 = a0, c1 = a0, c2 = a0, c3 = a0;                                           \
            const int8_t *x0 = x->qi + (long)t * cols, *x1 = x0 + cols, *x2 = x1 + cols, *x3 = x2 + cols; \
            const float *p0 = x->d4 + (long)t * blocks * 4, *p1 = p0 + blocks * 4;              \
            const float *p2 = p1 + blocks * 4, *p3 = p2 + blocks * 4;                            \
            for (int b = 0; b < blocks; b += 2) {                                                \
                const __m256i rawA = _mm256_loadu_si256((const __m256i *)(wA + 16 * b));         \
                const __m256i rawB = _mm256_loadu_si256((const __m256i *)(wB + 16 * b));         \
                const __m256i loA = _mm256_and_si256(rawA, low_mask);                            \
                const __m256i hiA = _mm256_and_si256(_mm256_srli_epi16(rawA, 4), low_mask);      \
                const __m256i loB = _mm256_and_si256(rawB, low_mask);                            \
                const __m256i hiB = _mm256_and_si256(_mm256_srli_epi16(rawB, 4), low_mask);      \
                const __m256 wdvA = LR_LOAD_PAIR_SCALES(dA + b);                                 \
                const __m256 wdvB = LR_LOAD_PAIR_SCALES(dB + b);                                 \
                LR_Q4_STEP2(DOT, a0, c0, x0, p0);                                                \
                LR_Q4_STEP2(DOT, a1, c1, x1, p1);                                                \
                LR_Q4_STEP2(DOT, a2, c2, x2, p2);                                                \
                LR_Q4_STEP2(DOT, a3, c3, x3, p3);                                                \
            }                                                                                    \
            const __m256 as[4] = {a0, a1, a2, a3}, cs[4] = {c0, c1, c2, c3};                     \
            for (int g = 0; g < 4; g++) {                                                        \
                const float *sums = x->ds + (long)(t + g) * blocks;                              \
                y[(long)(t + g) * ldy + r] = hsum256(as[g]) + dot_floats(mA, sums, blocks);      \
                y[(long)(t + g) * ldy + r + 1] = hsum256(cs[g]) + dot_floats(mB, sums, blocks);  \
            }                                                                                    \
        }                                                                                        \
        if (batched < tokens) {                                                                  \
            LR_Q4_ROW(DOT, r, batched);                                                          \
            LR_Q4_ROW(DOT, r + 1, batched);                                                      \
        }                                                                                        \
    }                                                                                            \
    for (; r < r1; r++) LR_Q4_ROW(DOT, r, 0);

#define LR_DOT_AVX2(acc, u, s) \
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)))
#define LR_DOT_VNNI(acc, u, s) acc = _mm256_dpbusd_epi32(acc, u, s)

LR_AVX2 static void q4_matmul_avx2(const uint8_t *nib, const float *wd, const float *wm, int cols,
                                   int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
    LR_Q4_BODY(LR_DOT_AVX2)
}

LR_VNNI static void q4_matmul_vnni(const uint8_t *nib, const float *wd, const float *wm, int cols,
                                   int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
    LR_Q4_BODY(LR_DOT_VNNI)
}

// Q8: weights u = q + 128. VNNI: Σ u·x = Σ q·x + 128·Σ x, corrected with −128·ds per block.
// AVX2: maddubs would saturate on u·x, so it uses |q| and sign(x, q) instead.
#define LR_Q8_STEP(PAIR, acc, xp, dp)                                                            \
    do {                                                                                         \
        __m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();                        \
        PAIR(s0, w0, _mm256_loadu_si256((const __m256i *)((xp) + 32 * b)));                      \
        PAIR(s1, w1, _mm256_loadu_si256((const __m256i *)((xp) + 32 * b + 32)));                 \
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_hadd_epi32(s0, s1)),                    \
                              _mm256_mul_ps(wdv, _mm256_loadu_ps((dp) + 4 * b)), acc);           \
    } while (0)

#define LR_Q8_BODY(PAIR)                                                                         \
    const int blocks = cols / 32;                                                                \
    const __m256i pattern = _mm256_setr_epi32(0, 0, 1, 1, 0, 0, 1, 1);                          \
    for (int r = r0; r < r1; r++) {                                                              \
        const uint8_t *wr = wq + (long)r * cols;                                                \
        const float *wdr = wd + (long)r * blocks;                                               \
        int t = 0;                                                                               \
        for (; t + 4 <= tokens; t += 4) {                                                        \
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                          \
            const int8_t *x0 = x->q + (long)t * cols, *x1 = x0 + cols, *x2 = x1 + cols, *x3 = x2 + cols; \
            const float *p0 = x->d8 + (long)t * blocks * 4, *p1 = p0 + blocks * 4;              \
            const float *p2 = p1 + blocks * 4, *p3 = p2 + blocks * 4;                            \
            for (int b = 0; b < blocks; b += 2) {                                                \
                const __m256i w0 = _mm256_loadu_si256((const __m256i *)(wr + 32 * b));           \
                const __m256i w1 = _mm256_loadu_si256((const __m256i *)(wr + 32 * b + 32));      \
                const __m256 wdv = _mm256_permutevar8x32_ps(                                     \
                    _mm256_castps128_ps256(_mm_castpd_ps(_mm_load_sd((const double *)(wdr + b)))), pattern); \
                LR_Q8_STEP(PAIR, a0, x0, p0);                                                    \
                LR_Q8_STEP(PAIR, a1, x1, p1);                                                    \
                LR_Q8_STEP(PAIR, a2, x2, p2);                                                    \
                LR_Q8_STEP(PAIR, a3, x3, p3);                                                    \
            }                                                                                    \
            for (int g = 0; g < 4; g++) {                                                        \
                const __m256 a = g == 0 ? a0 : g == 1 ? a1 : g == 2 ? a2 : a3;                   \
                y[(long)(t + g) * ldy + r] = hsum256(a) + LR_Q8_CORRECTION(wdr, x->ds + (long)(t + g) * blocks, blocks); \
            }                                                                                    \
        }                                                                                        \
        for (; t < tokens; t++) {                                                                \
            __m256 a0 = _mm256_setzero_ps();                                                     \
            const int8_t *x0 = x->q + (long)t * cols;                                            \
            const float *p0 = x->d8 + (long)t * blocks * 4;                                      \
            for (int b = 0; b < blocks; b += 2) {                                                \
                const __m256i w0 = _mm256_loadu_si256((const __m256i *)(wr + 32 * b));           \
                const __m256i w1 = _mm256_loadu_si256((const __m256i *)(wr + 32 * b + 32));      \
                const __m256 wdv = _mm256_permutevar8x32_ps(                                     \
                    _mm256_castps128_ps256(_mm_castpd_ps(_mm_load_sd((const double *)(wdr + b)))), pattern); \
                LR_Q8_STEP(PAIR, a0, x0, p0);                                                    \
            }                                                                                    \
            y[(long)t * ldy + r] = hsum256(a0) + LR_Q8_CORRECTION(wdr, x->ds + (long)t * blocks, blocks); \
        }                                                                                        \
    }

#define LR_Q8_PAIR_AVX2(acc, u, s)                                                               \
    do {                                                                                         \
        const __m256i signed_w = _mm256_xor_si256(u, _mm256_set1_epi8((char)0x80));              \
        acc = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_abs_epi8(signed_w),                  \
                                                     _mm256_sign_epi8(s, signed_w)),            \
                                _mm256_set1_epi16(1));                                           \
    } while (0)
#define LR_Q8_PAIR_VNNI(acc, u, s) acc = _mm256_dpbusd_epi32(acc, u, s)

#define LR_Q8_CORRECTION(w, s, n) 0.0f
LR_AVX2 static void q8_matmul_avx2(const uint8_t *wq, const float *wd, int cols,
                                   int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
    LR_Q8_BODY(LR_Q8_PAIR_AVX2)
}
#undef LR_Q8_CORRECTION

#define LR_Q8_CORRECTION(w, s, n) (-128.0f * dot_floats(w, s, n))
LR_VNNI static void q8_matmul_vnni(const uint8_t *wq, const float *wd, int cols,
                                   int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
    LR_Q8_BODY(LR_Q8_PAIR_VNNI)
}
#undef LR_Q8_CORRECTION
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch

void lr_q4_matmul(const uint8_t *nib, const float *wd, const float *wm, int cols,
                  int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
#if LR_X86
    switch (lr_kernel_level()) {
    case 2: q4_matmul_vnni(nib, wd, wm, cols, r0, r1, x, tokens, y, ldy); return;
    case 1: q4_matmul_avx2(nib, wd, wm, cols, r0, r1, x, tokens, y, ldy); return;
    default: break;
    }
#endif
    q4_matmul_c(nib, wd, wm, cols, r0, r1, x, tokens, y, ldy);
}

void lr_q8_matmul(const uint8_t *wq, const float *wd, int cols,
                  int r0, int r1, const lr_activations *x, int tokens, float *y, int ldy) {
#if LR_X86
    switch (lr_kernel_level()) {
    case 2: q8_matmul_vnni(wq, wd, cols, r0, r1, x, tokens, y, ldy); return;
    case 1: q8_matmul_avx2(wq, wd, cols, r0, r1, x, tokens, y, ldy); return;
    default: break;
    }
#endif
    q8_matmul_c(wq, wd, cols, r0, r1, x, tokens, y, ldy);
}
