#ifndef LABRUN_KERNEL_LEVEL_H
#define LABRUN_KERNEL_LEVEL_H

/// Which instruction set the kernels use: 0 portable C, 1 AVX2+FMA, 2 AVX-512 VNNI.
int lr_kernel_level(void);
/// Forces a lower level on the calling thread only (tests compare levels); a level the CPU
/// lacks is clamped down.
void lr_set_kernel_level(int level);

#endif
