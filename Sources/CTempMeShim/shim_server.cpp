// Generic byte-level gRPC server: one callback reactor per call, handed to a handler thread.
//
// gRPC's reactor callbacks run on gRPC threads and must never block, so every call gets its own
// handler thread. Blocking reads and writes on that thread issue a reactor operation and wait on
// a condition variable that the matching reactor callback signals.
//
// Two locks per call:
// - `issue_mutex` serializes StartRead/StartWrite/Finish and guards `finish_issued`, so no
//   operation is ever issued after Finish (after which gRPC may delete the reactor). Reactor
//   callbacks never take it, so gRPC running a callback inline inside Start* cannot deadlock.
// - `mutex` guards the completion flags that reactor callbacks set.
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "shim_bytes.h"
#include "tempme_shim.h"

namespace {

class CallReactor;

/// Counts live reactors and handler threads so the server is freed only when both reach zero.
struct ServerActivity {
  std::mutex mutex;
  std::condition_variable idle;
  int live_reactors = 0;
  int live_handlers = 0;

  void WaitUntilIdle() {
    std::unique_lock<std::mutex> lock(mutex);
    idle.wait(lock, [this] { return live_reactors == 0 && live_handlers == 0; });
  }
  void Change(int &counter, int delta) {
    std::lock_guard<std::mutex> lock(mutex);
    counter += delta;
    if (live_reactors == 0 && live_handlers == 0) idle.notify_all();
  }
};

/// Everything about one call that outlives the reactor while the handler still holds it.
struct CallState {
  std::string method;
  std::string peer;
  std::vector<std::pair<std::string, std::string>> metadata;
  bool has_deadline = false;
  std::chrono::system_clock::time_point deadline;
  grpc::CallbackServerContext *context = nullptr;  // valid while the reactor lives

  std::mutex issue_mutex;
  CallReactor *reactor = nullptr;  // valid until finish_issued (guarded by issue_mutex)
  bool finish_issued = false;

  std::mutex mutex;
  std::condition_variable changed;
  bool cancelled = false;
  bool done = false;
  bool read_pending = false;
  bool read_complete = false;
  bool read_ok = false;
  bool write_pending = false;
  bool write_complete = false;
  bool write_ok = false;
  grpc::ByteBuffer read_buffer;
  grpc::ByteBuffer write_buffer;
  tempme_shim::MessageStorage last_message;  // owned by the handler thread
};

/// The reactor gRPC drives; it only records completions and wakes the handler thread.
class CallReactor final : public grpc::ServerGenericBidiReactor {
 public:
  CallReactor(std::shared_ptr<CallState> state, std::shared_ptr<ServerActivity> activity)
      : state_(std::move(state)), activity_(std::move(activity)) {
    activity_->Change(activity_->live_reactors, +1);
  }

  void OnReadDone(bool ok) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->read_ok = ok;
    state_->read_complete = true;
    state_->changed.notify_all();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->write_ok = ok;
    state_->write_complete = true;
    state_->changed.notify_all();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->cancelled = true;
    state_->changed.notify_all();
  }

  void OnDone() override {
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      state_->done = true;
      state_->context = nullptr;
      state_->changed.notify_all();
    }
    std::shared_ptr<ServerActivity> activity = activity_;
    delete this;
    activity->Change(activity->live_reactors, -1);
  }

 private:
  std::shared_ptr<CallState> state_;
  std::shared_ptr<ServerActivity> activity_;
};

/// Answers a call at once without a handler (used for the concurrency cap).
class RejectingReactor final : public grpc::ServerGenericBidiReactor {
 public:
  RejectingReactor(grpc::Status status, std::shared_ptr<ServerActivity> activity)
      : activity_(std::move(activity)) {
    activity_->Change(activity_->live_reactors, +1);
    Finish(std::move(status));
  }
  void OnDone() override {
    std::shared_ptr<ServerActivity> activity = activity_;
    delete this;
    activity->Change(activity->live_reactors, -1);
  }

 private:
  std::shared_ptr<ServerActivity> activity_;
};

/// Issues Finish once; returns whether this call did it.
bool FinishOnce(CallState &state, grpc::Status status) {
  std::lock_guard<std::mutex> issue(state.issue_mutex);
  if (state.finish_issued) return false;
  state.finish_issued = true;
  state.reactor->Finish(std::move(status));
  return true;
}

}  // namespace

/// A handler's handle on a call: shares the call state with the reactor.
struct tempme_server_call {
  std::shared_ptr<CallState> state;
};

/// The generic service that turns each call into a handler thread.
class DispatchingService final : public grpc::CallbackGenericService {
 public:
  DispatchingService(tempme_server_handler handler, void *context, int max_concurrent,
                     std::shared_ptr<ServerActivity> activity)
      : handler_(handler), context_(context), max_concurrent_(max_concurrent),
        activity_(std::move(activity)) {}

