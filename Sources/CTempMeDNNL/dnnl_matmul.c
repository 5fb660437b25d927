// See tempme_dnnl.h.
#include "tempme_dnnl.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <oneapi/dnnl/dnnl.h>

struct tm_dnnl_matmul {
    tm_dnnl_format format;
    size_t m, n, k;
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    dnnl_primitive_t prim;
    dnnl_memory_t src, wei, bias, dst;
    float *row_scales;  // int8: per-row activation scale
    float *w_scales;    // int8: per-channel weight scale
};

#define TRY(call, what)                                                                      \
    do {                                                                                     \
        dnnl_status_t st_ = (call);                                                          \
        if (st_ != dnnl_success) {                                                           \
            if (error) snprintf(error, error_len, "%s failed: oneDNN status %d%s", what, (int)st_, \
                                st_ == dnnl_unimplemented ? " (unimplemented on this CPU)" : ""); \
            goto fail;                                                                       \
        }                                                                                    \
    } while (0)

static uint16_t to_bf16(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    u += 0x7FFF + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

tm_dnnl_matmul *tm_dnnl_matmul_create(tm_dnnl_format format, size_t m, size_t n, size_t k,
                                      const float *w, const float *bias,
                                      char *impl, size_t impl_len, char *error, size_t error_len) {
    tm_dnnl_matmul *mm = calloc(1, sizeof *mm);
    dnnl_primitive_desc_t pd = NULL, rpd = NULL;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_primitive_t reorder = NULL;
    dnnl_memory_t wplain = NULL;
    void *wtmp = NULL;
    mm->format = format; mm->m = m; mm->n = n; mm->k = k;
    TRY(dnnl_engine_create(&mm->engine, dnnl_cpu, 0), "engine");
    TRY(dnnl_stream_create(&mm->stream, mm->engine, dnnl_stream_default_flags), "stream");
    dnnl_data_type_t st = format == TM_DNNL_F32 ? dnnl_f32 : format == TM_DNNL_S8S8 ? dnnl_s8
                        : format == TM_DNNL_U8S8 ? dnnl_u8 : dnnl_bf16;
    dnnl_data_type_t wt = format == TM_DNNL_F32 ? dnnl_f32 : format == TM_DNNL_BF16 ? dnnl_bf16 : dnnl_s8;
    dnnl_memory_desc_t src_md, wei_md, wei_plain_md, bias_md, dst_md;
    dnnl_dims_t sd = {(dnnl_dim_t)m, (dnnl_dim_t)k}, wd = {(dnnl_dim_t)k, (dnnl_dim_t)n},
                dd = {(dnnl_dim_t)m, (dnnl_dim_t)n}, bd = {1, (dnnl_dim_t)n};
    TRY(dnnl_memory_desc_init_by_tag(&src_md, 2, sd, st, dnnl_ab), "src md");
    TRY(dnnl_memory_desc_init_by_tag(&wei_md, 2, wd, wt, dnnl_format_tag_any), "weights md");
    TRY(dnnl_memory_desc_init_by_tag(&wei_plain_md, 2, wd, wt, dnnl_ba), "plain weights md");
    TRY(dnnl_memory_desc_init_by_tag(&bias_md, 2, bd, dnnl_f32, dnnl_ab), "bias md");
    TRY(dnnl_memory_desc_init_by_tag(&dst_md, 2, dd, dnnl_f32, dnnl_ab), "dst md");
    dnnl_matmul_desc_t desc;
    TRY(dnnl_matmul_desc_init(&desc, &src_md, &wei_md, bias ? &bias_md : NULL, &dst_md), "matmul desc");
    TRY(dnnl_primitive_attr_create(&attr), "attr");
    // Weights in [n, k] as the model stores them, converted to the weights type.
    size_t welems = n * k, wbytes = welems * (wt == dnnl_f32 ? 4 : wt == dnnl_bf16 ? 2 : 1);
    wtmp = malloc(wbytes);
    if (format == TM_DNNL_S8S8 || format == TM_DNNL_U8S8) {
        mm->w_scales = malloc(n * sizeof(float));
        mm->row_scales = malloc(m * sizeof(float));
        for (size_t j = 0; j < n; j++) {
            float mx = 0;
            for (size_t i = 0; i < k; i++) mx = fmaxf(mx, fabsf(w[j * k + i]));
            mm->w_scales[j] = mx > 0 ? mx / 127.0f : 0.0f;
            const float inv = mx > 0 ? 127.0f / mx : 0.0f;
            for (size_t i = 0; i < k; i++) ((int8_t *)wtmp)[j * k + i] = (int8_t)rintf(w[j * k + i] * inv);
        }
        TRY(dnnl_primitive_attr_set_output_scales(attr, (dnnl_dim_t)n, 1 << 1, mm->w_scales), "output scales");
        if (format == TM_DNNL_U8S8) {
            const int32_t zp = 128;
            TRY(dnnl_primitive_attr_set_zero_points(attr, DNNL_ARG_SRC, 1, 0, &zp), "src zero point");
        }
    } else if (format == TM_DNNL_BF16) {
        for (size_t i = 0; i < welems; i++) ((uint16_t *)wtmp)[i] = to_bf16(w[i]);
    } else {
        memcpy(wtmp, w, wbytes);
    }
    TRY(dnnl_primitive_desc_create(&pd, &desc, attr, mm->engine, NULL), "matmul primitive desc");
    const char *name = NULL;
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name);
    if (impl) snprintf(impl, impl_len, "%s", name ? name : "?");
    const dnnl_memory_desc_t *chosen = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    TRY(dnnl_memory_create(&wplain, &wei_plain_md, mm->engine, wtmp), "plain weights");
    TRY(dnnl_memory_create(&mm->wei, chosen, mm->engine, DNNL_MEMORY_ALLOCATE), "weights");
    TRY(dnnl_reorder_primitive_desc_create(&rpd, &wei_plain_md, mm->engine, chosen, mm->engine, NULL), "reorder desc");
    TRY(dnnl_primitive_create(&reorder, rpd), "reorder");
    dnnl_exec_arg_t rargs[2] = {{DNNL_ARG_FROM, wplain}, {DNNL_ARG_TO, mm->wei}};
    TRY(dnnl_primitive_execute(reorder, mm->stream, 2, rargs), "reorder run");
    TRY(dnnl_stream_wait(mm->stream), "wait");
    TRY(dnnl_memory_create(&mm->src, &src_md, mm->engine, DNNL_MEMORY_ALLOCATE), "src");
    TRY(dnnl_memory_create(&mm->dst, &dst_md, mm->engine, DNNL_MEMORY_ALLOCATE), "dst");
    if (bias) {
        TRY(dnnl_memory_create(&mm->bias, &bias_md, mm->engine, DNNL_MEMORY_ALLOCATE), "bias");
        void *bp;
        dnnl_memory_get_data_handle(mm->bias, &bp);
        memcpy(bp, bias, n * sizeof(float));
    }
    TRY(dnnl_primitive_create(&mm->prim, pd), "matmul");
    dnnl_primitive_destroy(reorder);
    dnnl_primitive_desc_destroy(rpd);
    dnnl_primitive_desc_destroy(pd);
    dnnl_primitive_attr_destroy(attr);
    dnnl_memory_destroy(wplain);
    free(wtmp);
    return mm;
fail:
    if (reorder) dnnl_primitive_destroy(reorder);
    if (rpd) dnnl_primitive_desc_destroy(rpd);
    if (pd) dnnl_primitive_desc_destroy(pd);
    if (attr) dnnl_primitive_attr_destroy(attr);
    if (wplain) dnnl_memory_destroy(wplain);
    free(wtmp);
    tm_dnnl_matmul_destroy(mm);
    return NULL;
}

