// int8 GEMM (see tempme_qgemm.h). The AVX2 kernel multiplies int16 pairs with vpmaddwd:
// activations are int8 values held as int16 (one 32-bit broadcast covers two inputs), weights are
// stored as int8 and sign-extended to int16 as they are loaded (vpmovsxbw). No products saturate
// (vpmaddubsw's int16 pair sums would, for two full-range int8 operands), so the int32 sums are
// exact and equal to the scalar kernel's. Blocking: 6 rows x 16 channels of int32 accumulators in
// registers over all of k; 96-row blocks share a weight panel.
#include "tempme_qgemm.h"
#include <math.h>

// Dequantization is a multiply then an add, never a fused multiply-add, in every kernel: the AVX2
// and scalar kernels then agree bit for bit, and with numpy.
#pragma STDC FP_CONTRACT OFF
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#if defined(__x86_64__) && defined(__clang__)
#define TM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TM_CLONES
#endif

// ---------------------------------------------------------------------------------------------
// CPU features

#if defined(__x86_64__)
static uint64_t tm_xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}
#endif

uint32_t tm_cpu_features(void) {
    uint32_t bits = 0;
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    const uint64_t xcr0 = tm_xgetbv0();
    const int ymm_state = (xcr0 & 0x6) == 0x6;
    const int zmm_state = ymm_state && (xcr0 & 0xE0) == 0xE0;
    const int amx_state = (xcr0 & (3u << 17)) == (3u << 17);
    if (!ymm_state) return 0;
    if ((c >> 12) & 1) bits |= TM_CPU_FMA;
    if ((c >> 29) & 1) bits |= TM_CPU_F16C;
    unsigned max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf < 7) return bits;
    __cpuid_count(7, 0, a, b, c, d);
    const unsigned leaf7_max_sub = a;
    if ((b >> 5) & 1) bits |= TM_CPU_AVX2;
    if (zmm_state) {
        if ((b >> 16) & 1) bits |= TM_CPU_AVX512F;
        if ((b >> 30) & 1) bits |= TM_CPU_AVX512BW;
        if ((c >> 11) & 1) bits |= TM_CPU_AVX512_VNNI;
    }
    if (amx_state) {
        if ((d >> 22) & 1) bits |= TM_CPU_AMX_BF16;
        if ((d >> 24) & 1) bits |= TM_CPU_AMX_TILE;
        if ((d >> 25) & 1) bits |= TM_CPU_AMX_INT8;
    }
    if (leaf7_max_sub >= 1) {
        __cpuid_count(7, 1, a, b, c, d);
        if ((a >> 4) & 1) bits |= TM_CPU_AVX_VNNI;
        if (zmm_state && ((a >> 5) & 1)) bits |= TM_CPU_AVX512_BF16;
    }
#endif
    return bits;
}

// ---------------------------------------------------------------------------------------------
// Quantization

static inline size_t tm_round_up(size_t x, size_t to) { return (x + to - 1) / to * to; }

size_t tm_q8_row_stride(size_t k) { return tm_round_up(k, 2); }

size_t tm_q8_packed_bytes(size_t n, size_t k) {
    return tm_round_up(n, TM_Q8_PANEL) * tm_round_up(k, 2);
}

/// 127 / max|v| (0 for a zero row) and the scale max|v| / 127, both in float32.
static inline float tm_q8_inverse(float maxabs, float *scale) {
    if (!(maxabs > 0.0f)) { *scale = 0.0f; return 0.0f; }
    *scale = maxabs / 127.0f;
    return 127.0f / maxabs;
}

static inline int32_t tm_q8_round(float v, float inv) {
    float q = __builtin_rintf(v * inv);
    q = q > 127.0f ? 127.0f : (q < -127.0f ? -127.0f : q);
    return (int32_t)q;
}

static inline size_t tm_q8_offset(size_t k, size_t j, size_t i) {
    const size_t kp = tm_round_up(k, 2) / 2;
    return (j / TM_Q8_PANEL) * (kp * 2 * TM_Q8_PANEL) + (i / 2) * (2 * TM_Q8_PANEL) + (j % TM_Q8_PANEL) * 2 + (i % 2);
}

void tm_q8_pack_weights(const float *w, size_t n, size_t k, int8_t *packed, float *scales) {
    memset(packed, 0, tm_q8_packed_bytes(n, k));
    for (size_t j = 0; j < n; j++) {
        const float *row = w + j * k;
        float maxabs = 0.0f;
        for (size_t i = 0; i < k; i++) maxabs = fabsf(row[i]) > maxabs ? fabsf(row[i]) : maxabs;
        const float inv = tm_q8_inverse(maxabs, &scales[j]);
        for (size_t i = 0; i < k; i++) packed[tm_q8_offset(k, j, i)] = (int8_t)tm_q8_round(row[i], inv);
    }
}