  grpc::ServerGenericBidiReactor *CreateReactor(grpc::GenericCallbackServerContext *ctx) override {
    if (!ReserveHandler()) {
      return new RejectingReactor(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                               "server busy: too many concurrent calls"),
                                  activity_);
    }
    auto state = std::make_shared<CallState>();
    state->method = ctx->method();
    state->peer = ctx->peer();
    for (const auto &entry : ctx->client_metadata()) {
      state->metadata.emplace_back(std::string(entry.first.data(), entry.first.size()),
                                   std::string(entry.second.data(), entry.second.size()));
    }
    state->deadline = ctx->deadline();
    state->has_deadline = state->deadline != std::chrono::system_clock::time_point::max();
    state->context = ctx;
    auto *reactor = new CallReactor(state, activity_);
    state->reactor = reactor;

    auto *call = new tempme_server_call{state};
    tempme_server_handler handler = handler_;
    void *context = context_;
    std::shared_ptr<ServerActivity> activity = activity_;
    try {
      std::thread([handler, context, call, activity] {
        handler(context, call);
        activity->Change(activity->live_handlers, -1);
      }).detach();
    } catch (const std::system_error &) {
      // No thread for the handler: answer here (Finish never blocks) and give the slot back.
      FinishOnce(*state, grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                      "server busy: cannot start a handler thread"));
      delete call;
      activity_->Change(activity_->live_handlers, -1);
    }
    return reactor;
  }

 private:
  /// Takes a handler slot unless the concurrency cap is reached (check and take are atomic).
  bool ReserveHandler() {
    std::lock_guard<std::mutex> lock(activity_->mutex);
    if (max_concurrent_ > 0 && activity_->live_handlers >= max_concurrent_) return false;
    activity_->live_handlers += 1;
    return true;
  }

  tempme_server_handler handler_;
  void *context_;
  int max_concurrent_;
  std::shared_ptr<ServerActivity> activity_;
};

/// The running server and what it needs to shut down cleanly.
struct tempme_server {
  std::shared_ptr<ServerActivity> activity;
  std::unique_ptr<DispatchingService> service;
  std::unique_ptr<grpc::Server> server;
  std::mutex shutdown_mutex;
  bool shut_down = false;
};

extern "C" tempme_server *tempme_server_start(const tempme_listen_address *addresses,
                                              size_t address_count,
                                              const tempme_server_options *options,
                                              tempme_server_handler handler, void *handler_context,
                                              int32_t *bound_ports, char **error) {
  if (addresses == nullptr || address_count == 0 || handler == nullptr) {
    tempme_shim::ReportError(error, "no listen address or no handler given");
    return nullptr;
  }
  auto result = std::make_unique<tempme_server>();
  result->activity = std::make_shared<ServerActivity>();
  int max_concurrent = options != nullptr ? options->max_concurrent_calls : 0;
  result->service = std::make_unique<DispatchingService>(handler, handler_context, max_concurrent,
                                                         result->activity);

  grpc::ServerBuilder builder;
  // Linux SO_REUSEPORT would let a second daemon silently share a fixed port.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (options != nullptr && options->max_receive_message_bytes > 0) {
    builder.SetMaxReceiveMessageSize(options->max_receive_message_bytes);
  }
  if (options != nullptr && options->max_send_message_bytes > 0) {
    builder.SetMaxSendMessageSize(options->max_send_message_bytes);
  }
  std::vector<int> ports(address_count, 0);
  for (size_t i = 0; i < address_count; ++i) {
    const tempme_listen_address &address = addresses[i];
    if (address.address == nullptr) {
      tempme_shim::ReportError(error, "listen address " + std::to_string(i) + " is empty");
      return nullptr;
    }
    std::shared_ptr<grpc::ServerCredentials> credentials;
    bool has_cert = address.tls_certificate_chain_pem != nullptr;
    bool has_key = address.tls_private_key_pem != nullptr;
    if (has_cert != has_key) {
      tempme_shim::ReportError(error, std::string("TLS on ") + address.address +
                                          " needs both a certificate chain and a private key");
      return nullptr;
    }
    if (has_cert) {
      grpc::SslServerCredentialsOptions tls;
      tls.pem_key_cert_pairs.push_back({address.tls_private_key_pem, address.tls_certificate_chain_pem});
      credentials = grpc::SslServerCredentials(tls);
    } else {
      credentials = grpc::InsecureServerCredentials();
    }
    builder.AddListeningPort(address.address, credentials, &ports[i]);
  }
  builder.RegisterCallbackGenericService(result->service.get());
  result->server = builder.BuildAndStart();
  if (result->server == nullptr) {
    std::string failed;
    for (size_t i = 0; i < address_count; ++i) {
      if (ports[i] == 0) failed += (failed.empty() ? "" : ", ") + std::string(addresses[i].address);
    }
    tempme_shim::ReportError(error, "could not listen on " + (failed.empty() ? "the given addresses" : failed) +
                                        " (address in use, bad path/permissions, or bad TLS PEM)");
    return nullptr;
  }
  for (size_t i = 0; i < address_count; ++i) {
    bool is_unix = std::string(addresses[i].address).rfind("unix:", 0) == 0;
    if (bound_ports != nullptr) bound_ports[i] = is_unix ? 0 : ports[i];
  }
  return result.release();
}

