#ifndef LABRUN_DENSE_KERNELS_H
#define LABRUN_DENSE_KERNELS_H

/// Float32 matrix product against a weight kept in PyTorch's `nn.Linear` layout, without the
/// packing copy a BLAS makes of the weight on every call:
///
///   y[i·ldy + j] = Σ_p x[i·ldx + p] · w[j·k + p]   for rows i < m, outputs j in [n0, n1).
///
/// `x` is `[m, k]` with row stride `ldx ≥ k`, `w` is `[n, k]` row-major (one output per row),
/// `y` is `[m, ldy]`. Each output is one dot product summed in a fixed order that depends only on
/// `k` and the instruction set, so a row's result never depends on `m`, `n0` or `n1`: splitting
/// the outputs between threads, or a row between batches, gives bit-identical values.
/// AVX-512 (4 weight rows × 6 input rows per register tile), AVX2+FMA (4 × 3) or portable C,
/// chosen by `lr_kernel_level` (levels 2, 1, 0, with its per-thread override for tests).
void lr_sgemm_nt(const float *x, int m, int ldx, const float *w, int k, int n0, int n1, float *y, int ldy);

#endif
