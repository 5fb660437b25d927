// C API over libgrpc++: a generic, byte-level gRPC server and client.
//
// The shim knows method names, metadata and message bytes; it never parses messages.
//
// Ownership rules (every pointer crossing this boundary):
// - Strings passed in are borrowed for the duration of the call only (copied if kept).
// - Strings returned through `char **error` are malloc'd; free them with tempme_string_free.
// - Pointers returned by accessors on a call (method, peer, metadata, read messages, status
//   message) are owned by that call and stay valid until the call is released/destroyed (read
//   messages: until the next read on the same call).
// - A server call handle is owned by the handler: it must call tempme_server_call_release exactly
//   once, from any thread, when it no longer uses the handle.
// - A client call is owned by its creator and freed with tempme_client_call_destroy.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Version of this C API; bumped on incompatible changes.
int tempme_shim_version(void);

/// Frees a string returned by this API (error descriptions).
void tempme_string_free(char *string);

// MARK: - Status codes (identical to gRPC's)

enum {
    TEMPME_STATUS_OK = 0,
    TEMPME_STATUS_CANCELLED = 1,
    TEMPME_STATUS_UNKNOWN = 2,
    TEMPME_STATUS_INVALID_ARGUMENT = 3,
    TEMPME_STATUS_DEADLINE_EXCEEDED = 4,
    TEMPME_STATUS_NOT_FOUND = 5,
    TEMPME_STATUS_ALREADY_EXISTS = 6,
    TEMPME_STATUS_PERMISSION_DENIED = 7,
    TEMPME_STATUS_RESOURCE_EXHAUSTED = 8,
    TEMPME_STATUS_FAILED_PRECONDITION = 9,
    TEMPME_STATUS_ABORTED = 10,
    TEMPME_STATUS_OUT_OF_RANGE = 11,
    TEMPME_STATUS_UNIMPLEMENTED = 12,
    TEMPME_STATUS_INTERNAL = 13,
    TEMPME_STATUS_UNAVAILABLE = 14,
    TEMPME_STATUS_DATA_LOSS = 15,
    TEMPME_STATUS_UNAUTHENTICATED = 16,
};

/// Result of reading one message from a stream.
enum {
    TEMPME_READ_MESSAGE = 1,   ///< a message was read
    TEMPME_READ_END = 0,       ///< the peer half-closed (no more messages)
    TEMPME_READ_CANCELLED = -1,///< the call was cancelled, timed out or failed
    TEMPME_READ_MISUSE = -2,   ///< another read is in flight or the call already finished
};

// MARK: - Server

typedef struct tempme_server tempme_server;
typedef struct tempme_server_call tempme_server_call;

/// Invoked on a dedicated thread for every incoming call; owns `call` (see release).
typedef void (*tempme_server_handler)(void *context, tempme_server_call *call);

/// One listening address, e.g. "unix:/run/tempmed.sock" or "127.0.0.1:0".
typedef struct {
    const char *address;
    const char *tls_certificate_chain_pem; ///< NULL for plaintext
    const char *tls_private_key_pem;       ///< NULL for plaintext
} tempme_listen_address;

/// Server limits; zero means "gRPC's default" (4 MiB receive, unlimited send, no call cap).
typedef struct {
    int32_t max_receive_message_bytes;
    int32_t max_send_message_bytes;
    int32_t max_concurrent_calls; ///< calls beyond this get RESOURCE_EXHAUSTED
} tempme_server_options;

/// Starts a server on all addresses. `bound_ports` (length `address_count`) receives the port of
/// each TCP address (useful with port 0) and 0 for Unix sockets. On failure returns NULL and sets
/// `*error` (free with tempme_string_free).
tempme_server *tempme_server_start(const tempme_listen_address *addresses, size_t address_count,
                                   const tempme_server_options *options,
                                   tempme_server_handler handler, void *handler_context,
                                   int32_t *bound_ports, char **error);

/// Stops accepting calls, lets in-flight calls run for up to `drain_seconds`, then cancels them
/// and waits until every handler has returned. Idempotent; blocks.
void tempme_server_shutdown(tempme_server *server, double drain_seconds);

/// Shuts down (without drain if not done yet) and frees the server.
void tempme_server_destroy(tempme_server *server);

