// Generic byte-level gRPC client: every call is a byte stream driven on a private completion queue.
//
// Each call owns a CompletionQueue and issues one operation at a time, waiting for its tag, so
// the calling thread blocks and no gRPC thread ever waits on the caller. Unary, client-streaming
// and server-streaming calls are the same stream used with one or many messages per direction.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <memory>
#include <string>

#include "shim_bytes.h"
#include "tempme_shim.h"

/// A channel plus the settings applied to every call on it.
struct tempme_client {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::string authorization;  // empty: no bearer token
};

/// One call: its context, queue and stream, plus the last message and final status.
struct tempme_client_call {
  grpc::ClientContext context;
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> stream;
  bool open = false;      // StartCall succeeded and no operation has failed since
  bool finished = false;  // Finish completed; `status` holds the outcome
  grpc::Status status;
  std::string status_message;  // owned copy; Status::error_message() returns by value
  grpc::ByteBuffer read_buffer;
  tempme_shim::MessageStorage last_message;

  /// Waits for the single outstanding operation; returns whether it succeeded.
  bool Await() {
    void *tag = nullptr;
    bool ok = false;
    if (!queue.Next(&tag, &ok)) return false;
    return ok;
  }
};

namespace {
/// Tag for the one outstanding operation of a call (tags only need to be unique per queue).
void *OperationTag(tempme_client_call *call) { return call; }
}  // namespace

extern "C" tempme_client *tempme_client_create(const char *target,
                                               const tempme_client_options *options,
                                               char **error) {
  if (target == nullptr || target[0] == '\0') {
    tempme_shim::ReportError(error, "no target given (use unix:/path or host:port)");
    return nullptr;
  }
  grpc::ChannelArguments arguments;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  auto client = std::make_unique<tempme_client>();
  if (options != nullptr) {
    if (options->max_receive_message_bytes > 0) {
      arguments.SetMaxReceiveMessageSize(options->max_receive_message_bytes);
    }
    if (options->max_send_message_bytes > 0) {
      arguments.SetMaxSendMessageSize(options->max_send_message_bytes);
    }
    if (options->tls_server_name != nullptr) {
      arguments.SetSslTargetNameOverride(options->tls_server_name);
    }
    if (options->bearer_token != nullptr && options->bearer_token[0] != '\0') {
      client->authorization = std::string("Bearer ") + options->bearer_token;
    }
  }
  if (options != nullptr && options->root_certificates_pem != nullptr) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = options->root_certificates_pem;
    credentials = grpc::SslCredentials(tls);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  client->channel = grpc::CreateCustomChannel(target, credentials, arguments);
  if (client->channel == nullptr) {
    tempme_shim::ReportError(error, std::string("could not create a channel to ") + target);
    return nullptr;
  }
  client->stub = std::make_unique<grpc::GenericStub>(client->channel);
  return client.release();
}

extern "C" void tempme_client_destroy(tempme_client *client) { delete client; }

extern "C" tempme_client_call *tempme_client_call_start(tempme_client *client, const char *method,
                                                        const char *const *metadata_keys,
                                                        const char *const *metadata_values,
                                                        size_t metadata_count,
                                                        int64_t timeout_ms) {
  auto *call = new tempme_client_call();
  for (size_t i = 0; i < metadata_count; ++i) {
    call->context.AddMetadata(metadata_keys[i], metadata_values[i]);
  }
  if (!client->authorization.empty()) call->context.AddMetadata("authorization", client->authorization);
  if (timeout_ms > 0) {
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::milliseconds(timeout_ms));
  }
  call->stream = client->stub->PrepareCall(&call->context, method != nullptr ? method : "",
                                           &call->queue);
  if (call->stream != nullptr) {
    call->stream->StartCall(OperationTag(call));
    call->open = call->Await();
  }
  return call;
}

extern "C" int tempme_client_call_write(tempme_client_call *call, const uint8_t *data,
                                        size_t length) {
  if (!call->open || call->finished) return 0;
  grpc::ByteBuffer message = tempme_shim::MakeMessage(data, length);
  call->stream->Write(message, OperationTag(call));
  call->open = call->Await();
  return call->open ? 1 : 0;
}

extern "C" int tempme_client_call_writes_done(tempme_client_call *call) {
  if (!call->open || call->finished) return 0;
  call->stream->WritesDone(OperationTag(call));
  call->open = call->Await();
  return call->open ? 1 : 0;
}

extern "C" int tempme_client_call_read(tempme_client_call *call, const uint8_t **data,
                                       size_t *length) {
  if (call->stream == nullptr || call->finished) return TEMPME_READ_END;
  call->stream->Read(&call->read_buffer, OperationTag(call));
  if (!call->Await()) return TEMPME_READ_END;
  call->last_message.Take(call->read_buffer);
  *data = call->last_message.data();
  *length = call->last_message.size();
  return TEMPME_READ_MESSAGE;
}

extern "C" int32_t tempme_client_call_finish(tempme_client_call *call, const char **message) {
  if (!call->finished) {
    call->finished = true;
    if (call->stream == nullptr) {
      call->status = grpc::Status(grpc::StatusCode::INTERNAL, "the call could not be created");
    } else {
      call->stream->Finish(&call->status, OperationTag(call));
      call->Await();
    }
    call->status_message = call->status.error_message();
  }
  if (message != nullptr) *message = call->status_message.c_str();
  return static_cast<int32_t>(call->status.error_code());
}

extern "C" void tempme_client_call_cancel(tempme_client_call *call) { call->context.TryCancel(); }

extern "C" void tempme_client_call_destroy(tempme_client_call *call) {
  if (call == nullptr) return;
  if (!call->finished) {
    call->context.TryCancel();
    tempme_client_call_finish(call, nullptr);
  }
  call->queue.Shutdown();
  void *tag = nullptr;
  bool ok = false;
  while (call->queue.Next(&tag, &ok)) {
  }
  delete call;
}
