#ifndef LABRUN_ATTENTION_KERNELS_H
#define LABRUN_ATTENTION_KERNELS_H

/// Causal grouped-query attention for heads [head_begin, head_end): queries q [tokens, heads·d]
/// at positions first..first+tokens−1; keys/values [first+tokens, kv_heads·d]. Writes
/// out [tokens, heads·d]. `scratch` holds first+tokens floats.
void lr_attention(const float *q, const float *k, const float *v, int tokens, int first,
                  int heads, int kv_heads, int d, int head_begin, int head_end,
                  float *out, float *scratch);

#endif
