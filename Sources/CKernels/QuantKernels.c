// Quantized weights against 16-bit activations. A row's product is
//   Σ_b d_b·s_tb·(Σ_j q_bj·a_tj) + Σ_b m_b·S_tb
// over its blocks b of 32 weights (weight = q·d + m; Q4_0's m is −8·d, Q8_0 has none), where
// the activations x_t are rounded per block to a_tj = round(x_tj / s_tb), s_tb = max|x_tb| / 32767,
// and S_tb = Σ_j x_tj is taken from the float32 activations. The integer sums are exact, and the
// rounding of the activations is 256 times finer than 8 bits: the model's greedy answers stay
// those of the float32 path (8-bit activations changed them).
//
// Decode (one token) is memory-bound: each weight is read once, at 4.5 to 8.5 bits. Prefill and
// batches are compute-bound: each widened block of weights serves up to 6 tokens.
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

long lr_q16_weight_bytes(lr_weight_kind kind, long blocks) { return kind == LR_WEIGHTS_Q8_0 ? 32 * blocks : 16 * blocks; }

void lr_q16_repack(const uint8_t *src, long blocks, lr_weight_kind kind, uint8_t *weights, float *scales, float *mins) {
    if (kind == LR_WEIGHTS_Q8_0) {
        for (long b = 0; b < blocks; b++) {
            scales[b] = lr_half_to_float(load_u16(src + 34 * b));
            memcpy(weights + 32 * b, src + 34 * b + 2, 32);
        }
        return;
    }
    const int stride = kind == LR_WEIGHTS_Q4_1 ? 20 : 18, header = kind == LR_WEIGHTS_Q4_1 ? 4 : 2;
    for (long b = 0; b < blocks; b++) {
        const uint8_t *block = src + stride * b;
        const float d = lr_half_to_float(load_u16(block));
        scales[b] = d;
        mins[b] = kind == LR_WEIGHTS_Q4_1 ? lr_half_to_float(load_u16(block + 2)) : -8 * d;
        memcpy(weights + 16 * b, block + header, 16);
    }
}

// ---------------------------------------------------------------------------------------------
// Activations

static void q16_block_c(const float *xb, int16_t *ab, float *scale, float *sum) {
    float amax = 0, total = 0;
    for (int j = 0; j < 32; j++) {
        amax = fmaxf(amax, fabsf(xb[j]));
        total += xb[j];
    }
    const float inverse = amax > 0 ? 32767.0f / amax : 0.0f;
    for (int j = 0; j < 32; j++) {
        // |x·inverse| ≤ 32767 up to rounding; clamp so a rounding up never wraps.
        const float v = nearbyintf(xb[j] * inverse);
        ab[j] = (int16_t)(v > 32767 ? 32767 : v < -32767 ? -32767 : v == v ? v : 0);
    }
    // A NaN among the values (its sum is NaN) makes the block's scale NaN, so it reaches the output.
    *scale = total == total ? amax / 32767.0f : NAN;
    *sum = total;
}

