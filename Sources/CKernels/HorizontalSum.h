#ifndef LABRUN_HORIZONTAL_SUM_H
#define LABRUN_HORIZONTAL_SUM_H

// The sum of a vector's 8 floats, reduced in one fixed order (the kernels' results depend on it).
// Private to the kernel files; include it inside their `#if LR_X86` sections.
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static inline float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#endif
