import Foundation
import TempMeClient
import TempMeProto
import Testing

/// The typed client against a fake daemon: requests go out as asked, answers and failures come back typed.
@Suite struct TempMeClientTests {
    @Test func typedCallsSendTheRequestAndDecodeTheAnswer() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        let response = try client.search("a red circle", k: 7, filter: ["lang": "en"])
        #expect(response.hits.map(\.id) == ["a red circle"])
        #expect(response.hits.first?.metadata == ["lang": "en"])
        #expect(response.candidates == 7)
        #expect(try client.stats().videoCount == 7)
    }

    @Test func failuresCarryTheStatusTheMessageAndTheExitCode() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        let missing = #expect(throws: TempMeClientError.self) { try client.get("nope") }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.hasPrefix("no video with id \"nope\" (request id ") == true)
        #expect(missing?.exitCode == TempMeExitCode.notFound)
        let unimplemented = #expect(throws: TempMeClientError.self) { try client.info() }
        #expect(unimplemented?.code == .unimplemented)
        #expect(unimplemented?.exitCode == TempMeExitCode.serverError)
        let garbage = #expect(throws: TempMeClientError.self) {
            try client.rawCall(method: Tempme_V1_TempMeMethod.search, request: [0xFF, 0xFF, 0xFF])
        }
        #expect(garbage?.code == .unknown)  // the fake's decoding error is no RPCError: gRPC reports UNKNOWN
    }

    @Test func aDaemonThatIsNotThereIsUnavailable() throws {
        let client = try TempMeClient(address: "127.0.0.1:1", options: TempMeClientOptions(timeout: .seconds(5)))
        let failure = #expect(throws: TempMeClientError.self) { try client.stats() }
        #expect(failure?.code == .unavailable)
        #expect(failure?.exitCode == TempMeExitCode.unavailable)
    }

    @Test func theBearerTokenIsSentAndAnEmptyOneIsNone() throws {
        let daemon = try FakeDaemon(token: "s3cret")
        #expect(try TempMeClient(address: daemon.address, options: TempMeClientOptions(bearerToken: "s3cret")).stats().videoCount == 7)
        for token in [nil, "", "wrong"] {
            let client = try TempMeClient(address: daemon.address, options: TempMeClientOptions(bearerToken: token))
            let failure = #expect(throws: TempMeClientError.self) { try client.stats() }
            #expect(failure?.code == .unauthenticated, "token \(String(describing: token))")
        }
    }

    @Test func listAllFollowsPageTokensFromTheGivenOne() throws {
        let daemon = try FakeDaemon()
        let client = try TempMeClient(address: daemon.address)
        #expect(try client.list(pageSize: 2).nextPageToken == "2")
        #expect(try client.listAll(pageSize: 2).map(\.id) == FakeDaemon.listIDs)
        #expect(try client.listAll(pageSize: 2, pageToken: "2").map(\.id) == ["c", "d", "e"])
    }
}