#if LR_X86
// The same rounding as `q16_block_c` (round to nearest even, clamped); the sum in another order.
__attribute__((target("avx2,fma"))) static void q16_block_avx2(const float *xb, int16_t *ab, float *scale, float *sum) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 v0 = _mm256_loadu_ps(xb), v1 = _mm256_loadu_ps(xb + 8);
    const __m256 v2 = _mm256_loadu_ps(xb + 16), v3 = _mm256_loadu_ps(xb + 24);
    const __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, v0), _mm256_andnot_ps(sign, v1)),
                                   _mm256_max_ps(_mm256_andnot_ps(sign, v2), _mm256_andnot_ps(sign, v3)));
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    const float amax = _mm_cvtss_f32(m4);
    const __m256 inverse = _mm256_set1_ps(amax > 0 ? 32767.0f / amax : 0.0f);
    const __m256 limit = _mm256_set1_ps(32767.0f);
    __m256i q[4];
    const __m256 v[4] = {v0, v1, v2, v3};
    for (int k = 0; k < 4; k++) {
        const __m256 r = _mm256_round_ps(_mm256_mul_ps(v[k], inverse), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        q[k] = _mm256_cvtps_epi32(_mm256_max_ps(_mm256_min_ps(r, limit), _mm256_sub_ps(_mm256_setzero_ps(), limit)));
    }
    // Pack to 16 bits (saturating, lane-interleaved), then restore the order.
    const __m256i p01 = _mm256_permute4x64_epi64(_mm256_packs_epi32(q[0], q[1]), 0xD8);
    const __m256i p23 = _mm256_permute4x64_epi64(_mm256_packs_epi32(q[2], q[3]), 0xD8);
    _mm256_storeu_si256((__m256i *)ab, p01);
    _mm256_storeu_si256((__m256i *)(ab + 16), p23);
    const float total = hsum256(_mm256_add_ps(_mm256_add_ps(v0, v1), _mm256_add_ps(v2, v3)));
    *scale = total == total ? amax / 32767.0f : NAN;
    *sum = total;
}
#endif

void lr_q16_activations(const float *x, int tokens, int cols, int ldx, int16_t *a, float *s, float *sums) {
    const int blocks = cols / 32;
#if LR_X86
    const int vector = lr_kernel_level() >= 1;
#endif
    for (int t = 0; t < tokens; t++)
        for (int b = 0; b < blocks; b++) {
            const float *xb = x + (long)t * ldx + 32 * b;
            int16_t *ab = a + (long)t * cols + 32 * b;
            float *scale = s + (long)t * blocks + b, *sum = sums + (long)t * blocks + b;
#if LR_X86
            if (vector) {
                q16_block_avx2(xb, ab, scale, sum);
                continue;
            }
#endif
            q16_block_c(xb, ab, scale, sum);
        }
}

// ---------------------------------------------------------------------------------------------
// Portable reference: exact integer sums per block, then the float terms in block order.

static int quantized_value(lr_weight_kind kind, const uint8_t *row, int b, int j) {
    if (kind == LR_WEIGHTS_Q8_0) return (int8_t)row[32 * b + j];
    const uint8_t byte = row[16 * b + (j & 15)];
    return j < 16 ? byte & 15 : byte >> 4;
}

static void q16_matmul_c(lr_weight_kind kind, const uint8_t *w, const float *d, const float *m, int cols, int r0,
                         int r1, const lr_activations16 *x, int tokens, float *y, int ldy) {
    const int blocks = cols / 32;
    const long row_bytes = lr_q16_weight_bytes(kind, blocks);
    for (int r = r0; r < r1; r++) {
        const uint8_t *row = w + (long)r * row_bytes;
        for (int t = 0; t < tokens; t++) {
            const int16_t *at = x->a + (long)t * cols;
            float total = 0;
            for (int b = 0; b < blocks; b++) {
                int dot = 0;
                for (int j = 0; j < 32; j++) dot += quantized_value(kind, row, b, j) * at[32 * b + j];
                total += d[(long)r * blocks + b] * x->s[(long)t * blocks + b] * (float)dot;
            }
            if (m)
                for (int b = 0; b < blocks; b++) total += m[(long)r * blocks + b] * x->sums[(long)t * blocks + b];
            y[(long)t * ldy + r] = total;
        }
    }
}

#if LR_X86
#define LR_AVX2 __attribute__((target("avx2,fma")))
#define LR_INLINE static inline __attribute__((always_inline))

// Σ_b a[b]·c[b] over n floats, 8 lanes then the tail, in a fixed order.
LR_AVX2 LR_INLINE float dot_floats(const float *a, const float *c, int n) {
    __m256 acc = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(c + i), acc);
    float total = hsum256(acc);
    for (; i < n; i++) total += a[i] * c[i];
    return total;
}

