import TempMeBasics

/// Decides whether a call may proceed under the server's bearer-token policy.
struct RPCAuthorization: Sendable {
    let token: [UInt8]?
    let scope: RPCTokenScope
    let exemptMethods: Set<String>

    init(options: RPCServerOptions) {
        self.token = options.bearerToken.map { Array("Bearer \($0)".utf8) }
        self.scope = options.tokenScope
        self.exemptMethods = options.methodsWithoutToken
    }

    /// Throws UNAUTHENTICATED when the call needs a token and lacks the right one.
    func check(_ call: RPCCall) throws(RPCError) {
        guard let token, !exemptMethods.contains(call.method) else { return }
        if scope == .remotePeersOnly && RPCAuthorization.isLocal(peer: call.peer) { return }
        guard let presented = call.metadata["authorization"] else {
            throw RPCError(code: .unauthenticated, message: "missing 'authorization: Bearer <token>' header")
        }
        guard ConstantTimeComparison.equal(Array(presented.utf8), token) else {
            throw RPCError(code: .unauthenticated, message: "the bearer token is not valid")
        }
    }

    /// Unix-socket and loopback peers count as local.
    static func isLocal(peer: String) -> Bool {
        peer.hasPrefix("unix:") || peer.hasPrefix("ipv4:127.") || peer.hasPrefix("ipv6:[::1]")
            || peer.hasPrefix("ipv6:%5B::1%5D")
    }
}
