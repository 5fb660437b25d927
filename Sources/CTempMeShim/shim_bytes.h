// Internal helpers shared by the server and client halves of the shim (not part of the C API).
#pragma once
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace tempme_shim {

/// Holds the bytes of the last message read on a call, so C callers can borrow a pointer.
class MessageStorage {
 public:
  /// Takes the message out of `buffer`; zero-copy when gRPC delivered a single slice.
  void Take(grpc::ByteBuffer &buffer) {
    bytes_.clear();
    has_slice_ = buffer.TrySingleSlice(&slice_).ok();
    if (!has_slice_) {
      std::vector<grpc::Slice> slices;
      if (buffer.Dump(&slices).ok()) {
        for (const grpc::Slice &piece : slices) {
          bytes_.insert(bytes_.end(), piece.begin(), piece.end());
        }
      }
    }
    buffer.Clear();
  }

  const uint8_t *data() const { return has_slice_ ? slice_.begin() : bytes_.data(); }
  size_t size() const { return has_slice_ ? slice_.size() : bytes_.size(); }

 private:
  grpc::Slice slice_;
  bool has_slice_ = false;
  std::vector<uint8_t> bytes_;
};

/// A copy of `length` bytes as a gRPC message.
inline grpc::ByteBuffer MakeMessage(const uint8_t *data, size_t length) {
  grpc::Slice slice(length == 0 ? "" : reinterpret_cast<const char *>(data), length);
  return grpc::ByteBuffer(&slice, 1);
}

/// A malloc'd copy of `text` for returning through `char **error` (freed by tempme_string_free).
inline char *CopyForCaller(const std::string &text) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

/// Stores `text` in `*error` when the caller asked for it.
inline void ReportError(char **error, const std::string &text) {
  if (error != nullptr) *error = CopyForCaller(text);
}

}  // namespace tempme_shim
