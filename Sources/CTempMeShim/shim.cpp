#include "tempme_shim.h"
#include <grpcpp/grpcpp.h>
extern "C" int tempme_shim_version(void) { return 1; }
