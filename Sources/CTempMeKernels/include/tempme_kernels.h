// Element-wise float32 kernels for the encoder: the only non-BLAS numeric code that touches raw buffers.
#pragma once
#include <stddef.h>
