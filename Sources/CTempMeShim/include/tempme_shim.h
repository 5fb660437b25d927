// C API over libgrpc++: a generic byte-level gRPC server and client.
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
int tempme_shim_version(void);
#ifdef __cplusplus
}
#endif
