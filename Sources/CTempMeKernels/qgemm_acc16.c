// Experimental int8 GEMM with int16 accumulation (see tempme_qgemm.h): measured by
// tempme-precision-bench against the exact kernel; the engine does not use it (docs/precision.md).
#include "tempme_qgemm.h"
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF

static inline size_t up(size_t x, size_t to) { return (x + to - 1) / to * to; }

size_t tm_q8w_packed_bytes(size_t n, size_t k) { return up(n, 16) * up(k, 16); }
size_t tm_q8w_row_stride(size_t k) { return up(k, 16); }

void tm_q8w_pack_weights(const float *w, size_t n, size_t k, int qmax, int8_t *packed, float *scales) {
    const size_t kq = up(k, 16) / 4;  // groups of 4 inputs
    memset(packed, 0, tm_q8w_packed_bytes(n, k));
    for (size_t j = 0; j < n; j++) {
        float maxabs = 0.0f;
        for (size_t i = 0; i < k; i++) maxabs = fabsf(w[j * k + i]) > maxabs ? fabsf(w[j * k + i]) : maxabs;
        scales[j] = maxabs > 0 ? maxabs / (float)qmax : 0.0f;
        const float inv = maxabs > 0 ? (float)qmax / maxabs : 0.0f;
        for (size_t i = 0; i < k; i++) {
            float q = __builtin_rintf(w[j * k + i] * inv);
            q = q > qmax ? qmax : (q < -qmax ? -qmax : q);
            // panel j/16; group i/4; half (j%16)/8 holds 8 channels x 4 inputs
            const size_t off = (j / 16) * kq * 64 + (i / 4) * 64 + ((j % 16) / 8) * 32 + (j % 8) * 4 + i % 4;
            packed[off] = (int8_t)q;
        }
    }
}

void tm_q8w_quantize_rows(const float *x, size_t rows, size_t k, size_t ldx, int8_t *xq, float *scales) {
    const size_t stride = tm_q8w_row_stride(k);
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * ldx;
        float maxabs = 0.0f;
        for (size_t i = 0; i < k; i++) maxabs = fabsf(row[i]) > maxabs ? fabsf(row[i]) : maxabs;
        scales[r] = maxabs > 0 ? maxabs / 127.0f : 0.0f;
        const float inv = maxabs > 0 ? 127.0f / maxabs : 0.0f;
        for (size_t i = 0; i < k; i++) {
            float q = __builtin_rintf(row[i] * inv);
            q = q > 127.0f ? 127.0f : (q < -127.0f ? -127.0f : q);
            xq[r * stride + i] = (int8_t)q;
        }
        for (size_t i = k; i < stride; i++) xq[r * stride + i] = 0;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"), always_inline))
static inline void tile(size_t rows, size_t groups, int steps, const int8_t *a, size_t lda, const int8_t *w, int32_t *out) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i acc[4][2];
    for (int r = 0; r < 4; r++) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
    for (size_t g0 = 0; g0 < groups; g0 += (size_t)steps) {
        __m256i s[4][2];
        for (int r = 0; r < 4; r++) s[r][0] = s[r][1] = _mm256_setzero_si256();
        for (int t = 0; t < steps; t++) {
            const size_t g = g0 + (size_t)t;
            const __m256i w0 = _mm256_loadu_si256((const __m256i *)(w + g * 64));
            const __m256i w1 = _mm256_loadu_si256((const __m256i *)(w + g * 64 + 32));
            for (size_t r = 0; r < 4; r++) {
                if (r < rows) {
                    int32_t quad;
                    memcpy(&quad, a + r * lda + g * 4, 4);
                    const __m256i x = _mm256_set1_epi32(quad);
                    const __m256i ax = _mm256_sign_epi8(x, x);
                    s[r][0] = _mm256_add_epi16(s[r][0], _mm256_maddubs_epi16(ax, _mm256_sign_epi8(w0, x)));
                    s[r][1] = _mm256_add_epi16(s[r][1], _mm256_maddubs_epi16(ax, _mm256_sign_epi8(w1, x)));
                }
            }
        }
        for (size_t r = 0; r < 4; r++) {
            if (r < rows) {
                acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(s[r][0], ones));
                acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(s[r][1], ones));
            }
        }
    }
    for (size_t r = 0; r < rows; r++) {
        _mm256_storeu_si256((__m256i *)(out + r * 16), acc[r][0]);
        _mm256_storeu_si256((__m256i *)(out + r * 16 + 8), acc[r][1]);
    }
}

