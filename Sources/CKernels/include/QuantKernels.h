#ifndef LABRUN_QUANT_KERNELS_H
#define LABRUN_QUANT_KERNELS_H

#include <stdint.h>

/// The weight formats with fast kernels, numbered as ggml's type ids.
typedef enum {
    /// 32 weights in 18 bytes: half-float scale d, 16 bytes of nibbles; weight = (q − 8)·d.
    LR_WEIGHTS_Q4_0 = 2,
    /// 32 weights in 20 bytes: half-float scale d and minimum m, 16 bytes of nibbles; weight = q·d + m.
    LR_WEIGHTS_Q4_1 = 3,
    /// 32 weights in 34 bytes: half-float scale d, 32 signed bytes; weight = q·d.
    LR_WEIGHTS_Q8_0 = 8,
} lr_weight_kind;

/// Bytes of repacked weights for `blocks` blocks of 32 weights: 16 a block (4-bit), 32 (8-bit).
long lr_q16_weight_bytes(lr_weight_kind kind, long blocks);

/// Repacks `blocks` ggml blocks of `kind` at `src` (rows laid end to end) for `lr_q16_matmul`:
/// the quantized values into `weights` (4-bit: each block's 16 nibble bytes as ggml stores
/// them; 8-bit: the 32 signed bytes), the scales d as floats into `scales` and, for the 4-bit
/// kinds, the minimums into `mins` (Q4_1: m; Q4_0: −8·d, so that weight = q·d + m for both).
void lr_q16_repack(const uint8_t *src, long blocks, lr_weight_kind kind, uint8_t *weights, float *scales, float *mins);

/// Activations `[tokens, cols]` rounded per block of 32 to 16-bit integers: value j of block b
/// of token t is a[t·cols + 32b + j]·s[t·cols/32 + b]; `sums` holds each block's Σ of the
/// float32 values (what the minimums multiply).
typedef struct {
    const int16_t *a;
    const float *s;
    const float *sums;
} lr_activations16;

/// Fills `a` (tokens·cols values), `s` and `sums` (tokens·cols/32 each) from `tokens` rows of
/// `cols` floats (a multiple of 32) at stride `ldx`: s = max|x| / 32767 per block, a = x / s
/// rounded to nearest (ties to even).
void lr_q16_activations(const float *x, int tokens, int cols, int ldx, int16_t *a, float *s, float *sums);

/// y[t·ldy + r] = Σ_c W[r, c] · x[t, c] for rows r in [row_begin, row_end) and tokens t <
/// `tokens`, with W repacked by `lr_q16_repack` (`cols` weights a row, a multiple of 32) and x
/// from `lr_q16_activations`; `mins` is NULL for Q8_0.
///
/// Per block: d·s·(exact integer Σ q·a), plus m·Σ x. Each output's float sums run in a fixed order
/// that depends only on `cols` and the instruction set: a token's result never depends on the
/// other tokens, the rows asked for, or the thread split. AVX2+FMA (also used on AVX-512
/// machines) or portable C, chosen by `lr_kernel_level`.
void lr_q16_matmul(lr_weight_kind kind, const uint8_t *weights, const float *scales, const float *mins, int cols,
                   int row_begin, int row_end, const lr_activations16 *x, int tokens, float *y, int ldy);

/// An IEEE half-precision value (bits) as a float, exactly (subnormals, infinities, NaN).
float lr_half_to_float(uint16_t bits);

#endif
