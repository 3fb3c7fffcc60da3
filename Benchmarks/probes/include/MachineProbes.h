#ifndef LABRUN_MACHINE_PROBES_H
#define LABRUN_MACHINE_PROBES_H

/// The machine's limits that `labrun-bench` reports its figures against, each measured by a
/// tiny loop on `threads` threads at once (one per core is what the engine uses).

/// Peak single-precision GFLOP/s of fused multiply-adds: independent chains of FMAs on the
/// widest vectors the engine's kernels use (AVX-512 when `lr_kernel_level()` is 2, else AVX2),
/// run for about `seconds`. 0 on a CPU without FMA.
double lr_probe_fma_gflops(int threads, double seconds);

/// Read bandwidth in GB/s: `threads` threads each summing its own share of a `megabytes`-MB
/// buffer (far larger than the caches), best of `rounds`.
double lr_probe_read_gbps(int threads, int megabytes, int rounds);

/// The instruction set the engine's kernels use on this CPU: "AVX-512 (VNNI)", "AVX2+FMA" or
/// "portable C".
const char *lr_probe_instruction_set(void);

#endif
