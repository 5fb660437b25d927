// One video upload in flight: the Ingest stream after its header, chunk by chunk.
import Foundation
import TempMeProto
import TempMeRPC

/// An open Ingest call whose header is sent: `send` the video's bytes, then `finish()` (or `cancel()`). Also carries
/// an IngestPath call (its one request sent), which answers the same way.
public struct IngestUpload: Sendable {
    /// The call (thread-safe; `cancel()` may come from another thread).
    let stream: RPCClientStream

    /// Sends the next piece of the video; false once the call is over (then `finish()` says why).
    /// Every chunk but the last must hold at least 1 KiB: the daemon refuses a smaller one followed by another.
    @discardableResult
    public func send(_ chunk: Data) throws(TempMeClientError) -> Bool {
        var message = Tempme_V1_IngestRequest()
        message.chunk = chunk
        return stream.send(try message.wireBytes())
    }

    /// Ends the upload and waits for the stored video's summary, or throws the daemon's refusal.
    public func finish() throws(TempMeClientError) -> Tempme_V1_IngestResponse {
        stream.closeSending()
        let response = stream.receive()
        do {
            try stream.finish().throwIfFailed()
        } catch {
            throw TempMeClientError(error)
        }
        guard let response else { throw TempMeClientError(code: .internal, message: "Ingest returned no response") }
        return try Tempme_V1_IngestResponse(wireBytes: response)
    }

    /// Abandons the upload (from any thread): the daemon stores nothing and `finish()` throws CANCELLED.
    public func cancel() {
        stream.cancel()
    }
}