int8_t tm_q8_packed_at(const int8_t *packed, size_t n, size_t k, size_t j, size_t i) {
    (void)n;
    return packed[tm_q8_offset(k, j, i)];
}

TM_CLONES
void tm_q8_quantize_rows(const float *x, size_t rows, size_t k, size_t ldx, int16_t *xq, float *scales) {
    const size_t stride = tm_q8_row_stride(k);
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * ldx;
        int16_t *dst = xq + r * stride;
        float maxabs = 0.0f;
        for (size_t i = 0; i < k; i++) {
            const float a = fabsf(row[i]);
            maxabs = a > maxabs ? a : maxabs;
        }
        const float inv = tm_q8_inverse(maxabs, &scales[r]);
        for (size_t i = 0; i < k; i++) {
            float q = __builtin_rintf(row[i] * inv);
            q = q > 127.0f ? 127.0f : (q < -127.0f ? -127.0f : q);
            dst[i] = (int16_t)q;
        }
        for (size_t i = k; i < stride; i++) dst[i] = 0;
    }
}

// ---------------------------------------------------------------------------------------------
// GEMM

/// Writes a tile of `rows` x `cols` dequantized sums: bias + sum * (x scale * w scale).
static inline void tm_q8_store(const int32_t *acc, size_t rows, size_t cols, const float *xs,
                               const float *ws, const float *bias, float *out, size_t ldo) {
    for (size_t r = 0; r < rows; r++) {
        float *dst = out + r * ldo;
        for (size_t c = 0; c < cols; c++)
            dst[c] = (bias ? bias[c] : 0.0f) + (float)acc[r * TM_Q8_PANEL + c] * (xs[r] * ws[c]);
    }
}

static void tm_q8_gemm_scalar(size_t m, size_t n, size_t k, const int16_t *xq, const float *xs,
                              const int8_t *packed, const float *ws, const float *bias, float *out, size_t ldo) {
    const size_t stride = tm_q8_row_stride(k), kp = stride / 2;
    int32_t acc[TM_Q8_PANEL];
    for (size_t r = 0; r < m; r++) {
        for (size_t j0 = 0; j0 < n; j0 += TM_Q8_PANEL) {
            const int8_t *panel = packed + (j0 / TM_Q8_PANEL) * kp * 2 * TM_Q8_PANEL;
            const size_t cols = n - j0 < TM_Q8_PANEL ? n - j0 : TM_Q8_PANEL;
            for (size_t c = 0; c < TM_Q8_PANEL; c++) acc[c] = 0;
            for (size_t p = 0; p < kp; p++) {
                const int32_t a0 = xq[r * stride + 2 * p], a1 = xq[r * stride + 2 * p + 1];
                const int8_t *w = panel + p * 2 * TM_Q8_PANEL;
                for (size_t c = 0; c < TM_Q8_PANEL; c++) acc[c] += a0 * w[2 * c] + a1 * w[2 * c + 1];
            }
            tm_q8_store(acc, 1, cols, xs + r, ws + j0, bias ? bias + j0 : NULL, out + r * ldo + j0, ldo);
        }
    }
}

#if defined(__x86_64__)
/// rows (1...6) x 16 channels over `pairs` k pairs: a rows of stride `lda` int16, w a panel slice.
__attribute__((target("avx2"), always_inline))
static inline void tm_q8_tile_avx2(size_t rows, size_t pairs, const int16_t *a, size_t lda,
                                   const int8_t *w, int32_t *acc_out) {
    __m256i acc[6][2];
    for (size_t r = 0; r < 6; r++) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
    for (size_t p = 0; p < pairs; p++) {
        const __m256i w0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + p * 32)));
        const __m256i w1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + p * 32 + 16)));
        for (size_t r = 0; r < 6; r++) {
            if (r < rows) {
                int32_t pair;
                memcpy(&pair, a + r * lda + 2 * p, sizeof pair);
                const __m256i x = _mm256_set1_epi32(pair);
                acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(x, w0));
                acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(x, w1));
            }
        }
    }
    for (size_t r = 0; r < rows; r++) {
        // Channels 0-7 come from w0, 8-15 from w1, each in order.
        _mm256_storeu_si256((__m256i *)(acc_out + r * TM_Q8_PANEL), acc[r][0]);
        _mm256_storeu_si256((__m256i *)(acc_out + r * TM_Q8_PANEL + 8), acc[r][1]);
    }
}

