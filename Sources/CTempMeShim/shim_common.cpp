// Version and memory helpers of the C API.
#include <cstdlib>

#include "tempme_shim.h"

extern "C" int tempme_shim_version(void) { return 1; }

extern "C" void tempme_string_free(char *string) { std::free(string); }
