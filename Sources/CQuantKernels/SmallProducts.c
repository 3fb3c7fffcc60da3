// Float products for a few rows of input (one sentence): y = x·Wᵀ or y = x·W without packing W.
// OpenBLAS copies (packs) the whole weight before multiplying, which for a handful of rows costs
// as much as the product itself; here each weight value is read from memory once and the few
// input rows stay in L1.
#include "QuantKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#define LR_SMALL_X86 1
#include <immintrin.h>
#endif

static void small_nt_c(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy) {
    for (int n = n0; n < n1; n++) {
        const float *wr = w + (long)n * k;
        for (int i = 0; i < m; i++) {
            const float *xr = x + (long)i * ldx;
            float sum = 0;
            for (int j = 0; j < k; j++) sum += xr[j] * wr[j];
            y[(long)i * ldy + n] = sum;
        }
    }
}

static void small_nn_c(const float *x, int m, int ldx, const float *w, int ldw, int k, int n0, int n1, float *y, int ldy) {
    for (int i = 0; i < m; i++)
        for (int n = n0; n < n1; n++) y[(long)i * ldy + n] = 0;
    for (int j = 0; j < k; j++) {
        const float *wr = w + (long)j * ldw;
        for (int i = 0; i < m; i++) {
            const float a = x[(long)i * ldx + j];
            float *yr = y + (long)i * ldy;
            for (int n = n0; n < n1; n++) yr[n] += a * wr[n];
        }
    }
}

#if LR_SMALL_X86
__attribute__((target("avx2,fma"))) static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Two weight rows against up to four input rows per pass: each loaded weight vector serves four
// multiply-adds, each input vector two.
__attribute__((target("avx2,fma")))
static void small_nt_avx2(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy) {
    const int k8 = k / 8 * 8;
    int n = n0;
    for (; n + 2 <= n1; n += 2) {
        const float *wa = w + (long)n * k, *wb = wa + k;
        for (int i = 0; i < m; i += 4) {
            const int rows = m - i < 4 ? m - i : 4;
            __m256 a[4], b[4];
            for (int r = 0; r < 4; r++) { a[r] = _mm256_setzero_ps(); b[r] = _mm256_setzero_ps(); }
            const float *xr[4];
            for (int r = 0; r < 4; r++) xr[r] = x + (long)(i + (r < rows ? r : 0)) * ldx;
            for (int j = 0; j < k8; j += 8) {
                const __m256 va = _mm256_loadu_ps(wa + j), vb = _mm256_loadu_ps(wb + j);
                for (int r = 0; r < 4; r++) {
                    const __m256 v = _mm256_loadu_ps(xr[r] + j);
                    a[r] = _mm256_fmadd_ps(v, va, a[r]);
                    b[r] = _mm256_fmadd_ps(v, vb, b[r]);
                }
            }
            for (int r = 0; r < rows; r++) {
                float sa = hsum8(a[r]), sb = hsum8(b[r]);
                for (int j = k8; j < k; j++) { sa += xr[r][j] * wa[j]; sb += xr[r][j] * wb[j]; }
                y[(long)(i + r) * ldy + n] = sa;
                y[(long)(i + r) * ldy + n + 1] = sb;
            }
        }
    }
    if (n < n1) small_nt_c(x, m, ldx, w, k, n, n1, y, ldy);
}

// Four weight rows j..j+3 at a time are multiplied into each output row, which stays in L1:
// every load and store of the output serves four multiply-adds; eight outputs at a time.
__attribute__((target("avx2,fma")))
static void small_nn_avx2(const float *x, int m, int ldx, const float *w, int ldw, int k, int n0, int n1, float *y, int ldy) {
    const int width = n1 - n0, w8 = width / 8 * 8, k4 = k / 4 * 4;
    for (int i = 0; i < m; i++)
        for (int n = n0; n < n1; n++) y[(long)i * ldy + n] = 0;
    for (int j = 0; j < k4; j += 4) {
        const float *w0 = w + (long)j * ldw + n0, *w1 = w0 + ldw, *w2 = w1 + ldw, *w3 = w2 + ldw;
        for (int i = 0; i < m; i++) {
            const float *xr = x + (long)i * ldx + j;
            const __m256 a0 = _mm256_set1_ps(xr[0]), a1 = _mm256_set1_ps(xr[1]);
            const __m256 a2 = _mm256_set1_ps(xr[2]), a3 = _mm256_set1_ps(xr[3]);
            float *yr = y + (long)i * ldy + n0;
            int c = 0;
            for (; c < w8; c += 8) {
                __m256 acc = _mm256_loadu_ps(yr + c);
                acc = _mm256_fmadd_ps(a0, _mm256_loadu_ps(w0 + c), acc);
                acc = _mm256_fmadd_ps(a1, _mm256_loadu_ps(w1 + c), acc);
                acc = _mm256_fmadd_ps(a2, _mm256_loadu_ps(w2 + c), acc);
                acc = _mm256_fmadd_ps(a3, _mm256_loadu_ps(w3 + c), acc);
                _mm256_storeu_ps(yr + c, acc);
            }
            for (; c < width; c++) yr[c] += xr[0] * w0[c] + xr[1] * w1[c] + xr[2] * w2[c] + xr[3] * w3[c];
        }
    }
    for (int j = k4; j < k; j++) {
        const float *wr = w + (long)j * ldw + n0;
        for (int i = 0; i < m; i++) {
            const float a = x[(long)i * ldx + j];
            float *yr = y + (long)i * ldy + n0;
            for (int c = 0; c < width; c++) yr[c] += a * wr[c];
        }
    }
}
#endif

void lr_small_product_nt(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy) {
    if (m <= 0 || n0 >= n1) return;
#if LR_SMALL_X86
    if (lr_kernel_level() >= 1) { small_nt_avx2(x, m, ldx, w, k, n0, n1, y, ldy); return; }
#endif
    small_nt_c(x, m, ldx, w, k, n0, n1, y, ldy);
}

void lr_small_product_nn(const float *x, int m, int ldx, const float *w, int ldw, int k, int n0, int n1, float *y, int ldy) {
    if (m <= 0 || n0 >= n1) return;
#if LR_SMALL_X86
    if (lr_kernel_level() >= 1) { small_nn_avx2(x, m, ldx, w, ldw, k, n0, n1, y, ldy); return; }
#endif
    small_nn_c(x, m, ldx, w, ldw, k, n0, n1, y, ldy);
}