/// Dequantizes a 6 x 16 (or fewer rows) tile with AVX2, in the scalar store's order of operations.
__attribute__((target("avx2")))
static inline void tm_q8_store_avx2(const int32_t *acc, size_t rows, const float *xs, const float *ws,
                                    const float *bias, float *out, size_t ldo) {
    const __m256 ws0 = _mm256_loadu_ps(ws), ws1 = _mm256_loadu_ps(ws + 8);
    const __m256 b0 = bias ? _mm256_loadu_ps(bias) : _mm256_setzero_ps();
    const __m256 b1 = bias ? _mm256_loadu_ps(bias + 8) : _mm256_setzero_ps();
    for (size_t r = 0; r < rows; r++) {
        const __m256 s = _mm256_set1_ps(xs[r]);
        float *dst = out + r * ldo;
        const __m256 v0 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)(acc + r * 16))), _mm256_mul_ps(s, ws0));
        const __m256 v1 = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)(acc + r * 16 + 8))), _mm256_mul_ps(s, ws1));
        _mm256_storeu_ps(dst, _mm256_add_ps(b0, v0));
        _mm256_storeu_ps(dst + 8, _mm256_add_ps(b1, v1));
    }
}

__attribute__((target("avx2,fma")))
static void tm_q8_gemm_avx2(size_t m, size_t n, size_t k, const int16_t *xq, const float *xs,
                            const int8_t *packed, const float *ws, const float *bias, float *out, size_t ldo) {
    // Each tile runs over all of k, so its int32 sums are complete and dequantized once (results equal
    // the scalar kernel's bit for bit). The tile is bound by the multiplier (one vpmaddwd per cycle on
    // Zen 3), not by memory: per k pair it reads 32 bytes of weights and 24 of activations from L2.
    const size_t stride = tm_q8_row_stride(k), kp = stride / 2;
    const size_t row_block = 96;  // rows sharing a weight panel while it is hot in L2
    int32_t acc[6 * TM_Q8_PANEL];
    for (size_t m0 = 0; m0 < m; m0 += row_block) {
        const size_t m1 = m - m0 < row_block ? m : m0 + row_block;
        for (size_t j0 = 0; j0 < n; j0 += TM_Q8_PANEL) {
            const int8_t *w = packed + (j0 / TM_Q8_PANEL) * kp * 2 * TM_Q8_PANEL;
            const size_t cols = n - j0 < TM_Q8_PANEL ? n - j0 : TM_Q8_PANEL;
            const float *b = bias ? bias + j0 : NULL;
            for (size_t r0 = m0; r0 < m1; r0 += 6) {
                const size_t rows = m1 - r0 < 6 ? m1 - r0 : 6;
                const int16_t *a = xq + r0 * stride;
                switch (rows) {
                case 6: tm_q8_tile_avx2(6, kp, a, stride, w, acc); break;
                case 5: tm_q8_tile_avx2(5, kp, a, stride, w, acc); break;
                case 4: tm_q8_tile_avx2(4, kp, a, stride, w, acc); break;
                case 3: tm_q8_tile_avx2(3, kp, a, stride, w, acc); break;
                case 2: tm_q8_tile_avx2(2, kp, a, stride, w, acc); break;
                default: tm_q8_tile_avx2(1, kp, a, stride, w, acc); break;
                }
                if (cols == TM_Q8_PANEL)
                    tm_q8_store_avx2(acc, rows, xs + r0, ws + j0, b, out + r0 * ldo + j0, ldo);
                else
                    tm_q8_store(acc, rows, cols, xs + r0, ws + j0, b, out + r0 * ldo + j0, ldo);
            }
        }
    }
}
#endif

void tm_q8_gemm(size_t m, size_t n, size_t k, const int16_t *xq, const float *xscales,
                const int8_t *packed, const float *wscales, const float *bias,
                float *out, size_t ldo, int use_avx2) {
    if (m == 0 || n == 0) return;
    if (k == 0) {
        for (size_t r = 0; r < m; r++)
            for (size_t j = 0; j < n; j++) out[r * ldo + j] = bias ? bias[j] : 0.0f;
        return;
    }
#if defined(__x86_64__)
    if (use_avx2) { tm_q8_gemm_avx2(m, n, k, xq, xscales, packed, wscales, bias, out, ldo); return; }
#else
    (void)use_avx2;
#endif
    tm_q8_gemm_scalar(m, n, k, xq, xscales, packed, wscales, bias, out, ldo);
}
