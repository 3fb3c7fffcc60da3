// The instruction set the kernels dispatch on, detected once per call from the CPU's flags and
// lowered per thread when a test forces a level.
#include "KernelLevel.h"

#if defined(__x86_64__) || defined(__i386__)
#define LR_X86 1
#endif

static _Thread_local int forced_level = 99;

static int cpu_level(void) {
#if LR_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma")) return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
#endif
    return 0;
}

int lr_kernel_level(void) {
    int level = cpu_level();
    return level < forced_level ? level : forced_level;
}

void lr_set_kernel_level(int level) { forced_level = level; }
