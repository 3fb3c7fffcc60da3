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

/// Which instruction set the kernels use: 0 portable C, 1 AVX2+FMA, 2 AVX-512 VNNI.
int lr_kernel_level(void);
/// Forces a lower level on the calling thread only (tests compare levels); a level the CPU
/// lacks is clamped down.
void lr_set_kernel_level(int level);

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

/// Repacks `blocks` ggml blocks at `src` for the kernels above. `type` 8: Q8_0 (34-byte blocks)
/// into `weights` (32 bytes per block, offset by 128) and `scales`; `type` 2 / 3: Q4_0 (18 bytes)
/// / Q4_1 (20 bytes) into `weights` (16 nibble bytes per block), `scales` and `mins` (Q4_0: −8·d).
void lr_repack_blocks(const uint8_t *src, long blocks, int type, uint8_t *weights, float *scales, float *mins);

/// Causal grouped-query attention for heads [head_begin, head_end): queries q [tokens, heads·d]
/// at positions first..first+tokens−1; keys/values [first+tokens, kv_heads·d]. Writes
/// out [tokens, heads·d]. `scratch` holds first+tokens floats.
void lr_attention(const float *q, const float *k, const float *v, int tokens, int first,
                  int heads, int kv_heads, int d, int head_begin, int head_end,
                  float *out, float *scratch);

#endif
