// Protobuf encoding and decoding whose failures are this module's error.
import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message's protobuf bytes; a failure to encode is a local `TempMeClientError`.
    func wireBytes() throws(TempMeClientError) -> [UInt8] {
        do {
            return try serializedBytes()
        } catch {
            throw TempMeClientError.from(error)
        }
    }

    /// The message decoded from `bytes`; bytes that do not decode are a local `TempMeClientError`.
    init(wireBytes bytes: [UInt8]) throws(TempMeClientError) {
        do {
            try self.init(serializedBytes: bytes)
        } catch {
            throw TempMeClientError.from(error)
        }
    }
}
