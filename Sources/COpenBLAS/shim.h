// OpenBLAS's CBLAS interface (Debian's libopenblas-dev), plus its thread-count controls.
#include <cblas.h>
