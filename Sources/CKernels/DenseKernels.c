// Float32 products against nn.Linear-layout weights for the BERT encoder: every weight row is
// read straight from where the checkpoint put it, with no packing copy per call. Portable C, with
// AVX2 and AVX-512 variants chosen at run time.
#include "DenseKernels.h"
#include "KernelLevel.h"

#if defined(__x86_64__) || defined(__i386__)
#define LR_X86 1
#include <immintrin.h>
#endif

// Inputs are taken in chunks of rows small enough to stay in the 1 MiB L2 cache while every
// weight row of the range passes over them (about 384 KiB of inputs per chunk).
static int rows_per_chunk(int k, int tile) {
    int rows = 98304 / (k > 0 ? k : 1) / tile * tile;
    return rows < tile ? tile : rows;
}

// ---------------------------------------------------------------------------------------------
// Portable reference: one dot product per output, summed in order.

static void sgemm_nt_c(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy) {
    for (int i = 0; i < m; i++) {
        const float *xi = x + (long)i * ldx;
        for (int j = n0; j < n1; j++) {
            const float *wj = w + (long)j * k;
            float sum = 0;
            for (int p = 0; p < k; p++) sum += xi[p] * wj[p];
            y[(long)i * ldy + j] = sum;
        }
    }
}

#if LR_X86
#define LR_AVX2 __attribute__((target("avx2,fma")))
#define LR_AVX512 __attribute__((target("avx2,fma,avx512f")))
#define LR_INLINE static inline __attribute__((always_inline))

// Stores the first `valid` of four sums at y.
LR_INLINE void store_sums(float *y, __m128 sums, int valid) {
    if (valid == 4) {
        _mm_storeu_ps(y, sums);
        return;
    }
    float lanes[4];
    _mm_storeu_ps(lanes, sums);
    for (int r = 0; r < valid; r++) y[r] = lanes[r];
}

// ---------------------------------------------------------------------------------------------
// AVX-512: a tile of 4 weight rows × `mr` (≤ 6) input rows keeps 24 accumulators in registers;
// each step loads 4 weight vectors and `mr` input vectors for 4·mr fused multiply-adds.

// [Σa, Σb, Σc, Σd]; each vector is reduced by the same tree whatever the other three hold.
LR_AVX512 LR_INLINE __m128 sum4_512(__m512 a, __m512 b, __m512 c, __m512 d) {
    const __m512 ab = _mm512_add_ps(_mm512_shuffle_f32x4(a, b, 0x44), _mm512_shuffle_f32x4(a, b, 0xEE));
    const __m512 cd = _mm512_add_ps(_mm512_shuffle_f32x4(c, d, 0x44), _mm512_shuffle_f32x4(c, d, 0xEE));
    __m512 s = _mm512_add_ps(_mm512_shuffle_f32x4(ab, cd, 0x88), _mm512_shuffle_f32x4(ab, cd, 0xDD));
    // Each 128-bit lane now holds four partial sums of one of a, b, c, d.
    s = _mm512_add_ps(s, _mm512_permute_ps(s, 0x4E));
    s = _mm512_add_ps(s, _mm512_permute_ps(s, 0xB1));
    const __m512i firsts = _mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    return _mm512_castps512_ps128(_mm512_permutexvar_ps(firsts, s));
}

