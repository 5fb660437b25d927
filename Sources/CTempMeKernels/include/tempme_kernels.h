// Element-wise float32 kernels for the encoder: the only non-BLAS numeric code that touches raw
// buffers. Every function works on contiguous row-major data and never allocates.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// out[r, :] = (x[r, :] - mean) / sqrt(var + eps) * gamma + beta, for each of `rows` rows of `cols`.
void tm_layer_norm(const float *x, float *out, size_t rows, size_t cols,
                   const float *gamma, const float *beta, float eps);

/// x = x * sigmoid(1.702 x), in place (CLIP's QuickGELU).
void tm_quick_gelu(float *x, size_t count);

/// out[r, :] = bias[:] for each row: the starting value of a GEMM with beta = 1.
void tm_fill_rows(float *out, size_t rows, size_t cols, const float *bias);

/// a += b, element-wise.
void tm_add(float *a, const float *b, size_t count);

/// Row softmax of s (`rows` x `cols`, leading dimension `ld`), in place. key_bias (may be NULL)
/// is added to column j of every row first; valid_keys (may be NULL) limits row r to its first
/// valid_keys[r] columns, the rest become 0.
void tm_softmax_rows(float *s, size_t rows, size_t cols, size_t ld,
                     const float *key_bias, const int32_t *valid_keys);

/// Divides each row of x by its L2 norm (rows of zeros stay zero).
void tm_l2_normalize_rows(float *x, size_t rows, size_t cols);

/// Patch extraction for a stride-p convolution without bias: frames [f, 3, h, w] ->
/// out [f * (h/p) * (w/p), 3 * p * p], each row ordered (channel, ky, kx) like conv1.weight.
void tm_im2col_patches(const float *frames, float *out, size_t frames_count,
                       size_t height, size_t width, size_t patch);

/// Mean over `heads` head slices of width head_dim: src rows of stride ld, out [rows, head_dim].
void tm_mean_heads(const float *src, size_t ld, float *out, size_t rows,
                   size_t heads, size_t head_dim);

#ifdef __cplusplus
}
#endif
