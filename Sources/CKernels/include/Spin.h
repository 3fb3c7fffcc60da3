#ifndef LABRUN_SPIN_H
#define LABRUN_SPIN_H

/// Tells the CPU that the calling thread is busy-waiting (x86 `pause`, ARM `yield`): the other
/// hyper-thread of the core gets its resources and the wait uses less power. Swift cannot emit
/// these instructions itself; `ComputePool` calls it while its workers wait for the next job.
static inline void lr_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