LR_AVX512 LR_INLINE void tile_512(const float *x, int ldx, const int mr, const float *const w[4], int k,
                                  float *y, int ldy, int valid) {
    __m512 acc[6][4];
    for (int i = 0; i < 6; i++)
        for (int r = 0; r < 4; r++) acc[i][r] = _mm512_setzero_ps();
    int p = 0;
    for (; p + 16 <= k; p += 16) {
        const __m512 w0 = _mm512_loadu_ps(w[0] + p), w1 = _mm512_loadu_ps(w[1] + p);
        const __m512 w2 = _mm512_loadu_ps(w[2] + p), w3 = _mm512_loadu_ps(w[3] + p);
        for (int i = 0; i < 6; i++) {
            if (i >= mr) break;
            const __m512 v = _mm512_loadu_ps(x + (long)i * ldx + p);
            acc[i][0] = _mm512_fmadd_ps(w0, v, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(w1, v, acc[i][1]);
            acc[i][2] = _mm512_fmadd_ps(w2, v, acc[i][2]);
            acc[i][3] = _mm512_fmadd_ps(w3, v, acc[i][3]);
        }
    }
    // The k % 16 tail on its own: masking every step is measurably slower (docs/performance.md).
    if (p < k) {
        const __mmask16 tail = (__mmask16)((1u << (k - p)) - 1);
        const __m512 w0 = _mm512_maskz_loadu_ps(tail, w[0] + p), w1 = _mm512_maskz_loadu_ps(tail, w[1] + p);
        const __m512 w2 = _mm512_maskz_loadu_ps(tail, w[2] + p), w3 = _mm512_maskz_loadu_ps(tail, w[3] + p);
        for (int i = 0; i < 6; i++) {
            if (i >= mr) break;
            const __m512 v = _mm512_maskz_loadu_ps(tail, x + (long)i * ldx + p);
            acc[i][0] = _mm512_fmadd_ps(w0, v, acc[i][0]);
            acc[i][1] = _mm512_fmadd_ps(w1, v, acc[i][1]);
            acc[i][2] = _mm512_fmadd_ps(w2, v, acc[i][2]);
            acc[i][3] = _mm512_fmadd_ps(w3, v, acc[i][3]);
        }
    }
    for (int i = 0; i < mr; i++) store_sums(y + (long)i * ldy, sum4_512(acc[i][0], acc[i][1], acc[i][2], acc[i][3]), valid);
}

// The loops both instruction sets share: input rows in chunks that stay in L2, weight rows in
// groups of four (a short group repeats its last row and keeps only the valid sums), and the
// chunk's input rows in tiles of `TILE` rows, each handed to `CALL_TILE(mr)` with `xi`, `yi`,
// `rows` and `valid` in scope.
#define LR_SGEMM_LOOPS(TILE, CALL_TILE)                                                          \
    const int chunk = rows_per_chunk(k, TILE);                                                   \
    for (int i0 = 0; i0 < m; i0 += chunk) {                                                      \
        const int i1 = m - i0 < chunk ? m : i0 + chunk;                                          \
        for (int j = n0; j < n1; j += 4) {                                                       \
            const int valid = n1 - j < 4 ? n1 - j : 4;                                           \
            const float *rows[4];                                                                \
            for (int r = 0; r < 4; r++) rows[r] = w + (long)(j + (r < valid ? r : valid - 1)) * k; \
            for (int i = i0; i < i1; i += TILE) {                                                \
                const float *xi = x + (long)i * ldx;                                             \
                float *yi = y + (long)i * ldy + j;                                               \
                CALL_TILE(i1 - i < TILE ? i1 - i : TILE);                                        \
            }                                                                                    \
        }                                                                                        \
    }

// Each tile height gets its own inlined copy, with the loops over input rows unrolled.
#define LR_TILE_512(mr)                                                                          \
    switch (mr) {                                                                                \
    case 6: tile_512(xi, ldx, 6, rows, k, yi, ldy, valid); break;                                \
    case 5: tile_512(xi, ldx, 5, rows, k, yi, ldy, valid); break;                                \
    case 4: tile_512(xi, ldx, 4, rows, k, yi, ldy, valid); break;                                \
    case 3: tile_512(xi, ldx, 3, rows, k, yi, ldy, valid); break;                                \
    case 2: tile_512(xi, ldx, 2, rows, k, yi, ldy, valid); break;                                \
    default: tile_512(xi, ldx, 1, rows, k, yi, ldy, valid); break;                               \
    }

LR_AVX512 static void sgemm_nt_512(const float *x, int m, int ldx, const float *w, int k, int n0, int n1,
                                   float *y, int ldy) {
    LR_SGEMM_LOOPS(6, LR_TILE_512)
}

// ---------------------------------------------------------------------------------------------
// AVX2: 4 weight rows × `mr` (≤ 3) input rows, 12 accumulators; the k % 8 tail is added after
// the vector sums, in order.

LR_AVX2 LR_INLINE __m128 sum4_256(__m256 a, __m256 b, __m256 c, __m256 d) {
    const __m256 s = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));
    return _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
}

LR_AVX2 LR_INLINE void tile_256(const float *x, int ldx, const int mr, const float *const w[4], int k,
                                float *y, int ldy, int valid) {
    __m256 acc[3][4];
    for (int i = 0; i < 3; i++)
        for (int r = 0; r < 4; r++) acc[i][r] = _mm256_setzero_ps();
    int p = 0;
    for (; p + 8 <= k; p += 8) {
        __m256 v[3];
        for (int i = 0; i < 3; i++) {
            if (i >= mr) break;
            v[i] = _mm256_loadu_ps(x + (long)i * ldx + p);
        }
        for (int r = 0; r < 4; r++) {
            const __m256 wr = _mm256_loadu_ps(w[r] + p);
            for (int i = 0; i < 3; i++) {
                if (i >= mr) break;
                acc[i][r] = _mm256_fmadd_ps(wr, v[i], acc[i][r]);
            }
        }
    }
    for (int i = 0; i < mr; i++) {
        float sums[4];
        _mm_storeu_ps(sums, sum4_256(acc[i][0], acc[i][1], acc[i][2], acc[i][3]));
        const float *xi = x + (long)i * ldx;
        for (int r = 0; r < valid; r++) {
            float total = sums[r];
            for (int q = p; q < k; q++) total += xi[q] * w[r][q];
            y[(long)i * ldy + r] = total;
        }
    }
}

#define LR_TILE_256(mr)                                                                          \
    switch (mr) {                                                                                \
    case 3: tile_256(xi, ldx, 3, rows, k, yi, ldy, valid); break;                                \
    case 2: tile_256(xi, ldx, 2, rows, k, yi, ldy, valid); break;                                \
    default: tile_256(xi, ldx, 1, rows, k, yi, ldy, valid); break;                               \
    }

LR_AVX2 static void sgemm_nt_256(const float *x, int m, int ldx, const float *w, int k, int n0, int n1,
                                 float *y, int ldy) {
    LR_SGEMM_LOOPS(3, LR_TILE_256)
}
#endif

void lr_sgemm_nt(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy) {
    if (m <= 0 || n1 <= n0) return;
#if LR_X86
    switch (lr_kernel_level()) {
    case 2: sgemm_nt_512(x, m, ldx, w, k, n0, n1, y, ldy); return;
    case 1: sgemm_nt_256(x, m, ldx, w, k, n0, n1, y, ldy); return;
    default: break;
    }
#endif
    sgemm_nt_c(x, m, ldx, w, k, n0, n1, y, ldy);
}
