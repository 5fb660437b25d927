// The thin layer between the byte-level gRPC router and the typed service: decode, call, encode.
import Foundation
import SwiftProtobuf
import TempMeProto
import TempMeRPC
import TempMeService

extension RPCCall: RequestContext {}

/// Registers every tempme.v1.TempMe method of a `VideoSearchService` on an `RPCRouter`.
public enum TempMeRPCAdapter {
    /// A router serving `service`, with gRPC server reflection.
    public static func router(for service: VideoSearchService) -> RPCRouter {
        var router = RPCRouter()
        register(into: &router, service: service)
        ReflectionService.register(into: &router)
        return router
    }

    /// Adds the TempMe methods of `service` to `router`.
    public static func register(into router: inout RPCRouter, service: VideoSearchService) {
        router.registerClientStreaming(Tempme_V1_TempMeMethod.ingest) { call in
            try encode(try serving { try ingest(call, service: service) })
        }
        unary(&router, Tempme_V1_TempMeMethod.ingestPath) { (request: Tempme_V1_IngestPathRequest, call) in
            try service.ingestPath(request, context: call)
        }
        unary(&router, Tempme_V1_TempMeMethod.addTexts) { (request: Tempme_V1_AddTextsRequest, _) in
            try service.addTexts(request)
        }
        unary(&router, Tempme_V1_TempMeMethod.search) { (request: Tempme_V1_SearchRequest, _) in
            try service.search(request)
        }
        unary(&router, Tempme_V1_TempMeMethod.searchTexts) { (request: Tempme_V1_SearchTextsRequest, _) in
            try service.searchTexts(request)
        }
        unary(&router, Tempme_V1_TempMeMethod.similar) { (request: Tempme_V1_SimilarRequest, _) in
            try service.similar(request)
        }
        unary(&router, Tempme_V1_TempMeMethod.get) { (request: Tempme_V1_GetRequest, _) in try service.get(request) }
        unary(&router, Tempme_V1_TempMeMethod.delete) { (request: Tempme_V1_DeleteRequest, _) in
            try service.delete(request)
        }
        unary(&router, Tempme_V1_TempMeMethod.list) { (request: Tempme_V1_ListRequest, _) in try service.list(request) }
        unary(&router, Tempme_V1_TempMeMethod.stats) { (_: Tempme_V1_StatsRequest, _) in try service.stats() }
        unary(&router, Tempme_V1_TempMeMethod.info) { (_: Tempme_V1_InfoRequest, _) in try service.info() }
        unary(&router, Tempme_V1_TempMeMethod.backup) { (request: Tempme_V1_BackupRequest, _) in
            try service.backup(request)
        }
    }

    /// Reads the header, then feeds chunks to the service as they arrive.
    private static func ingest(_ call: RPCCall, service: VideoSearchService) throws -> Tempme_V1_IngestResponse {
        guard let first = try receive(call) else {
            throw ServiceError.invalidArgument("the Ingest stream is empty; send an IngestRequest with a header first")
        }
        let opening: Tempme_V1_IngestRequest = try decode(first)
        guard case .header(let header)? = opening.part else {
            throw ServiceError.invalidArgument("the first Ingest message must carry the header (id, metadata)")
        }
        return try service.ingest(header: header, context: call) { () throws -> Data? in
            guard let bytes = try receive(call) else { return nil }
            let message: Tempme_V1_IngestRequest = try decode(bytes)
            switch message.part {
            case .chunk(let chunk)?: return chunk
            case .header?: throw ServiceError.invalidArgument("a second header arrived in the Ingest stream; send the header once, first")
            case nil: return Data()
            }
        }
    }

    /// The next message of a client stream; a failed read becomes the ServiceError it amounts to.
    private static func receive(_ call: RPCCall) throws(ServiceError) -> [UInt8]? {
        do {
            return try call.receive()
        } catch {
            switch error.code {
            case .cancelled: throw .cancelled(error.message)
            case .deadlineExceeded: throw .deadlineExceeded(error.message)
            case .resourceExhausted: throw .resourceExhausted(error.message)
            case .invalidArgument: throw .invalidArgument(error.message)
            default: throw .internal(error.message)
            }
        }
    }

    /// Registers a unary method with typed request and response.
    private static func unary<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ router: inout RPCRouter, _ method: String,
        _ handler: @escaping @Sendable (Request, RPCCall) throws -> Response
    ) {
        router.registerUnary(method) { bytes, call in
            try encode(try serving { try handler(try decode(bytes), call) })
        }
    }

    /// Runs a handler, turning any failure into the RPCError its ServiceError maps to.
    private static func serving<T>(_ body: () throws -> T) throws(RPCError) -> T {
        do {
            return try body()
        } catch {
            throw rpcError(ServiceError.from(error))
        }
    }

    /// The gRPC status sent for a service failure: the same code number and the message.
    public static func rpcError(_ error: ServiceError) -> RPCError {
        RPCError(code: RPCStatusCode(wireValue: error.code.rawValue), message: error.description)
    }

    private static func decode<Message: SwiftProtobuf.Message>(_ bytes: [UInt8]) throws -> Message {
        do {
            return try Message(serializedBytes: bytes)
        } catch {
            throw ServiceError.invalidArgument("the request is not a valid \(Message.protoMessageName) message (\(error))")
        }
    }

    private static func encode(_ message: some SwiftProtobuf.Message) throws -> [UInt8] {
        do {
            return try message.serializedBytes()
        } catch {
            throw RPCError(code: .internal, message: "could not encode the response: \(error)")
        }
    }
}