__attribute__((target("avx2")))
static void gemm(size_t m, size_t n, size_t k, const int8_t *xq, const float *xs, const int8_t *packed,
                 const float *ws, const float *bias, float *out, size_t ldo, int steps) {
    const size_t stride = tm_q8w_row_stride(k), groups = stride / 4;
    int32_t acc[4 * 16];
    for (size_t m0 = 0; m0 < m; m0 += 96) {
        const size_t m1 = m - m0 < 96 ? m : m0 + 96;
        for (size_t j0 = 0; j0 < n; j0 += 16) {
            const int8_t *w = packed + (j0 / 16) * groups * 64;
            const size_t cols = n - j0 < 16 ? n - j0 : 16;
            for (size_t r0 = m0; r0 < m1; r0 += 4) {
                const size_t rows = m1 - r0 < 4 ? m1 - r0 : 4;
                const int8_t *a = xq + r0 * stride;
                if (steps == 4) {
                    switch (rows) {
                    case 4: tile(4, groups, 4, a, stride, w, acc); break;
                    case 3: tile(3, groups, 4, a, stride, w, acc); break;
                    case 2: tile(2, groups, 4, a, stride, w, acc); break;
                    default: tile(1, groups, 4, a, stride, w, acc); break;
                    }
                } else {
                    switch (rows) {
                    case 4: tile(4, groups, 2, a, stride, w, acc); break;
                    case 3: tile(3, groups, 2, a, stride, w, acc); break;
                    case 2: tile(2, groups, 2, a, stride, w, acc); break;
                    default: tile(1, groups, 2, a, stride, w, acc); break;
                    }
                }
                // Channel order inside a tile: 0-7 from the first half (lanes hold channel c's
                // 4-input sums in lane c after vpmaddwd), 8-15 from the second.
                for (size_t r = 0; r < rows; r++)
                    for (size_t c = 0; c < cols; c++)
                        out[(r0 + r) * ldo + j0 + c] = (bias ? bias[j0 + c] : 0.0f) + (float)acc[r * 16 + c] * (xs[r0 + r] * ws[j0 + c]);
            }
        }
    }
}
#endif

void tm_q8w_gemm(size_t m, size_t n, size_t k, const int8_t *xq, const float *xscales,
                 const int8_t *packed, const float *wscales, const float *bias, float *out, size_t ldo, int steps) {
#if defined(__x86_64__)
    gemm(m, n, k, xq, xscales, packed, wscales, bias, out, ldo, steps == 4 ? 4 : 2);
#endif
}

// ---------------------------------------------------------------------------------------------
// Unsigned-offset variant (6-bit weights, no vpsignb): pair sums <= 2 * 255 * 31 = 15810, two
// steps <= 31620, so int16 accumulation over two groups of 4 inputs is exact.

void tm_q8u_pack_weights(const float *w, size_t n, size_t k, int8_t *packed, float *scales, int32_t *offsets) {
    tm_q8w_pack_weights(w, n, k, 31, packed, scales);
    const size_t kq = up(k, 16) / 4;
    for (size_t j = 0; j < n; j++) {
        int32_t sum = 0;
        for (size_t i = 0; i < k; i++)
            sum += packed[(j / 16) * kq * 64 + (i / 4) * 64 + ((j % 16) / 8) * 32 + (j % 8) * 4 + i % 4];
        offsets[j] = 128 * sum;
    }
}

