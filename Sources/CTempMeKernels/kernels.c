#include "tempme_kernels.h"
