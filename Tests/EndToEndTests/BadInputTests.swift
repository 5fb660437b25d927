// Bad input over the wire: each request gets the right status code and the daemon keeps serving, nothing lost.
import Foundation
import TempMeTestSupport
import Testing
import TempMeClient
import TempMeProto

@Suite("Bad input over the wire")
struct WireBadInputTests {
    @Test("malformed requests get precise codes; stored records survive")
    func malformedRequests() throws {
        let root = try TestEnvironment.scratchDirectory("bad")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let daemon = try DaemonProcess(
            dataDirectory: root + "/data", extraArguments: ["--set", "max_message_bytes=262144"])
        let client = try daemon.client()
        let red = try Data(contentsOf: URL(fileURLWithPath: videos["red"]!))
        _ = try client.ingest(id: "red", data: red)

        // Corrupt and empty videos.
        var corrupt = Data("this is not a video at all".utf8)
        corrupt.append(Data(repeating: 0x42, count: 4096))
        #expect(statusCode { _ = try client.ingest(id: "corrupt", data: corrupt) } == .invalidArgument)
        var truncated = try Data(contentsOf: URL(fileURLWithPath: videos["testsrc"]!))
        truncated = truncated.prefix(truncated.count / 3)
        #expect(statusCode { _ = try client.ingest(id: "truncated", data: truncated) } != .ok)
        #expect(statusCode { _ = try client.ingest(id: "empty", data: Data()) } == .invalidArgument)

        // Ids: duplicate, empty, too long, replace allowed.
        #expect(statusCode { _ = try client.ingest(id: "red", data: red) } == .alreadyExists)
        #expect(statusCode { _ = try client.ingest(id: "red", data: red, replace: true) } == .ok)
        #expect(statusCode { _ = try client.ingest(id: "", data: red) } == .invalidArgument)
        #expect(statusCode { _ = try client.ingest(id: String(repeating: "x", count: 600), data: red) } == .invalidArgument)

        // Texts and k.
        #expect(statusCode { _ = try client.search("") } == .invalidArgument)
        #expect(statusCode { _ = try client.search("   ") } == .invalidArgument)
        #expect(statusCode { _ = try client.search(String(repeating: "long text ", count: 10_000)) } == .invalidArgument)
        #expect(statusCode { _ = try client.search("red", k: 0) } == .ok)
        #expect(statusCode { _ = try client.search("red", k: 1_000_000) } == .invalidArgument)
        #expect(statusCode { _ = try client.search("red", k: 1000) } == .ok)

        // Unknown ids and kinds.
        #expect(statusCode { _ = try client.get("nope") } == .notFound)
        #expect(statusCode { _ = try client.get("red", kind: .unspecified) } == .invalidArgument)
        #expect(statusCode { _ = try client.similar(to: "nope") } == .notFound)
        #expect(statusCode { _ = try client.searchTexts(for: "nope") } == .notFound)
        #expect(try !client.delete("nope").deleted)

        // Duplicate texts, inside a batch and against the store.
        var item = Tempme_V1_TextItem()
        item.id = "t"
        item.text = "a caption"
        #expect(statusCode { _ = try client.addTexts([item, item]) } == .invalidArgument)
        #expect(statusCode { _ = try client.addTexts([item]) } == .ok)
        #expect(statusCode { _ = try client.addTexts([item]) } == .alreadyExists)

        // Oversize messages: a unary request and an Ingest chunk over max_message_bytes.
        #expect(statusCode { _ = try client.search(String(repeating: "a", count: 300_000)) } == .resourceExhausted)
        #expect(statusCode { _ = try client.ingest(id: "big", data: Data(count: 400_000), chunkBytes: 400_000) } == .resourceExhausted)

        // Garbage bytes instead of a protobuf message.
        #expect(statusCode { _ = try client.rawCall(method: Tempme_V1_TempMeMethod.search, request: [0xFF, 0xFF, 0xFF]) } == .invalidArgument)
        #expect(statusCode { _ = try client.rawCall(method: "/tempme.v1.TempMe/NoSuchMethod", request: []) } == .unimplemented)

        // Still serving, nothing lost.
        #expect(try client.health() == .serving)
        #expect(try client.listAll(pageSize: 2).map(\.id) == ["red", "t"])
        #expect(try client.search("red").hits.map(\.id) == ["red"])
        #expect(daemon.isRunning)
        #expect(daemon.stop() == 0)
    }

    @Test("a stream cancelled half way stores nothing (no record, no thumbnails); a full queue answers RESOURCE_EXHAUSTED")
    func cancelledStreamAndFullQueue() throws {
        let root = try TestEnvironment.scratchDirectory("cancel")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--set", "ingest.queue_capacity=1"])
        let client = try daemon.client()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: videos["testsrc"]!))

        // Half an upload, then cancel.
        var header = Tempme_V1_IngestHeader()
        header.id = "half"
        let upload = try client.openIngest(header)
        #expect(try upload.send(bytes.prefix(bytes.count / 2)))

        // While it holds the only queue slot, another ingest is refused.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(statusCode { _ = try client.ingest(id: "second", data: bytes) } == .resourceExhausted)

        upload.cancel()
        #expect(statusCode { _ = try upload.finish() } == .cancelled)

        // The slot is released and the daemon serves; the cancelled video is absent.
        var stored = false
        for _ in 0..<50 where !stored {
            stored = statusCode { _ = try client.ingest(id: "second", data: bytes) } == .ok
            if !stored { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(stored)
        #expect(statusCode { _ = try client.get("half") } == .notFound)
        #expect(try client.listAll(pageSize: 2).map(\.id) == ["second"])
        #expect(try daemon.thumbnailFolders() == ["second": Int(client.info().frames)], "no thumbnails folder for the cancelled upload")
        #expect(try client.stats().ingestFailuresTotal >= 2)
        #expect(daemon.stop() == 0)
    }

    @Test("with a token configured, calls without it or with a wrong one are UNAUTHENTICATED; health stays open")
    func bearerToken() throws {
        let root = try TestEnvironment.scratchDirectory("auth")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tokenFile = root + "/token"
        try "s3cret-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--set", "security.auth_token_file=\(tokenFile)"])
        #expect(statusCode { _ = try daemon.client().stats() } == .unauthenticated)
        #expect(statusCode { _ = try daemon.client(token: "wrong").stats() } == .unauthenticated)
        #expect(statusCode { _ = try daemon.client(token: "wrong").search("x") } == .unauthenticated)
        #expect(statusCode { _ = try daemon.client(token: "s3cret-token").stats() } == .ok)
        #expect(try daemon.client().health() == .serving)

        let ctl = try TestEnvironment.tempmectl(["stats", "--json"], server: daemon.address)
        #expect(ctl.status == 1)
        #expect((ctl.json?["error"] as? [String: Any])?["status"] as? String == "UNAUTHENTICATED")
        let authorized = try TestEnvironment.tempmectl(["--token", "s3cret-token", "stats", "--json"], server: daemon.address)
        #expect(authorized.status == 0)
        #expect(daemon.stop() == 0)
    }
}
