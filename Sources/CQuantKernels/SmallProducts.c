// Float products for a few rows of input (one sentence): y = x·Wᵀ without packing W. OpenBLAS
// copies (packs) the whole weight before multiplying, which for a handful of rows costs as much as
// the product itself; here each weight value is read from memory once and the few input rows stay
// in L1.
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

#endif

void lr_small_product_nt(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy) {
    if (m <= 0 || n0 >= n1) return;
#if LR_SMALL_X86
    if (lr_kernel_level() >= 1) { small_nt_avx2(x, m, ldx, w, k, n0, n1, y, ldy); return; }
#endif
    small_nt_c(x, m, ldx, w, k, n0, n1, y, ldy);
}
