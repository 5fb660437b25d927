// Element-wise float32 kernels; see tempme_kernels.h. Written as plain loops that clang
// vectorises; the hot ones are cloned for AVX-512 and AVX2 and picked at load time.
#include "tempme_kernels.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__clang__)
#define TM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TM_CLONES
#endif

/// exp(x) for float32 without a libm call, so loops around it vectorise: Cody-Waite range
/// reduction and Cephes' degree-6 polynomial, within about 2 ulp of expf on [-87, 88].
static inline float tm_expf(float x) {
    x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
    const float n = __builtin_rintf(x * 1.44269504088896341f);
    const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    union { int32_t i; float f; } scale = { .i = ((int32_t)n + 127) << 23 };
    return p * scale.f;
}

TM_CLONES
void tm_layer_norm(const float *x, float *out, size_t rows, size_t cols,
                   const float *gamma, const float *beta, float eps) {
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * cols;
        float *dst = out + r * cols;
        float sum = 0.0f;
        for (size_t j = 0; j < cols; j++) sum += row[j];
        const float mean = sum / (float)cols;
        float sq = 0.0f;
        for (size_t j = 0; j < cols; j++) {
            const float d = row[j] - mean;
            sq += d * d;
        }
        const float inv = 1.0f / sqrtf(sq / (float)cols + eps);
        for (size_t j = 0; j < cols; j++) dst[j] = (row[j] - mean) * inv * gamma[j] + beta[j];
    }
}

TM_CLONES
void tm_quick_gelu(float *x, size_t count) {
    for (size_t i = 0; i < count; i++) {
        const float v = x[i];
        x[i] = v / (1.0f + tm_expf(-1.702f * v));
    }
}

void tm_fill_rows(float *out, size_t rows, size_t cols, const float *bias) {
    for (size_t r = 0; r < rows; r++) memcpy(out + r * cols, bias, cols * sizeof(float));
}

TM_CLONES
void tm_add(float *a, const float *b, size_t count) {
    for (size_t i = 0; i < count; i++) a[i] += b[i];
}

TM_CLONES
void tm_softmax_rows(float *s, size_t rows, size_t cols, size_t ld,
                     const float *key_bias, const int32_t *valid_keys) {
    for (size_t r = 0; r < rows; r++) {
        float *row = s + r * ld;
        size_t valid = cols;
        if (valid_keys) {
            const int32_t v = valid_keys[r];
            valid = v < 0 ? 0 : ((size_t)v < cols ? (size_t)v : cols);
        }
        if (key_bias)
            for (size_t j = 0; j < valid; j++) row[j] += key_bias[j];
        float maxv = -INFINITY;
        for (size_t j = 0; j < valid; j++) maxv = row[j] > maxv ? row[j] : maxv;
        float sum = 0.0f;
        for (size_t j = 0; j < valid; j++) {
            const float e = tm_expf(row[j] - maxv);
            row[j] = e;
            sum += e;
        }
        const float inv = sum > 0.0f ? 1.0f / sum : 0.0f;
        for (size_t j = 0; j < valid; j++) row[j] *= inv;
        for (size_t j = valid; j < cols; j++) row[j] = 0.0f;
    }
}

void tm_l2_normalize_rows(float *x, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * cols;
        double sq = 0.0;
        for (size_t j = 0; j < cols; j++) sq += (double)row[j] * (double)row[j];
        if (sq <= 0.0) continue;
        const float inv = (float)(1.0 / sqrt(sq));
        for (size_t j = 0; j < cols; j++) row[j] *= inv;
    }
}

void tm_im2col_patches(const float *frames, float *out, size_t frames_count,
                       size_t height, size_t width, size_t patch) {
    const size_t gh = height / patch, gw = width / patch;
    const size_t rowlen = 3 * patch * patch;
    for (size_t f = 0; f < frames_count; f++) {
        const float *frame = frames + f * 3 * height * width;
        for (size_t py = 0; py < gh; py++) {
            for (size_t px = 0; px < gw; px++) {
                float *dst = out + ((f * gh + py) * gw + px) * rowlen;
                for (size_t c = 0; c < 3; c++) {
                    for (size_t ky = 0; ky < patch; ky++) {
                        const float *src = frame + (c * height + py * patch + ky) * width + px * patch;
                        memcpy(dst + (c * patch + ky) * patch, src, patch * sizeof(float));
                    }
                }
            }
        }
    }
}

void tm_mean_heads(const float *src, size_t ld, float *out, size_t rows,
                   size_t heads, size_t head_dim) {
    const float inv = 1.0f / (float)heads;
    for (size_t r = 0; r < rows; r++) {
        const float *row = src + r * ld;
        float *dst = out + r * head_dim;
        for (size_t d = 0; d < head_dim; d++) dst[d] = 0.0f;
        for (size_t h = 0; h < heads; h++)
            for (size_t d = 0; d < head_dim; d++) dst[d] += row[h * head_dim + d];
        for (size_t d = 0; d < head_dim; d++) dst[d] *= inv;
    }
}
