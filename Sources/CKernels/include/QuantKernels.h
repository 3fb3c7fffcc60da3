#ifndef LABRUN_QUANT_KERNELS_H
#define LABRUN_QUANT_KERNELS_H

#include <stdint.h>

/// Activations quantized to 8 bits per 32-value block, for `tokens` rows of `cols` values.
/// `q`: int8 [tokens, cols] in natural order. `qi`: the same values interleaved for 4-bit
/// weights: per pair of blocks (b, b+1), 64 bytes = x_b[0..15], x_b+1[0..15], x_b[16..31],
/// x_b+1[16..31]. `d`: scale per block [tokens, cols/32]. `ds`: d · Σ q per block. `d4`, `d8`:
/// the scales of each block pair spread over 8 lanes as the 4-bit kernel ([b×4, b+1×4]) and the
/// 8-bit kernel ([b, b, b+1, b+1, b, b, b+1, b+1]) lay out their sums [tokens, cols/32 · 4].
typedef struct {
    const int8_t *q;
    const int8_t *qi;
    const float *d;
    const float *ds;
    const float *d4;
    const float *d8;
    int cols;
} lr_activations;

/// Quantizes `tokens` rows of `cols` floats (cols a multiple of 64) into the buffers of `out`
/// (q, qi: tokens·cols bytes; d, ds: tokens·cols/32 floats; d4, d8: tokens·cols/8 floats).
void lr_quantize_activations(const float *x, int tokens, int cols,
                             int8_t *q, int8_t *qi, float *d, float *ds, float *d4, float *d8);

/// 4-bit weights (Q4_1, and Q4_0 as m = −8·d): row r has cols/2 bytes of nibbles at
/// nib + r·cols/2 (block b's 16 bytes at 16·b: low nibble j = weight j, high = weight j+16)
/// and per-block scales wd[r·cols/32 + b], minimums wm[...]. weight = q·d + m.
/// For rows [row_begin, row_end) and every token t: y[t·ldy + r] = Σ_c W[r,c]·x[t,c].
void lr_q4_matmul(const uint8_t *nib, const float *wd, const float *wm, int cols,
                  int row_begin, int row_end, const lr_activations *x, int tokens,
                  float *y, int ldy);

/// 8-bit weights (Q8_0) stored offset by 128 (unsigned byte u = q + 128), cols bytes per row,
/// scale wd per block. Same contract as `lr_q4_matmul`.
void lr_q8_matmul(const uint8_t *wq, const float *wd, int cols,
                  int row_begin, int row_end, const lr_activations *x, int tokens,
                  float *y, int ldy);

/// An IEEE half-precision value (bits) as a float, exactly (subnormals, infinities, NaN).
float lr_half_to_float(uint16_t bits);

/// The ggml block formats `lr_repack_blocks` reads, numbered as ggml's type ids.
typedef enum {
    /// 32 weights in 18 bytes: half-float scale d, 16 bytes of nibbles; weight = (q − 8)·d.
    LR_BLOCK_Q4_0 = 2,
    /// 32 weights in 20 bytes: half-float scale d and minimum m, 16 bytes of nibbles; weight = q·d + m.
    LR_BLOCK_Q4_1 = 3,
    /// 32 weights in 34 bytes: half-float scale d, 32 signed bytes; weight = q·d.
    LR_BLOCK_Q8_0 = 8,
} lr_block_type;

/// Repacks `blocks` ggml blocks of `type` at `src` for the kernels above. Q8_0 into `weights`
/// (32 bytes per block, offset by 128) and `scales`; Q4_0 / Q4_1 into `weights` (16 nibble bytes
/// per block), `scales` and `mins` (Q4_0: −8·d).
void lr_repack_blocks(const uint8_t *src, long blocks, lr_block_type type, uint8_t *weights, float *scales, float *mins);

#endif
