// Tiny loops that measure the two limits a kernel can reach: the FMA peak and the read
// bandwidth. They are written so the compiler cannot remove or merge them (every chain's result
// is used) and so nothing else limits them (10 independent chains hide the FMA latency; the
// read loop has four independent sums).
#include "MachineProbes.h"
#include "KernelLevel.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LR_X86 1
#endif

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct {
    long iterations;
    int wide;
    float result;
} fma_job;

#if LR_X86
__attribute__((target("avx2,fma"))) static float fma_chains_256(long iterations) {
    __m256 a[10];
    for (int k = 0; k < 10; k++) a[k] = _mm256_set1_ps(0.001f * (float)k);
    const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
    for (long i = 0; i < iterations; i++)
        for (int k = 0; k < 10; k++) a[k] = _mm256_fmadd_ps(a[k], m, c);
    float total = 0;
    for (int k = 0; k < 10; k++) total += _mm_cvtss_f32(_mm256_castps256_ps128(a[k]));
    return total;
}

__attribute__((target("avx512f"))) static float fma_chains_512(long iterations) {
    __m512 a[10];
    for (int k = 0; k < 10; k++) a[k] = _mm512_set1_ps(0.001f * (float)k);
    const __m512 m = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
    for (long i = 0; i < iterations; i++)
        for (int k = 0; k < 10; k++) a[k] = _mm512_fmadd_ps(a[k], m, c);
    float total = 0;
    for (int k = 0; k < 10; k++) total += _mm512_reduce_add_ps(a[k]);
    return total;
}
#endif

static void *run_fma(void *argument) {
    fma_job *job = argument;
#if LR_X86
    job->result = job->wide ? fma_chains_512(job->iterations) : fma_chains_256(job->iterations);
#endif
    return NULL;
}

double lr_probe_fma_gflops(int threads, double seconds) {
#if LR_X86
    if (lr_kernel_level() < 1 || threads < 1) return 0;
    if (threads > 64) threads = 64;
    const int wide = lr_kernel_level() >= 2, lanes = wide ? 16 : 8;
    // Calibrate on one thread, then run every thread for about `seconds`.
    long iterations = 1000000;
    fma_job calibration = {iterations, wide, 0};
    double start = seconds_now();
    run_fma(&calibration);
    const double once = seconds_now() - start;
    if (once > 0) iterations = (long)((double)iterations * seconds / once);
    if (iterations < 1000) iterations = 1000;
    fma_job jobs[64];
    pthread_t handles[64];
    start = seconds_now();
    for (int t = 0; t < threads; t++) {
        jobs[t] = (fma_job){iterations, wide, 0};
        pthread_create(&handles[t], NULL, run_fma, &jobs[t]);
    }
    for (int t = 0; t < threads; t++) pthread_join(handles[t], NULL);
    const double elapsed = seconds_now() - start;
    // 10 chains × `lanes` lanes × 2 flops per FMA.
    return (double)threads * (double)iterations * 10.0 * lanes * 2.0 / elapsed / 1e9;
#else
    (void)threads;
    (void)seconds;
    return 0;
#endif
}

typedef struct {
    const float *data;
    long count;
    float result;
} read_job;

static void *run_read(void *argument) {
    read_job *job = argument;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    // Four independent vector sums: memory, not the additions, sets the pace.
#if LR_X86
    __m128 v0 = _mm_setzero_ps(), v1 = v0, v2 = v0, v3 = v0;
    for (long i = 0; i + 16 <= job->count; i += 16) {
        v0 = _mm_add_ps(v0, _mm_load_ps(job->data + i));
        v1 = _mm_add_ps(v1, _mm_load_ps(job->data + i + 4));
        v2 = _mm_add_ps(v2, _mm_load_ps(job->data + i + 8));
        v3 = _mm_add_ps(v3, _mm_load_ps(job->data + i + 12));
    }
    s0 = _mm_cvtss_f32(v0), s1 = _mm_cvtss_f32(v1), s2 = _mm_cvtss_f32(v2), s3 = _mm_cvtss_f32(v3);
#else
    for (long i = 0; i + 4 <= job->count; i += 4) {
        s0 += job->data[i], s1 += job->data[i + 1], s2 += job->data[i + 2], s3 += job->data[i + 3];
    }
#endif
    job->result = s0 + s1 + s2 + s3;
    return NULL;
}

double lr_probe_read_gbps(int threads, int megabytes, int rounds) {
    if (threads < 1 || megabytes < 1 || rounds < 1) return 0;
    if (threads > 64) threads = 64;
    const long count = (long)megabytes * (1 << 20) / 4 / (64L * threads) * (64L * threads);
    float *data = aligned_alloc(64, (size_t)count * 4);
    if (!data) return 0;
    for (long i = 0; i < count; i++) data[i] = 1.0f;
    read_job jobs[64];
    pthread_t handles[64];
    double best = 0;
    for (int round = 0; round < rounds; round++) {
        const double start = seconds_now();
        for (int t = 0; t < threads; t++) {
            jobs[t] = (read_job){data + count / threads * t, count / threads, 0};
            pthread_create(&handles[t], NULL, run_read, &jobs[t]);
        }
        for (int t = 0; t < threads; t++) pthread_join(handles[t], NULL);
        const double rate = (double)count * 4 / (seconds_now() - start) / 1e9;
        if (rate > best) best = rate;
    }
    free(data);
    return best;
}

const char *lr_probe_instruction_set(void) {
    switch (lr_kernel_level()) {
    case 2: return "AVX-512 (VNNI)";
    case 1: return "AVX2+FMA";
    default: return "portable C";
    }
}
