// gRPC server reflection (grpc.reflection.v1 and v1alpha, the same messages) from the compiled-in descriptor set,
// so grpcurl and grpcio-reflection list and describe tempmed's services without the .proto files.
import Foundation
import SwiftProtobuf
import TempMeProto
import TempMeRPC

/// Serves ServerReflectionInfo: one answer per question for as long as the client keeps the stream open.
enum ReflectionService {
    /// Registers both protocol versions on `router`; the wire format is identical, so one handler serves both.
    static func register(into router: inout RPCRouter, index: DescriptorIndex = .served) {
        for method in [
            Grpc_Reflection_V1_ServerReflectionMethod.serverReflectionInfo,
            Grpc_Reflection_V1alpha_ServerReflectionMethod.serverReflectionInfo,
        ] {
            router.register(method) { call in
                while let bytes = try call.receive() {
                    let request: Grpc_Reflection_V1_ServerReflectionRequest
                    do {
                        request = try Grpc_Reflection_V1_ServerReflectionRequest(serializedBytes: bytes)
                    } catch {
                        throw RPCError(code: .invalidArgument, message: "not a ServerReflectionRequest: \(error)")
                    }
                    let response = answer(request, index: index)
                    do {
                        try call.send(try response.serializedBytes())
                    } catch let error as RPCError {
                        throw error
                    } catch {
                        throw RPCError(code: .internal, message: "could not encode the reflection answer: \(error)")
                    }
                }
            }
        }
    }

    /// The answer to one question.
    static func answer(
        _ request: Grpc_Reflection_V1_ServerReflectionRequest, index: DescriptorIndex
    ) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = request.host
        response.originalRequest = request
        switch request.messageRequest {
        case .listServices?:
            var list = Grpc_Reflection_V1_ListServiceResponse()
            list.service = index.services.map { name in
                var service = Grpc_Reflection_V1_ServiceResponse()
                service.name = name
                return service
            }
            response.listServicesResponse = list
        case .fileByFilename(let name)?:
            response.messageResponse = files(index.fileWithImports(name), missing: "no file \(name.debugDescription)")
        case .fileContainingSymbol(let symbol)?:
            let file = index.fileOfSymbol[symbol].flatMap { index.fileWithImports($0) }
            response.messageResponse = files(file, missing: "no symbol \(symbol.debugDescription)")
        case .fileContainingExtension(let request)?:
            response.messageResponse = error(.notFound, "no extension \(request.extensionNumber) of \(request.containingType) (tempmed defines none)")
        case .allExtensionNumbersOfType(let type)?:
            if index.fileOfSymbol[type] != nil {
                var numbers = Grpc_Reflection_V1_ExtensionNumberResponse()
                numbers.baseTypeName = type
                response.allExtensionNumbersResponse = numbers
            } else {
                response.messageResponse = error(.notFound, "no type \(type.debugDescription)")
            }
        case nil:
            response.messageResponse = error(.invalidArgument, "the request asks nothing; set one of its questions")
        }
        return response
    }

    private static func files(
        _ files: [Data]?, missing: String
    ) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        guard let files else { return error(.notFound, missing) }
        var found = Grpc_Reflection_V1_FileDescriptorResponse()
        found.fileDescriptorProto = files
        return .fileDescriptorResponse(found)
    }

    private static func error(
        _ code: RPCStatusCode, _ message: String
    ) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        var failure = Grpc_Reflection_V1_ErrorResponse()
        failure.errorCode = code.rawValue
        failure.errorMessage = message
        return .errorResponse(failure)
    }
}
