// A stand-in for tempmed: a real gRPC server on loopback whose tempme.v1 handlers answer from fixed rules.
import Foundation
import TempMeProto
import TempMeRPC

/// A server with just enough of the tempme.v1 API to check what the client sends and how it reads answers.
///
/// Search echoes the request (text as the one hit's id, k as `candidates`); Ingest answers with the header's
/// id and each chunk's size as `sampled_frames`; IngestPath answers with the id (for `pathNeverRead`, only once the
/// call is cancelled; `pathAlwaysBusy` is RESOURCE_EXHAUSTED); List pages through `listIDs` two at a time; Get answers
/// NOT_FOUND for every id; Info is missing (UNIMPLEMENTED); every method demands the token when one is set.
final class FakeDaemon: Sendable {
    /// The ids List pages through.
    static let listIDs = ["a", "b", "c", "d", "e"]
    /// An IngestPath of this path is answered only when the client has cancelled it (or after 30 s).
    static let pathNeverRead = "/never/read.mp4"
    /// An IngestPath of this path is always refused with RESOURCE_EXHAUSTED (a full encode queue).
    static let pathAlwaysBusy = "/always/busy.mp4"

    let server: RPCServer
    let address: String

    init(token: String? = nil) throws {
        server = RPCServer(router: FakeDaemon.router(), options: RPCServerOptions(bearerToken: token))
        let bound = try server.start(addresses: [.tcp(host: "127.0.0.1", port: 0)])
        address = "127.0.0.1:\(bound[0].port ?? 0)"
    }

    deinit {
        server.shutdown(drainSeconds: 0)
    }

    private static func router() -> RPCRouter {
        var router = RPCRouter()
        router.registerUnary(Tempme_V1_TempMeMethod.search) { bytes, _ in
            let request = try Tempme_V1_SearchRequest(serializedBytes: bytes)
            var hit = Tempme_V1_Hit()
            hit.id = request.text
            hit.metadata = request.metadataFilter
            var response = Tempme_V1_SearchResponse()
            response.hits = [hit]
            response.candidates = UInt64(request.k)
            return try response.serializedBytes()
        }
        router.registerClientStreaming(Tempme_V1_TempMeMethod.ingest) { call in
            guard let first = try call.receive(), case .header(let header)? = try Tempme_V1_IngestRequest(serializedBytes: first).part else {
                throw RPCError(code: .invalidArgument, message: "the first message must be the header")
            }
            var response = Tempme_V1_IngestResponse()
            response.id = header.id
            response.replaced = header.replace
            while let message = try call.receive() {
                response.sampledFrames.append(UInt32(try Tempme_V1_IngestRequest(serializedBytes: message).chunk.count))
            }
            return try response.serializedBytes()
        }
        router.registerUnary(Tempme_V1_TempMeMethod.ingestPath) { bytes, call in
            let request = try Tempme_V1_IngestPathRequest(serializedBytes: bytes)
            if request.path == FakeDaemon.pathAlwaysBusy { throw RPCError(code: .resourceExhausted, message: "the encode queue is full") }
            let giveUp = Date().addingTimeInterval(30)
            while request.path == FakeDaemon.pathNeverRead, !call.isCancelled, Date() < giveUp { usleep(5_000) }
            var response = Tempme_V1_IngestResponse()
            response.id = request.id
            return try response.serializedBytes()
        }
        router.registerUnary(Tempme_V1_TempMeMethod.list) { bytes, _ in
            let request = try Tempme_V1_ListRequest(serializedBytes: bytes)
            let start = Int(request.pageToken) ?? 0
            let end = min(listIDs.count, start + 2)
            var response = Tempme_V1_ListResponse()
            response.records = listIDs[start..<end].map { id in
                var record = Tempme_V1_Record()
                record.id = id
                return record
            }
            response.nextPageToken = end < listIDs.count ? "\(end)" : ""
            return try response.serializedBytes()
        }
        router.registerUnary(Tempme_V1_TempMeMethod.get) { bytes, _ in
            let request = try Tempme_V1_GetRequest(serializedBytes: bytes)
            throw RPCError(code: .notFound, message: "no video with id \"\(request.id)\"")
        }
        router.registerUnary(Tempme_V1_TempMeMethod.stats) { _, _ in
            var response = Tempme_V1_StatsResponse()
            response.videoCount = 7
            return try response.serializedBytes()
        }
        return router
    }
}