extern "C" void tempme_server_shutdown(tempme_server *server, double drain_seconds) {
  if (server == nullptr) return;
  std::lock_guard<std::mutex> lock(server->shutdown_mutex);
  if (server->shut_down) return;
  server->shut_down = true;
  auto drain = std::chrono::duration<double>(drain_seconds > 0 ? drain_seconds : 0);
  server->server->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::duration_cast<std::chrono::system_clock::duration>(drain));
  server->activity->WaitUntilIdle();
}

extern "C" void tempme_server_destroy(tempme_server *server) {
  if (server == nullptr) return;
  tempme_server_shutdown(server, 0);
  server->server.reset();
  delete server;
}

extern "C" const char *tempme_server_call_method(const tempme_server_call *call) {
  return call->state->method.c_str();
}

extern "C" const char *tempme_server_call_peer(const tempme_server_call *call) {
  return call->state->peer.c_str();
}

extern "C" size_t tempme_server_call_metadata_count(const tempme_server_call *call) {
  return call->state->metadata.size();
}

extern "C" void tempme_server_call_metadata_at(const tempme_server_call *call, size_t index,
                                               const char **key, size_t *key_length,
                                               const char **value, size_t *value_length) {
  const auto &all = call->state->metadata;
  if (index >= all.size()) {
    *key = *value = "";
    *key_length = *value_length = 0;
    return;
  }
  const auto &entry = all[index];
  *key = entry.first.data();
  *key_length = entry.first.size();
  *value = entry.second.data();
  *value_length = entry.second.size();
}

extern "C" int64_t tempme_server_call_deadline_remaining_ms(const tempme_server_call *call) {
  if (!call->state->has_deadline) return INT64_MAX;
  auto remaining = call->state->deadline - std::chrono::system_clock::now();
  return std::chrono::duration_cast<std::chrono::milliseconds>(remaining).count();
}

extern "C" int tempme_server_call_is_cancelled(const tempme_server_call *call) {
  std::lock_guard<std::mutex> lock(call->state->mutex);
  if (call->state->cancelled) return 1;
  // OnCancel may lag behind a failed read; the context knows first (safe in the callback API).
  return call->state->context != nullptr && call->state->context->IsCancelled() ? 1 : 0;
}

extern "C" int tempme_server_call_wait_cancelled(tempme_server_call *call, int64_t timeout_ms) {
  CallState &state = *call->state;
  std::unique_lock<std::mutex> lock(state.mutex);
  state.changed.wait_for(lock, std::chrono::milliseconds(timeout_ms > 0 ? timeout_ms : 0),
                         [&state] { return state.cancelled; });
  return state.cancelled ? 1 : 0;
}

extern "C" int tempme_server_call_read(tempme_server_call *call, const uint8_t **data,
                                       size_t *length) {
  CallState &state = *call->state;
  {
    std::lock_guard<std::mutex> issue(state.issue_mutex);
    if (state.finish_issued) return TEMPME_READ_MISUSE;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      if (state.read_pending) return TEMPME_READ_MISUSE;
      if (state.cancelled) return TEMPME_READ_CANCELLED;
      state.read_pending = true;
      state.read_complete = false;
    }
    state.reactor->StartRead(&state.read_buffer);
  }
  std::unique_lock<std::mutex> lock(state.mutex);
  state.changed.wait(lock, [&state] { return state.read_complete; });
  state.read_pending = false;
  if (!state.read_ok) {
    bool cancelled = state.cancelled || (state.context != nullptr && state.context->IsCancelled());
    return cancelled ? TEMPME_READ_CANCELLED : TEMPME_READ_END;
  }
  state.last_message.Take(state.read_buffer);
  *data = state.last_message.data();
  *length = state.last_message.size();
  return TEMPME_READ_MESSAGE;
}

extern "C" int tempme_server_call_write(tempme_server_call *call, const uint8_t *data,
                                        size_t length) {
  CallState &state = *call->state;
  {
    std::lock_guard<std::mutex> issue(state.issue_mutex);
    if (state.finish_issued) return 0;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      if (state.write_pending || state.cancelled) return 0;
      state.write_pending = true;
      state.write_complete = false;
      state.write_buffer = tempme_shim::MakeMessage(data, length);
    }
    state.reactor->StartWrite(&state.write_buffer);
  }
  std::unique_lock<std::mutex> lock(state.mutex);
  state.changed.wait(lock, [&state] { return state.write_complete; });
  state.write_pending = false;
  state.write_buffer.Clear();
  return state.write_ok ? 1 : 0;
}

extern "C" int tempme_server_call_finish(tempme_server_call *call, int32_t code,
                                         const char *message) {
  if (code < 0 || code > TEMPME_STATUS_UNAUTHENTICATED) code = TEMPME_STATUS_UNKNOWN;
  grpc::Status status(static_cast<grpc::StatusCode>(code), message != nullptr ? message : "");
  return FinishOnce(*call->state, std::move(status)) ? 1 : 0;
}

extern "C" void tempme_server_call_release(tempme_server_call *call) {
  if (call == nullptr) return;
  FinishOnce(*call->state, grpc::Status(grpc::StatusCode::INTERNAL,
                                        "the server handler ended without a status"));
  delete call;
}
