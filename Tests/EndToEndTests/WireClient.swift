// Typed tempme.v1 calls over the real transport, for tests that talk to the daemon directly.
import Foundation
import SwiftProtobuf
import TempMeProto
import TempMeRPC

/// A tempme.v1 client over one RPCClient.
struct WireClient {
    let client: RPCClient

    init(_ client: RPCClient) { self.client = client }

    /// One unary call.
    func call<Response: SwiftProtobuf.Message>(
        _ method: String, _ request: some SwiftProtobuf.Message, timeout: Duration = .seconds(30)
    ) throws -> Response {
        let bytes = try client.unary(method: method, request: try request.serializedBytes(), timeout: timeout)
        return try Response(serializedBytes: bytes)
    }

    /// Uploads `data` as one video in chunks of `chunkBytes`.
    func ingest(
        id: String, data: Data, metadata: [String: String] = [:], replace: Bool = false, chunkBytes: Int = 64 << 10
    ) throws -> Tempme_V1_IngestResponse {
        var header = Tempme_V1_IngestHeader()
        header.id = id
        header.metadata = metadata
        header.replace = replace
        var opening = Tempme_V1_IngestRequest()
        opening.header = header
        var messages: [[UInt8]] = [try opening.serializedBytes()]
        var offset = 0
        while offset < data.count {
            var chunk = Tempme_V1_IngestRequest()
            chunk.chunk = data.subdata(in: offset..<min(data.count, offset + chunkBytes))
            messages.append(try chunk.serializedBytes() as [UInt8])
            offset += chunkBytes
        }
        let bytes = try client.clientStreaming(method: Tempme_V1_TempMeMethod.ingest, requests: messages, timeout: .seconds(60))
        return try Tempme_V1_IngestResponse(serializedBytes: bytes)
    }

    /// Text-to-video search.
    func search(_ text: String, k: UInt32 = 10, filter: [String: String] = [:]) throws -> Tempme_V1_SearchResponse {
        var request = Tempme_V1_SearchRequest()
        request.text = text
        request.k = k
        request.metadataFilter = filter
        return try call(Tempme_V1_TempMeMethod.search, request)
    }

    /// One record.
    func get(_ id: String, kind: Tempme_V1_Kind = .video) throws -> Tempme_V1_Record {
        var request = Tempme_V1_GetRequest()
        request.id = id
        request.kind = kind
        let response: Tempme_V1_GetResponse = try call(Tempme_V1_TempMeMethod.get, request)
        return response.record
    }

    /// Deletes a record; whether it existed.
    func delete(_ id: String, kind: Tempme_V1_Kind = .video) throws -> Bool {
        var request = Tempme_V1_DeleteRequest()
        request.id = id
        request.kind = kind
        let response: Tempme_V1_DeleteResponse = try call(Tempme_V1_TempMeMethod.delete, request)
        return response.deleted
    }

    /// Every record id of a kind (all pages).
    func listIDs(kind: Tempme_V1_Kind = .unspecified, pageSize: UInt32 = 2) throws -> [String] {
        var request = Tempme_V1_ListRequest()
        request.kind = kind
        request.pageSize = pageSize
        var ids: [String] = []
        repeat {
            let response: Tempme_V1_ListResponse = try call(Tempme_V1_TempMeMethod.list, request)
            ids += response.records.map(\.id)
            request.pageToken = response.nextPageToken
        } while !request.pageToken.isEmpty
        return ids
    }

    /// Counters.
    func stats() throws -> Tempme_V1_StatsResponse {
        try call(Tempme_V1_TempMeMethod.stats, Tempme_V1_StatsRequest())
    }

    /// Health of the whole server.
    func health() throws -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        let response: Grpc_Health_V1_HealthCheckResponse = try call(
            Grpc_Health_V1_HealthMethod.check, Grpc_Health_V1_HealthCheckRequest())
        return response.status
    }
}

/// The status code `body` ends with: `.ok`, or the RPCError's code (other errors are a test bug: `.unknown`).
func statusCode(_ body: () throws -> Void) -> RPCStatusCode {
    do {
        try body()
        return .ok
    } catch let error as RPCError {
        return error.code
    } catch {
        return .unknown
    }
}
