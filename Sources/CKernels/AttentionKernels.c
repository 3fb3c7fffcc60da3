// Float32 causal attention for labrun's fast Llama path: portable C, with an AVX2 variant chosen
// at run time. The two round differently (the AVX2 loop multiplies by 1/total, the portable one
// divides by total), so they are kept as two loop nests rather than one body behind macros.
#include "AttentionKernels.h"
#include "KernelLevel.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define LR_X86 1
#include <immintrin.h>
#include "HorizontalSum.h"
#endif

#if LR_X86
#define LR_AVX2 __attribute__((target("avx2,fma")))

LR_AVX2 static inline float dot_avx2(const float *a, const float *b, int n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    float total = hsum256(_mm256_add_ps(acc0, acc1));
    for (; i < n; i++) total += a[i] * b[i];
    return total;
}

LR_AVX2 static inline void axpy_avx2(float alpha, const float *x, float *y, int n) {
    const __m256 a = _mm256_set1_ps(alpha);
    int i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(a, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; i++) y[i] += alpha * x[i];
}

LR_AVX2 static void attention_avx2(const float *q, const float *k, const float *v, int tokens, int first,
                                   int heads, int kv_heads, int d, int h0, int h1, float *out, float *s) {
    const int group = heads / kv_heads;
    const int kv_width = kv_heads * d;
    const float scale = 1.0f / sqrtf((float)d);
    for (int t = 0; t < tokens; t++) {
        const int visible = first + t + 1;
        for (int h = h0; h < h1; h++) {
            const int kvh = h / group;
            const float *qh = q + ((long)t * heads + h) * d;
            float maximum = -INFINITY;
            for (int p = 0; p < visible; p++) {
                s[p] = dot_avx2(qh, k + (long)p * kv_width + kvh * d, d) * scale;
                if (s[p] > maximum) maximum = s[p];
            }
            float total = 0;
            for (int p = 0; p < visible; p++) { s[p] = expf(s[p] - maximum); total += s[p]; }
            float *oh = out + ((long)t * heads + h) * d;
            memset(oh, 0, sizeof(float) * d);
            const float inverse = 1.0f / total;
            for (int p = 0; p < visible; p++) axpy_avx2(s[p] * inverse, v + (long)p * kv_width + kvh * d, oh, d);
        }
    }
}
#endif

static void attention_c(const float *q, const float *k, const float *v, int tokens, int first,
                        int heads, int kv_heads, int d, int h0, int h1, float *out, float *s) {
    const int group = heads / kv_heads;
    const int kv_width = kv_heads * d;
    const float scale = 1.0f / sqrtf((float)d);
    for (int t = 0; t < tokens; t++) {
        const int visible = first + t + 1;
        for (int h = h0; h < h1; h++) {
            const int kvh = h / group;
            const float *qh = q + ((long)t * heads + h) * d;
            float maximum = -INFINITY;
            for (int p = 0; p < visible; p++) {
                const float *kp = k + (long)p * kv_width + kvh * d;
                float dot = 0;
                for (int i = 0; i < d; i++) dot += qh[i] * kp[i];
                s[p] = dot * scale;
                if (s[p] > maximum) maximum = s[p];
            }
            float total = 0;
            for (int p = 0; p < visible; p++) { s[p] = expf(s[p] - maximum); total += s[p]; }
            float *oh = out + ((long)t * heads + h) * d;
            for (int i = 0; i < d; i++) oh[i] = 0;
            for (int p = 0; p < visible; p++) {
                const float w = s[p] / total;
                const float *vp = v + (long)p * kv_width + kvh * d;
                for (int i = 0; i < d; i++) oh[i] += w * vp[i];
            }
        }
    }
}

void lr_attention(const float *q, const float *k, const float *v, int tokens, int first,
                  int heads, int kv_heads, int d, int h0, int h1, float *out, float *scratch) {
#if LR_X86
    if (lr_kernel_level() >= 1) {
        attention_avx2(q, k, v, tokens, first, heads, kv_heads, d, h0, h1, out, scratch);
        return;
    }
#endif
    attention_c(q, k, v, tokens, first, heads, kv_heads, d, h0, h1, out, scratch);
}