void tm_q8u_quantize_rows(const float *x, size_t rows, size_t k, size_t ldx, uint8_t *xq, float *scales) {
    const size_t stride = tm_q8w_row_stride(k);
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * ldx;
        float maxabs = 0.0f;
        for (size_t i = 0; i < k; i++) maxabs = fabsf(row[i]) > maxabs ? fabsf(row[i]) : maxabs;
        scales[r] = maxabs > 0 ? maxabs / 127.0f : 0.0f;
        const float inv = maxabs > 0 ? 127.0f / maxabs : 0.0f;
        for (size_t i = 0; i < k; i++) {
            float q = __builtin_rintf(row[i] * inv);
            q = q > 127.0f ? 127.0f : (q < -127.0f ? -127.0f : q);
            xq[r * stride + i] = (uint8_t)((int)q + 128);
        }
        for (size_t i = k; i < stride; i++) xq[r * stride + i] = 128;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"), always_inline))
static inline void tile_u(size_t rows, size_t groups, const uint8_t *a, size_t lda, const int8_t *w, int32_t *out) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i acc[4][2];
    for (int r = 0; r < 4; r++) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
    for (size_t g = 0; g < groups; g += 2) {
        const __m256i w00 = _mm256_loadu_si256((const __m256i *)(w + g * 64));
        const __m256i w01 = _mm256_loadu_si256((const __m256i *)(w + g * 64 + 32));
        const __m256i w10 = _mm256_loadu_si256((const __m256i *)(w + g * 64 + 64));
        const __m256i w11 = _mm256_loadu_si256((const __m256i *)(w + g * 64 + 96));
        for (size_t r = 0; r < 4; r++) {
            if (r < rows) {
                int32_t q0, q1;
                memcpy(&q0, a + r * lda + g * 4, 4);
                memcpy(&q1, a + r * lda + g * 4 + 4, 4);
                const __m256i x0 = _mm256_set1_epi32(q0), x1 = _mm256_set1_epi32(q1);
                const __m256i s0 = _mm256_add_epi16(_mm256_maddubs_epi16(x0, w00), _mm256_maddubs_epi16(x1, w10));
                const __m256i s1 = _mm256_add_epi16(_mm256_maddubs_epi16(x0, w01), _mm256_maddubs_epi16(x1, w11));
                acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(s0, ones));
                acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(s1, ones));
            }
        }
    }
    for (size_t r = 0; r < rows; r++) {
        _mm256_storeu_si256((__m256i *)(out + r * 16), acc[r][0]);
        _mm256_storeu_si256((__m256i *)(out + r * 16 + 8), acc[r][1]);
    }
}

__attribute__((target("avx2")))
static void gemm_u(size_t m, size_t n, size_t k, const uint8_t *xq, const float *xs, const int8_t *packed,
                   const float *ws, const int32_t *offsets, const float *bias, float *out, size_t ldo) {
    const size_t stride = tm_q8w_row_stride(k), groups = stride / 4;
    int32_t acc[4 * 16];
    for (size_t m0 = 0; m0 < m; m0 += 96) {
        const size_t m1 = m - m0 < 96 ? m : m0 + 96;
        for (size_t j0 = 0; j0 < n; j0 += 16) {
            const int8_t *w = packed + (j0 / 16) * groups * 64;
            const size_t cols = n - j0 < 16 ? n - j0 : 16;
            for (size_t r0 = m0; r0 < m1; r0 += 4) {
                const size_t rows = m1 - r0 < 4 ? m1 - r0 : 4;
                const uint8_t *a = xq + r0 * stride;
                switch (rows) {
                case 4: tile_u(4, groups, a, stride, w, acc); break;
                case 3: tile_u(3, groups, a, stride, w, acc); break;
                case 2: tile_u(2, groups, a, stride, w, acc); break;
                default: tile_u(1, groups, a, stride, w, acc); break;
                }
                for (size_t r = 0; r < rows; r++)
                    for (size_t c = 0; c < cols; c++)
                        out[(r0 + r) * ldo + j0 + c] = (bias ? bias[j0 + c] : 0.0f)
                            + (float)(acc[r * 16 + c] - offsets[j0 + c]) * (xs[r0 + r] * ws[j0 + c]);
            }
        }
    }
}
#endif

void tm_q8u_gemm(size_t m, size_t n, size_t k, const uint8_t *xq, const float *xscales, const int8_t *packed,
                 const float *wscales, const int32_t *offsets, const float *bias, float *out, size_t ldo) {
#if defined(__x86_64__)
    gemm_u(m, n, k, xq, xscales, packed, wscales, offsets, bias, out, ldo);
#endif
}
