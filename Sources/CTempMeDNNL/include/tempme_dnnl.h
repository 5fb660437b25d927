// oneDNN (libdnnl, Debian's libdnnl-dev) matmul behind a small C API, for the precision
// microbenchmark only: the engine does not link oneDNN (docs/precision.md says why). Each handle
// owns a primitive for one shape and format, its weights (reordered once into oneDNN's preferred
// layout), and its source and destination buffers.
#pragma once
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Number formats of a matmul: source x weights, float32 destination.
typedef enum {
    TM_DNNL_F32 = 0,   ///< f32 x f32
    TM_DNNL_S8S8 = 1,  ///< s8 x s8, per-row activation scale, per-channel weight scale
    TM_DNNL_U8S8 = 2,  ///< u8 (s8 + 128, zero point 128) x s8
    TM_DNNL_BF16 = 3,  ///< bf16 x bf16
} tm_dnnl_format;

typedef struct tm_dnnl_matmul tm_dnnl_matmul;

/// y [m, n] = x [m, k] @ w[n, k]^T + bias in `format`. Returns NULL with a message in `error` when
/// oneDNN has no implementation (e.g. bf16 without AVX512-BF16/AMX); `impl` receives the name of
/// the implementation oneDNN picked (its ISA path).
tm_dnnl_matmul *tm_dnnl_matmul_create(tm_dnnl_format format, size_t m, size_t n, size_t k,
                                      const float *w, const float *bias,
                                      char *impl, size_t impl_len, char *error, size_t error_len);

/// Runs one product from float32 x [m, k], including the conversion of x to the source format
/// (dynamic per-row quantization for int8) and the per-row dequantization; returns y [m, n]
/// (owned by the handle) or NULL on error.
const float *tm_dnnl_matmul_run(tm_dnnl_matmul *mm, const float *x);

void tm_dnnl_matmul_destroy(tm_dnnl_matmul *mm);

/// Sets the OpenMP thread count oneDNN uses for calls from this thread; -1 if libgomp is absent.
int tm_dnnl_set_threads(int count);

#ifdef __cplusplus
}
#endif
