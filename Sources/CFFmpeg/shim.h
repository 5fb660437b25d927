// FFmpeg's libraries (Debian's libav*-dev). Macros Swift cannot import become inline functions here.
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/avutil.h>
#include <libavutil/imgutils.h>
#include <libavutil/display.h>
#include <libavutil/error.h>

/// AVERROR(EAGAIN), which Swift cannot import as a macro.
static inline int tempme_averror_eagain(void) { return AVERROR(EAGAIN); }
/// AVERROR_EOF, which Swift cannot import as a macro.
static inline int tempme_averror_eof(void) { return AVERROR_EOF; }
/// AVERROR_EXIT, returned by I/O callbacks to abort (deadline passed, upload failed).
static inline int tempme_averror_exit(void) { return AVERROR_EXIT; }
/// AVERROR_INVALIDDATA, which Swift cannot import as a macro.
static inline int tempme_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
/// AV_NOPTS_VALUE, which Swift cannot import as a macro.
static inline int64_t tempme_nopts_value(void) { return AV_NOPTS_VALUE; }

/// Counter-clockwise rotation (degrees) from the stream's display matrix, or 0 when it has none.
static inline double tempme_stream_rotation(const AVStream *stream) {
    size_t size = 0;
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!matrix || size < 9 * sizeof(int32_t)) return 0;
    double theta = av_display_rotation_get((const int32_t *)matrix);
    return theta == theta ? theta : 0; /* NaN for degenerate matrices */
}

/// sws_scale of a whole frame into one packed destination plane; Swift cannot pass AVFrame's data arrays.
static inline int tempme_sws_scale_frame(struct SwsContext *context, const AVFrame *frame,
                                         uint8_t *destination, int destinationStride) {
    uint8_t *planes[4] = {destination, NULL, NULL, NULL};
    int strides[4] = {destinationStride, 0, 0, 0};
    return sws_scale(context, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
                     planes, strides);
}

/// Tells swscale the source's YUV matrix and range (as tagged on the frame) (as vf_scale does with its defaults).
static inline void tempme_sws_set_source_colorspace(struct SwsContext *context, const AVFrame *frame) {
    int *inverseTable = NULL, *table = NULL;
    int sourceRange = 0, destinationRange = 0, brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(context, &inverseTable, &sourceRange, &table, &destinationRange,
                                 &brightness, &contrast, &saturation) < 0) return;
    const int *sourceTable = inverseTable;
    if (frame->colorspace != AVCOL_SPC_UNSPECIFIED && frame->colorspace != AVCOL_SPC_RGB)
        sourceTable = sws_getCoefficients(frame->colorspace);
    if (frame->color_range == AVCOL_RANGE_JPEG) sourceRange = 1;
    else if (frame->color_range == AVCOL_RANGE_MPEG) sourceRange = 0;
    sws_setColorspaceDetails(context, sourceTable, sourceRange, table, destinationRange, brightness, contrast, saturation);
}
