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
