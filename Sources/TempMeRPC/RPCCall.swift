import CTempMeShim
import Synchronization
import TempMeBasics

/// One incoming call as a handler sees it: method, headers, a request stream and a response stream.
///
/// The handler runs on its own thread and may block in `receive()`/`send(_:)`. Unchecked Sendable:
/// the shim's call object guards all its state with mutexes (see shim_server.cpp); concurrent
/// reads (or concurrent writes) are refused there, not raced. The handle is released on deinit, so
/// a call that escapes its handler stays memory-safe and merely fails every operation.
public final class RPCCall: @unchecked Sendable {
    /// Full method name, e.g. `/tempme.v1.TempMe/Search`.
    public let method: String
    /// The client's request headers.
    public let metadata: RPCMetadata
    /// The client's address as gRPC prints it (`ipv4:127.0.0.1:5555`, `unix:`...).
    public let peer: String
    /// The client's `x-request-id` when it is a sane token, else a fresh id (TempMeBasics.RequestID).
    public let requestID: String
    /// Bytes of request messages read so far.
    let receivedBytes = Atomic<Int>(0)
    /// Bytes of response messages sent so far.
    let sentBytes = Atomic<Int>(0)

    private let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
        self.method = String(cString: tempme_server_call_method(handle))
        self.peer = String(cString: tempme_server_call_peer(handle))
        var entries: [RPCMetadata.Entry] = []
        for index in 0..<tempme_server_call_metadata_count(handle) {
            var key: UnsafePointer<CChar>?
            var keyLength = 0
            var value: UnsafePointer<CChar>?
            var valueLength = 0
            tempme_server_call_metadata_at(handle, index, &key, &keyLength, &value, &valueLength)
            entries.append(RPCMetadata.Entry(
                name: RPCCall.string(key, keyLength), value: RPCCall.string(value, valueLength)))
        }
        self.metadata = RPCMetadata(entries)
        self.requestID = RequestID.choose(offered: metadata["x-request-id"])
    }

    deinit {
        tempme_server_call_release(handle)
    }

    /// True once the client cancelled, the deadline passed, the connection dropped or the server
    /// is shutting down past its drain time.
    public var isCancelled: Bool {
        tempme_server_call_is_cancelled(handle) != 0
    }

    /// Time left before the client's deadline (negative once passed), nil without a deadline.
    public var timeRemaining: Duration? {
        let milliseconds = tempme_server_call_deadline_remaining_ms(handle)
        return milliseconds == Int64.max ? nil : .milliseconds(milliseconds)
    }

    /// Waits up to `timeout` for cancellation; returns whether the call is cancelled.
    public func waitForCancellation(timeout: Duration) -> Bool {
        tempme_server_call_wait_cancelled(handle, timeout.clampedMilliseconds) != 0
    }

    /// The next request message, or nil once the client has sent its last one.
    public func receive() throws(RPCError) -> [UInt8]? {
        var data: UnsafePointer<UInt8>?
        var length = 0
        switch tempme_server_call_read(handle, &data, &length) {
        case Int32(TEMPME_READ_MESSAGE):
            guard let data, length > 0 else { return [] }
            receivedBytes.add(length, ordering: .relaxed)
            return Array(UnsafeBufferPointer(start: data, count: length))
        case Int32(TEMPME_READ_END):
            return nil
        case Int32(TEMPME_READ_CANCELLED):
            throw RPCError(code: .cancelled, message: "the call was cancelled while reading \(method)")
        default:
            throw RPCError(code: .internal, message: "\(method): read after the call finished or during another read")
        }
    }

    /// Sends one response message; throws if the call is cancelled or already finished.
    public func send(_ message: [UInt8]) throws(RPCError) {
        let sent = message.withUnsafeBufferPointer { buffer in
            tempme_server_call_write(handle, buffer.baseAddress, buffer.count)
        }
        guard sent != 0 else {
            throw RPCError(code: .cancelled, message: "\(method): the response could not be sent (call cancelled or finished)")
        }
        sentBytes.add(message.count, ordering: .relaxed)
    }

    /// Ends the call with a status; only the first finish counts.
    func finish(code: RPCStatusCode, message: String) {
        _ = tempme_server_call_finish(handle, code.rawValue, message)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