const float *tm_dnnl_matmul_run(tm_dnnl_matmul *mm, const float *x) {
    void *sp, *dp;
    dnnl_memory_get_data_handle(mm->src, &sp);
    dnnl_memory_get_data_handle(mm->dst, &dp);
    const size_t m = mm->m, k = mm->k, n = mm->n;
    switch (mm->format) {
    case TM_DNNL_F32: memcpy(sp, x, m * k * sizeof(float)); break;
    case TM_DNNL_BF16:
        for (size_t i = 0; i < m * k; i++) ((uint16_t *)sp)[i] = to_bf16(x[i]);
        break;
    case TM_DNNL_S8S8:
    case TM_DNNL_U8S8:
        for (size_t r = 0; r < m; r++) {
            float mx = 0;
            for (size_t i = 0; i < k; i++) mx = fmaxf(mx, fabsf(x[r * k + i]));
            mm->row_scales[r] = mx > 0 ? mx / 127.0f : 0.0f;
            const float inv = mx > 0 ? 127.0f / mx : 0.0f;
            if (mm->format == TM_DNNL_S8S8)
                for (size_t i = 0; i < k; i++) ((int8_t *)sp)[r * k + i] = (int8_t)rintf(x[r * k + i] * inv);
            else
                for (size_t i = 0; i < k; i++) ((uint8_t *)sp)[r * k + i] = (uint8_t)(rintf(x[r * k + i] * inv) + 128.0f);
        }
        break;
    }
    dnnl_exec_arg_t args[4] = {{DNNL_ARG_SRC, mm->src}, {DNNL_ARG_WEIGHTS, mm->wei}, {DNNL_ARG_DST, mm->dst}, {DNNL_ARG_BIAS, mm->bias}};
    if (dnnl_primitive_execute(mm->prim, mm->stream, mm->bias ? 4 : 3, args) != dnnl_success) return NULL;
    if (dnnl_stream_wait(mm->stream) != dnnl_success) return NULL;
    if (mm->row_scales) {
        // oneDNN 2.6 scales the output per channel only; the per-row activation scale goes on after.
        // (With a bias this would scale the bias too; the benchmark measures the product without one.)
        float *y = dp;
        for (size_t r = 0; r < m; r++)
            for (size_t j = 0; j < n; j++) y[r * n + j] *= mm->row_scales[r];
    }
    return dp;
}

int tm_dnnl_set_threads(int count) {
    // oneDNN runs on libgomp (loaded with libdnnl), which reads OMP_NUM_THREADS when it loads:
    // too early to set from main, so set the calling thread's count directly.
    void (*set)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (!set) return -1;
    set(count);
    return 0;
}

void tm_dnnl_matmul_destroy(tm_dnnl_matmul *mm) {
    if (!mm) return;
    if (mm->prim) dnnl_primitive_destroy(mm->prim);
    if (mm->src) dnnl_memory_destroy(mm->src);
    if (mm->wei) dnnl_memory_destroy(mm->wei);
    if (mm->bias) dnnl_memory_destroy(mm->bias);
    if (mm->dst) dnnl_memory_destroy(mm->dst);
    if (mm->stream) dnnl_stream_destroy(mm->stream);
    if (mm->engine) dnnl_engine_destroy(mm->engine);
    free(mm->row_scales);
    free(mm->w_scales);
    free(mm);
}