// Block `b` of a row widened to 16-bit lanes: columns 0–15 in `low`, 16–31 in `high`.
LR_AVX2 LR_INLINE void widen_block(const lr_weight_kind kind, const uint8_t *row, int b, __m256i *low, __m256i *high) {
    if (kind == LR_WEIGHTS_Q8_0) {
        *low = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(row + 32 * b)));
        *high = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(row + 32 * b + 16)));
        return;
    }
    // ggml's nibbles: byte j holds column j (low nibble) and column j + 16 (high nibble); each
    // byte widened to 16 bits yields both with one mask and one shift.
    const __m256i bytes = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(row + 16 * b)));
    *low = _mm256_and_si256(bytes, _mm256_set1_epi16(15));
    *high = _mm256_srli_epi16(bytes, 4);
}

#define LR_PREFETCH_BYTES 2048

// `R` rows × `T` tokens. Every (row, token) output has one accumulator fed block by block in
// column order, so its value never depends on R, T, the other rows or the other tokens: results
// are bit-identical whatever the batch or the thread split.
LR_AVX2 LR_INLINE void q16_tile(const lr_weight_kind kind, const int R, const int T, const uint8_t *w,
                                long row_bytes, const float *d, const float *m, int blocks, int cols,
                                const lr_activations16 *x, int t0, float *y, int ldy) {
    __m256 acc[4][6];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < T; t++) acc[r][t] = _mm256_setzero_ps();
    const long block_bytes = kind == LR_WEIGHTS_Q8_0 ? 32 : 16;
    for (int b = 0; b < blocks; b++) {
        // A row is a few hundred bytes, too short a stream for the hardware prefetcher to learn
        // before it ends: ask for the weights and scales about 2 KB ahead of the ones used now
        // (the following rows, which the next tiles read).
        _mm_prefetch((const char *)(w + LR_PREFETCH_BYTES + b * R * block_bytes), _MM_HINT_T0);
        _mm_prefetch((const char *)(d + LR_PREFETCH_BYTES / 4 + b * R), _MM_HINT_T0);
        if (m) _mm_prefetch((const char *)(m + LR_PREFETCH_BYTES / 4 + b * R), _MM_HINT_T0);
        // Several rows share each token's scale; a single row loads it where it is used (six
        // more live registers would spill).
        __m256 token_scale[3];
        if (R > 1)
            for (int t = 0; t < T; t++) token_scale[t] = _mm256_broadcast_ss(x->s + (long)(t0 + t) * blocks + b);
        for (int r = 0; r < R; r++) {
            __m256i low, high;
            widen_block(kind, w + r * row_bytes, b, &low, &high);
            const __m256 dv = _mm256_broadcast_ss(d + (long)r * blocks + b);
            for (int t = 0; t < T; t++) {
                const int16_t *at = x->a + (long)(t0 + t) * cols + 32 * b;
                const __m256i dot = _mm256_add_epi32(_mm256_madd_epi16(low, _mm256_loadu_si256((const __m256i *)at)),
                                                     _mm256_madd_epi16(high, _mm256_loadu_si256((const __m256i *)(at + 16))));
                const __m256 ts = R > 1 ? token_scale[t] : _mm256_broadcast_ss(x->s + (long)(t0 + t) * blocks + b);
                acc[r][t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dot), _mm256_mul_ps(dv, ts), acc[r][t]);
            }
        }
    }
    for (int r = 0; r < R; r++)
        for (int t = 0; t < T; t++) {
            float total = hsum256(acc[r][t]);
            if (m) total += dot_floats(m + (long)r * blocks, x->sums + (long)(t0 + t) * blocks, blocks);
            y[(long)(t0 + t) * ldy + r] = total;
        }
}

