/// Handles one call: read requests, send responses, return normally for OK or throw `RPCError`.
public typealias RPCHandler = @Sendable (RPCCall) throws -> Void

/// Handles a unary call: one request in, one response out.
public typealias RPCUnaryHandler = @Sendable (_ request: [UInt8], _ call: RPCCall) throws -> [UInt8]

/// Handles a server-streaming call: one request in, any number of `call.send` out.
public typealias RPCServerStreamingHandler = @Sendable (_ request: [UInt8], _ call: RPCCall) throws -> Void

/// Handles a client-streaming call: read with `call.receive()` until nil, return one response.
public typealias RPCClientStreamingHandler = @Sendable (_ call: RPCCall) throws -> [UInt8]

/// The method table of a server: full method name to handler; fixed once the server starts.
public struct RPCRouter: Sendable {
    private(set) var handlers: [String: RPCHandler] = [:]

    /// An empty table (every method answers UNIMPLEMENTED).
    public init() {}

    /// Registers a raw handler for `method` (e.g. `/tempme.v1.TempMe/Ingest`), replacing any other.
    public mutating func register(_ method: String, handler: @escaping RPCHandler) {
        handlers[method] = handler
    }

    /// Registers a unary handler.
    public mutating func registerUnary(_ method: String, handler: @escaping RPCUnaryHandler) {
        register(method) { call in
            let request = try RPCRouter.singleRequest(call)
            try call.send(try handler(request, call))
        }
    }

    /// Registers a server-streaming handler.
    public mutating func registerServerStreaming(_ method: String, handler: @escaping RPCServerStreamingHandler) {
        register(method) { call in
            try handler(try RPCRouter.singleRequest(call), call)
        }
    }

    /// Registers a client-streaming handler.
    public mutating func registerClientStreaming(_ method: String, handler: @escaping RPCClientStreamingHandler) {
        register(method) { call in
            try call.send(try handler(call))
        }
    }

    /// The handler for a method, if any.
    func handler(for method: String) -> RPCHandler? {
        handlers[method]
    }

    /// Reads the one request message a unary or server-streaming call must carry.
    private static func singleRequest(_ call: RPCCall) throws(RPCError) -> [UInt8] {
        guard let request = try call.receive() else {
            throw RPCError(code: .invalidArgument, message: "\(call.method) expects one request message, got none")
        }
        return request
    }
}
