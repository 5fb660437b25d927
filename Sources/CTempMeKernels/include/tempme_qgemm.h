// Reduced-precision GEMM and CPU feature detection: int8 weights (per output channel scale,
// quantized once at load) times int8 activations (per row scale, quantized per call), exact int32
// accumulation, dequantized to float32 with the bias. One AVX2 kernel and a portable scalar one
// that computes the same integers; the caller picks with tm_cpu_features().
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// CPU features reported by cpuid (and, for AVX/AVX-512/AMX state, enabled by the OS in XCR0).
enum {
    TM_CPU_AVX2 = 1u << 0,
    TM_CPU_FMA = 1u << 1,
    TM_CPU_F16C = 1u << 2,
    TM_CPU_AVX512F = 1u << 3,
    TM_CPU_AVX512BW = 1u << 4,
    TM_CPU_AVX512_VNNI = 1u << 5,
    TM_CPU_AVX512_BF16 = 1u << 6,
    TM_CPU_AVX_VNNI = 1u << 7,
    TM_CPU_AMX_TILE = 1u << 8,
    TM_CPU_AMX_INT8 = 1u << 9,
    TM_CPU_AMX_BF16 = 1u << 10,
};

/// The TM_CPU_* bits this CPU and OS support.
uint32_t tm_cpu_features(void);

/// Output channels per packed weight panel.
#define TM_Q8_PANEL 16

/// Bytes of a packed int8 weight matrix of n output channels by k inputs.
size_t tm_q8_packed_bytes(size_t n, size_t k);

/// Quantizes w [n, k] (row-major, one row per output channel) symmetrically per row:
/// scales[j] = max|w[j, :]| / 127, q = rint(w * (127 / max|w[j, :]|)) clamped to [-127, 127]
/// (a zero row has scale 0 and q 0). Writes q in the kernel's panel layout (16 channels by k pairs,
/// zero padded) to `packed` (tm_q8_packed_bytes(n, k) bytes).
void tm_q8_pack_weights(const float *w, size_t n, size_t k, int8_t *packed, float *scales);

/// Reads back channel j, input i of a packed matrix (for tests).
int8_t tm_q8_packed_at(const int8_t *packed, size_t n, size_t k, size_t j, size_t i);

/// int16 values per row of quantized activations: k rounded up to even.
size_t tm_q8_row_stride(size_t k);

/// Quantizes rows of x [rows, k] (leading dimension ldx) per row, as tm_q8_pack_weights does per
/// channel, into xq [rows, tm_q8_row_stride(k)] as int16 (values within [-127, 127], zero padded).
void tm_q8_quantize_rows(const float *x, size_t rows, size_t k, size_t ldx, int16_t *xq, float *scales);

/// out[r, j] = bias[j] + (float)(sum_i xq[r, i] * wq[j, i]) * (xscales[r] * wscales[j]) for r < m,
/// j < n; bias may be NULL (0). `out` has leading dimension ldo. Uses the AVX2 kernel when
/// `use_avx2` is nonzero (the caller checks TM_CPU_AVX2), else the scalar one; both give the
/// same int32 sums.
void tm_q8_gemm(size_t m, size_t n, size_t k, const int16_t *xq, const float *xscales,
                const int8_t *packed, const float *wscales, const float *bias,
                float *out, size_t ldo, int use_avx2);

#ifdef __cplusplus
}
#endif

// ---------------------------------------------------------------------------------------------
// Experimental (microbenchmark only, not used by the engine): u8 x s8 products with vpmaddubsw and
// int16 accumulation over `steps` groups of 4 inputs before widening, exact only because the
// weights have fewer bits: |q| <= 63 for steps 2 ("w7"), |q| <= 31 for steps 4 ("w6"). Activations
// keep 8 bits (|q| <= 127; the sign of each activation moves onto the weight with vpsignb).

/// Bytes of a packed matrix for tm_q8w_gemm (n rounded up to 16, k up to 16).
size_t tm_q8w_packed_bytes(size_t n, size_t k);
/// Quantizes w [n, k] per channel to |q| <= qmax (63 or 31) in tm_q8w_gemm's layout.
void tm_q8w_pack_weights(const float *w, size_t n, size_t k, int qmax, int8_t *packed, float *scales);
/// int8 values per activation row: k rounded up to 16.
size_t tm_q8w_row_stride(size_t k);
/// Quantizes rows to int8 (|q| <= 127) with stride tm_q8w_row_stride(k), zero padded.
void tm_q8w_quantize_rows(const float *x, size_t rows, size_t k, size_t ldx, int8_t *xq, float *scales);
/// out = bias + float(sum) * (x scale * w scale) with the AVX2 vpmaddubsw kernel; steps 2 or 4 must
/// match the weights' qmax (63 or 31). Needs AVX2.
void tm_q8w_gemm(size_t m, size_t n, size_t k, const int8_t *xq, const float *xscales,
                 const int8_t *packed, const float *wscales, const float *bias, float *out, size_t ldo, int steps);

/// Experimental variant without vpsignb: activations offset to unsigned (q + 128, 8 bits) and
/// 6-bit weights (|q| <= 31), two vpmaddubsw steps per widening; the offset is removed with
/// 128 * sum(weights) per channel (`offsets`, n int32 written at pack time). Needs AVX2.
void tm_q8u_pack_weights(const float *w, size_t n, size_t k, int8_t *packed, float *scales, int32_t *offsets);
/// Quantizes rows to q + 128 as uint8 (stride tm_q8w_row_stride(k), padding 128 = zero).
void tm_q8u_quantize_rows(const float *x, size_t rows, size_t k, size_t ldx, uint8_t *xq, float *scales);
void tm_q8u_gemm(size_t m, size_t n, size_t k, const uint8_t *xq, const float *xscales, const int8_t *packed,
                 const float *wscales, const int32_t *offsets, const float *bias, float *out, size_t ldo);
