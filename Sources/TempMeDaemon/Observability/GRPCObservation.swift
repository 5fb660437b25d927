// Every finished gRPC call: one access log line and the request metrics.
import Foundation
import Logging
import TempMeMetrics
import TempMeRPC

/// Builds the gRPC server's call observer.
enum GRPCObservation {
    /// An observer that logs each call at `accessLevel` (nil: no access log) and records it in the metrics.
    static func observer(accessLevel: Logger.Level?) -> RPCCallObserver {
        let logger = Logger(label: "tempmed.access")  // lines below log.level are dropped like any other
        return { call in
            ServiceMetrics.call(transport: "grpc", method: call.method, status: call.status.description, seconds: call.seconds)
            guard let accessLevel else { return }
            logger.log(level: accessLevel, "grpc call", metadata: [
                "request_id": "\(call.requestID)", "method": "\(call.method)", "status": "\(call.status.description)",
                "duration_ms": "\(String(format: "%.2f", call.seconds * 1000))", "peer": "\(call.peer)",
                "request_bytes": "\(call.receivedBytes)", "response_bytes": "\(call.sentBytes)",
            ])
        }
    }
}
