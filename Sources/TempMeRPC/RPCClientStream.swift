import CTempMeShim
import Synchronization

/// The final status of a client call.
public struct RPCStatus: Sendable, Equatable {
    /// The status code.
    public var code: RPCStatusCode
    /// The status message (empty for OK).
    public var message: String

    /// Throws the status as `RPCError` unless it is OK.
    public func throwIfFailed() throws(RPCError) {
        if code != .ok { throw RPCError(code: code, message: message) }
    }
}

/// One open client call: send requests, close sending, receive responses, finish for the status.
///
/// Send/receive/finish are serialized by a lock, so the stream may be shared; `cancel()` takes no
/// lock and interrupts a blocked send or receive from another thread. Unchecked Sendable: the
/// handle is only touched under `lock` except by cancel, which the shim makes thread-safe
/// (ClientContext::TryCancel).
public final class RPCClientStream: @unchecked Sendable {
    /// The method this call invokes.
    public let method: String
    private let client: RPCClient
    private let handle: OpaquePointer?
    private let lock = Mutex<Void>(())

    init(client: RPCClient, method: String, metadata: RPCMetadata, timeout: Duration?) {
        self.client = client
        self.method = method
        self.handle = client.startCall(method: method, metadata: metadata, timeout: timeout)
    }

    deinit {
        tempme_client_call_destroy(handle)
    }

    /// Sends one request; false once the call is over (then `finish()` says why).
    @discardableResult
    public func send(_ message: [UInt8]) -> Bool {
        guard let handle else { return false }
        return lock.withLock { _ in
            message.withUnsafeBufferPointer { tempme_client_call_write(handle, $0.baseAddress, $0.count) } != 0
        }
    }

    /// Tells the server no more requests follow.
    public func closeSending() {
        guard let handle else { return }
        lock.withLock { _ in _ = tempme_client_call_writes_done(handle) }
    }

    /// The next response message, or nil when the server is done (then `finish()` for the status).
    public func receive() -> [UInt8]? {
        guard let handle else { return nil }
        return lock.withLock { _ -> [UInt8]? in
            var data: UnsafePointer<UInt8>?
            var length = 0
            guard tempme_client_call_read(handle, &data, &length) == Int32(TEMPME_READ_MESSAGE) else { return nil }
            guard let data, length > 0 else { return [] }
            return Array(UnsafeBufferPointer(start: data, count: length))
        }
    }

    /// Waits for and returns the call's final status.
    public func finish() -> RPCStatus {
        guard let handle else {
            return RPCStatus(code: .internal, message: "the call to \(method) could not be created")
        }
        return lock.withLock { _ in
            var message: UnsafePointer<CChar>?
            let code = tempme_client_call_finish(handle, &message)
            return RPCStatus(code: RPCStatusCode(wireValue: code), message: message.map { String(cString: $0) } ?? "")
        }
    }

    /// Cancels the call from any thread; the server sees CANCELLED, `finish()` reports CANCELLED.
    public func cancel() {
        guard let handle else { return }
        tempme_client_call_cancel(handle)
    }
}