// Rows [r0, r1) against tokens in tiles of up to 6: each widened block serves every token of the
// tile (prefill); shorter tiles take several rows at once, so enough independent sums are in
// flight (decode). Rows go in groups of 16 around the token tiles, so a group's weights stay in
// L1 while every tile of tokens passes over them.
#define LR_Q16_TILE(KIND, R, T) q16_tile(KIND, R, T, wr, row_bytes, dr, mr, blocks, cols, x, t, y + r, ldy)
#define LR_Q16_BODY(KIND)                                                                        \
    const int blocks = cols / 32;                                                                \
    const long row_bytes = lr_q16_weight_bytes(KIND, blocks);                                    \
    for (int g0 = r0; g0 < r1; g0 += 16) {                                                       \
        const int g1 = r1 - g0 < 16 ? r1 : g0 + 16;                                              \
        for (int t = 0; t < tokens; t += 6) {                                                    \
            const int T = tokens - t < 6 ? tokens - t : 6;                                       \
            const int R = T == 1 ? 4 : T <= 3 ? 2 : 1;                                           \
            for (int r = g0; r < g1;) {                                                          \
                const uint8_t *wr = w + (long)r * row_bytes;                                     \
                const float *dr = d + (long)r * blocks, *mr = m ? m + (long)r * blocks : 0;      \
                if (r + R > g1) { /* the group's last rows, one at a time */                     \
                    switch (T) {                                                                 \
                    case 1: LR_Q16_TILE(KIND, 1, 1); break;                                      \
                    case 2: LR_Q16_TILE(KIND, 1, 2); break;                                      \
                    default: LR_Q16_TILE(KIND, 1, 3); break;                                     \
                    }                                                                            \
                    r += 1;                                                                      \
                    continue;                                                                    \
                }                                                                                \
                switch (T) {                                                                     \
                case 1: LR_Q16_TILE(KIND, 4, 1); break;                                          \
                case 2: LR_Q16_TILE(KIND, 2, 2); break;                                          \
                case 3: LR_Q16_TILE(KIND, 2, 3); break;                                          \
                case 4: LR_Q16_TILE(KIND, 1, 4); break;                                          \
                case 5: LR_Q16_TILE(KIND, 1, 5); break;                                          \
                default: LR_Q16_TILE(KIND, 1, 6); break;                                         \
                }                                                                                \
                r += R;                                                                          \
            }                                                                                    \
        }                                                                                        \
    }

#define LR_Q16_KERNEL(NAME, KIND)                                                                \
    LR_AVX2 static void NAME(const uint8_t *w, const float *d, const float *m, int cols, int r0, int r1, \
                             const lr_activations16 *x, int tokens, float *y, int ldy) {         \
        LR_Q16_BODY(KIND)                                                                        \
    }
LR_Q16_KERNEL(q4_0_avx2, LR_WEIGHTS_Q4_0)
LR_Q16_KERNEL(q4_1_avx2, LR_WEIGHTS_Q4_1)
LR_Q16_KERNEL(q8_0_avx2, LR_WEIGHTS_Q8_0)
#endif

void lr_q16_matmul(lr_weight_kind kind, const uint8_t *weights, const float *scales, const float *mins, int cols,
                   int row_begin, int row_end, const lr_activations16 *x, int tokens, float *y, int ldy) {
    if (row_end <= row_begin || tokens <= 0) return;
#if LR_X86
    if (lr_kernel_level() >= 1) {
        switch (kind) {
        case LR_WEIGHTS_Q4_0: q4_0_avx2(weights, scales, mins, cols, row_begin, row_end, x, tokens, y, ldy); return;
        case LR_WEIGHTS_Q4_1: q4_1_avx2(weights, scales, mins, cols, row_begin, row_end, x, tokens, y, ldy); return;
        case LR_WEIGHTS_Q8_0: q8_0_avx2(weights, scales, mins, cols, row_begin, row_end, x, tokens, y, ldy); return;
        }
    }
#endif
    q16_matmul_c(kind, weights, scales, mins, cols, row_begin, row_end, x, tokens, y, ldy);
}
