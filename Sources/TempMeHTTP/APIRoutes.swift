// The JSON API: each route decodes a tempme.v1 request (protobuf JSON), calls the service and encodes its answer.
import Foundation
import Hummingbird
import SwiftProtobuf
import TempMeProto
import TempMeService

/// Registers `/v1/...` on a router; docs/http-api.md describes each route.
enum APIRoutes {
    /// Adds the API routes serving `service` under the limits of `settings`.
    static func register(on router: Router<HTTPRequestContext>, service: VideoSearchService, settings: HTTPSettings) {
        let json = settings.maxJSONBytes
        router.post("/v1/search") { request, _ in
            try await answer(request, limit: json) { (message: Tempme_V1_SearchRequest) in try service.search(message) }
        }
        router.post("/v1/similar") { request, _ in
            try await answer(request, limit: json) { (message: Tempme_V1_SimilarRequest) in try service.similar(message) }
        }
        router.post("/v1/get") { request, _ in
            try await answer(request, limit: json) { (message: Tempme_V1_GetRequest) in try service.get(message) }
        }
        router.post("/v1/list") { request, _ in
            try await answer(request, limit: json) { (message: Tempme_V1_ListRequest) in try service.list(message) }
        }
        router.get("/v1/stats") { _, _ in try await respond { try service.stats() } }
        router.get("/v1/info") { _, _ in try await respond { try service.info() } }
        router.get("/v1/videos/:id/thumbnails/:index") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let index = context.parameters.get("index").flatMap(Int.init) else {
                throw APIError(ServiceError.invalidArgument("the thumbnail index must be a whole number (0 is the first sampled frame)"))
            }
            let jpeg: Data
            do {
                jpeg = try await BlockingWork.run { try service.thumbnail(id: id, index: index) }
            } catch {
                throw APIError(ServiceError.from(error))
            }
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=60"],
                body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
        }
        router.put("/v1/videos/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await upload(request, id: id, service: service, maxBytes: settings.maxVideoBytes)
        }
    }

    /// Streams the body into the service's ingest: `?replace=true&filename=NAME&meta.KEY=VALUE`.
    private static func upload(_ request: Request, id: String, service: VideoSearchService, maxBytes: Int) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw APIError(ServiceError.resourceExhausted(
                "the video is \(length) bytes, over ingest.max_video_bytes = \(maxBytes); send a smaller file"))
        }
        var header = Tempme_V1_IngestHeader()
        header.id = id
        for (key, value) in request.uri.queryParameters {
            switch key {
            case "replace": header.replace = value == "true" || value == "1"
            case "filename": header.filename = String(value)
            case _ where key.hasPrefix("meta."): header.metadata[String(key.dropFirst("meta.".count))] = String(value)
            default:
                throw APIError(ServiceError.invalidArgument(
                    "unknown query parameter \(String(key).debugDescription); use replace, filename or meta.KEY"))
            }
        }
        let bridge = UploadBridge(chunkBytes: 256 << 10)
        let requestHeader = header
        async let ingested = BlockingWork.run { () throws -> Tempme_V1_IngestResponse in
            defer { bridge.abandon() }
            return try service.ingest(header: requestHeader, context: DetachedContext()) { try bridge.next() }
        }
        do {
            for try await buffer in request.body {
                let piece = Data(buffer: buffer)
                guard try await BlockingWork.run({ bridge.put(piece) }) else { break }
            }
            bridge.finish()
        } catch {
            bridge.finish(failure: "\(error)")
        }
        return try encode(try await ingested)
    }

    /// Decodes the JSON body as `Message`, runs `body` on a worker thread and encodes the answer.
    private static func answer<Message: SwiftProtobuf.Message & Sendable, Answer: SwiftProtobuf.Message & Sendable>(
        _ request: Request, limit: Int, _ body: @escaping @Sendable (Message) throws -> Answer
    ) async throws -> Response {
        let buffer = try await collect(request.body, limit: limit)
        let message: Message
        do {
            var options = JSONDecodingOptions()
            options.ignoreUnknownFields = false
            message = buffer.readableBytes == 0
                ? Message() : try Message(jsonUTF8Bytes: Array(buffer: buffer), options: options)
        } catch {
            throw APIError(ServiceError.invalidArgument(
                "the body is not a valid JSON \(Message.protoMessageName) (\(error)); see docs/http-api.md"))
        }
        return try await respond { try body(message) }
    }

    /// The whole body; 413 as soon as it passes `limit` bytes.
    private static func collect(_ body: RequestBody, limit: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await var piece in body {
            guard collected.readableBytes + piece.readableBytes <= limit else {
                throw APIError(
                    status: .contentTooLarge, code: "RESOURCE_EXHAUSTED",
                    message: "the request body is over http.max_json_bytes = \(limit) bytes; send a smaller body")
            }
            collected.writeBuffer(&piece)
        }
        return collected
    }

    /// Runs `body` on a worker thread; service errors become their HTTP status.
    private static func respond<Answer: SwiftProtobuf.Message & Sendable>(
        _ body: @escaping @Sendable () throws -> Answer
    ) async throws -> Response {
        let answer: Answer
        do {
            answer = try await BlockingWork.run(body)
        } catch {
            throw APIError(ServiceError.from(error))
        }
        return try encode(answer)
    }

    /// A message as protobuf JSON (proto field names).
    private static func encode(_ message: some SwiftProtobuf.Message) throws -> Response {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let bytes: [UInt8] = try message.jsonUTF8Bytes(options: options)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes + [UInt8(ascii: "\n")])))
    }
}