/// Full method name, e.g. "/tempme.v1.TempMe/Search".
const char *tempme_server_call_method(const tempme_server_call *call);

/// Peer address as gRPC prints it, e.g. "ipv4:127.0.0.1:53422" or "unix:".
const char *tempme_server_call_peer(const tempme_server_call *call);

/// Number of client metadata entries (keys are lowercase).
size_t tempme_server_call_metadata_count(const tempme_server_call *call);

/// Entry `index` of the client metadata; pointers owned by the call, not NUL-terminated.
void tempme_server_call_metadata_at(const tempme_server_call *call, size_t index,
                                    const char **key, size_t *key_length,
                                    const char **value, size_t *value_length);

/// Milliseconds until the client's deadline (may be negative), or INT64_MAX without a deadline.
int64_t tempme_server_call_deadline_remaining_ms(const tempme_server_call *call);

/// 1 if the call was cancelled (client cancel, deadline, connection loss, shutdown), else 0.
int tempme_server_call_is_cancelled(const tempme_server_call *call);

/// Waits up to `timeout_ms` for cancellation; returns 1 if cancelled, 0 on timeout.
int tempme_server_call_wait_cancelled(tempme_server_call *call, int64_t timeout_ms);

/// Blocks for the next request message (TEMPME_READ_*). On MESSAGE, `*data`/`*length` point into
/// the call and stay valid until the next read or release.
int tempme_server_call_read(tempme_server_call *call, const uint8_t **data, size_t *length);

/// Blocks until one response message is handed to gRPC; returns 1 on success, 0 if the call is
/// dead (cancelled, finished, or another write in flight).
int tempme_server_call_write(tempme_server_call *call, const uint8_t *data, size_t length);

/// Finishes the call with a status; later finishes are ignored. Returns 1 if this call set it.
int tempme_server_call_finish(tempme_server_call *call, int32_t code, const char *message);

/// Releases the handler's ownership; finishes with INTERNAL if the handler never finished.
void tempme_server_call_release(tempme_server_call *call);

// MARK: - Client

typedef struct tempme_client tempme_client;
typedef struct tempme_client_call tempme_client_call;

/// Channel settings; NULL/zero fields take gRPC defaults.
typedef struct {
    const char *root_certificates_pem; ///< non-NULL enables TLS with these roots
    const char *tls_server_name;       ///< overrides the name checked against the certificate
    const char *bearer_token;          ///< sent as "authorization: Bearer <token>" on every call
    int32_t max_receive_message_bytes;
    int32_t max_send_message_bytes;
} tempme_client_options;

/// Creates a channel to `target` ("unix:/path", "host:port"); connects lazily. NULL + error on
/// invalid options.
tempme_client *tempme_client_create(const char *target, const tempme_client_options *options,
                                    char **error);

/// Frees the channel; calls still open must be destroyed first.
void tempme_client_destroy(tempme_client *client);

/// Starts a call: `metadata_keys/values` (count entries, lowercase keys) are sent as headers;
/// `timeout_ms` <= 0 means no deadline. Never NULL; a failed start shows up in finish.
tempme_client_call *tempme_client_call_start(tempme_client *client, const char *method,
                                             const char *const *metadata_keys,
                                             const char *const *metadata_values,
                                             size_t metadata_count, int64_t timeout_ms);

/// Sends one request message; 1 on success, 0 if the call is over (then call finish).
int tempme_client_call_write(tempme_client_call *call, const uint8_t *data, size_t length);

/// Half-closes the request stream; 1 on success, 0 if the call is over.
int tempme_client_call_writes_done(tempme_client_call *call);

/// Blocks for the next response message (TEMPME_READ_MESSAGE or TEMPME_READ_END). On MESSAGE,
/// `*data`/`*length` stay valid until the next read or destroy.
int tempme_client_call_read(tempme_client_call *call, const uint8_t **data, size_t *length);

/// Waits for the final status; `*message` is owned by the call. Returns the status code.
int32_t tempme_client_call_finish(tempme_client_call *call, const char **message);

/// Cancels the call from any thread; pending and later operations fail, finish says CANCELLED.
void tempme_client_call_cancel(tempme_client_call *call);

/// Frees a call (cancelling it if it was not finished).
void tempme_client_call_destroy(tempme_client_call *call);

#ifdef __cplusplus
}
#endif
