// Request bounds, path confinement, error-to-status mapping and List cursors, without a model.
import Foundation
import TempMeTestSupport
import Testing
import TempMeProto
import TempMeStore
import TempMeVideo
@testable import TempMeService

@Suite("Request validation")
struct RequestValidationTests {
    let limits = RequestLimits(maxK: 1000, maxTextBytes: 64)

    @Test("k: 0 means the default, 1...maxK pass, more is INVALID_ARGUMENT")
    func kBounds() throws {
        #expect(try limits.k(0) == RequestLimits.defaultK)
        #expect(try limits.k(1) == 1)
        #expect(try limits.k(1000) == 1000)
        #expect(throws: ServiceError.self) { try limits.k(1001) }
        #expect(throws: ServiceError.self) { try limits.k(1_000_000) }
    }

    @Test("texts must be non-blank and within the byte limit")
    func textBounds() throws {
        try limits.text("a query", field: "text")
        for bad in ["", "  \n\t", String(repeating: "é", count: 33)] {
            #expect(throws: ServiceError.self) { try limits.text(bad, field: "text") }
        }
    }

    @Test("ids: empty, over 512 bytes and control characters are refused")
    func idBounds() throws {
        try limits.id("video-1")
        try limits.id(String(repeating: "x", count: 512))
        for bad in ["", String(repeating: "x", count: 513), "a\u{0}b", "line\nbreak"] {
            #expect(throws: ServiceError.self) { try limits.id(bad) }
        }
    }

    @Test("the store's record rules refuse request fields, and the message names the field")
    func messagesNameTheField() throws {
        func refusal(_ check: () throws -> Void) -> ServiceError? {
            do {
                try check()
                return nil
            } catch {
                return error as? ServiceError
            }
        }
        #expect(refusal { try limits.id("", field: "texts[3].id") } == .invalidArgument("texts[3].id is empty; give a non-empty UTF-8 id"))
        #expect(refusal { try limits.id("e\u{301}", field: "video_id") }?.description.hasPrefix("video_id \"e\u{301}\" is not in Unicode NFC") == true)
        #expect(refusal { try limits.metadata(["": "v"], field: "metadata_filter") } == .invalidArgument("metadata_filter rejected: a key is empty"))
        #expect(refusal { try limits.text(String(repeating: "a", count: 65), field: "texts[0].text") }
            == .invalidArgument("texts[0].text is 65 bytes; texts may be at most 64 bytes (search.max_text_bytes)"))
        #expect(StoreError.emptyID.message(naming: "id") == "id is empty; give a non-empty UTF-8 id")
        #expect(StoreError.closed.message(naming: "id") == StoreError.closed.description)
    }

    @Test("upload chunks: all but the last hold at least 1 KiB (half the message limit if smaller)")
    func chunkMinimum() throws {
        try limits.nonFinalChunk(bytes: 1024)
        #expect { try limits.nonFinalChunk(bytes: 1) } throws: { error in
            guard case let .invalidArgument(message) = error as? ServiceError else { return false }
            return message.contains("at least 1024 bytes")
        }
        #expect(RequestLimits.minChunkBytes(maxMessageBytes: 4 << 20) == 1024)
        #expect(RequestLimits.minChunkBytes(maxMessageBytes: 1024) == 512)
    }

    @Test("metadata: pair count and key/value sizes")
    func metadataBounds() throws {
        try limits.metadata(["k": "v"])
        #expect(throws: ServiceError.self) { try limits.metadata(["": "v"]) }
        #expect(throws: ServiceError.self) { try limits.metadata([String(repeating: "k", count: 300): "v"]) }
        let many = Dictionary(uniqueKeysWithValues: (0...StoreLimits.maxMetadataPairs).map { ("k\($0)", "v") })
        #expect(throws: ServiceError.self) { try limits.metadata(many) }
    }

    @Test("paths resolve under a root; outside, dot-dot and symlink escapes are PERMISSION_DENIED")
    func confinement() throws {
        let directory = try TemporaryDirectory()
        let root = try directory.makeDirectory("root")
        let outside = try directory.write("outside.mp4", "x")
        let inside = try directory.write("root/inside.mp4", "x")
        try FileManager.default.createSymbolicLink(atPath: root + "/link.mp4", withDestinationPath: outside)
        let confinement = PathConfinement(roots: [root])
        #expect(try confinement.resolve(inside).hasSuffix("/root/inside.mp4"))
        func code(_ path: String) -> ServiceStatus? {
            do {
                _ = try confinement.resolve(path)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(outside) == .permissionDenied)
        #expect(code(root + "/../outside.mp4") == .permissionDenied)
        #expect(code(root + "/link.mp4") == .permissionDenied)
        #expect(code(root + "/missing.mp4") == .notFound)
        #expect(code(root + "/../missing.mp4") == .permissionDenied)
        #expect(code("relative.mp4") == .invalidArgument)
        #expect(code(root + "x/inside.mp4") == .permissionDenied)  // a sibling sharing the prefix
        let disabled = PathConfinement(roots: [])
        #expect((try? disabled.resolve(inside)) == nil)
    }

    @Test("store and video errors map to the documented status codes")
    func errorMapping() {
        let cases: [(any Error, ServiceStatus)] = [
            (StoreError.emptyID, .invalidArgument),
            (StoreError.alreadyExists(id: "a"), .alreadyExists),
            (StoreError.destinationExists(path: "/x"), .alreadyExists),
            (StoreError.diskFull(path: "/", detail: ""), .resourceExhausted),
            (StoreError.closed, .unavailable),
            (StoreError.recordNotFound(id: "a", kind: .video), .notFound),
            (StoreError.recordNotSearchable(id: "a", kind: .video), .failedPrecondition),
            (StoreError.corruptDatabase(path: "/", detail: ""), .internal),
            (VideoError.corruptStream(reason: "x"), .invalidArgument),
            (VideoError.unrecognizedFormat(reason: "x"), .invalidArgument),
            (VideoError.emptyInput, .invalidArgument),
            (VideoError.inputTooLarge(bytes: 2, limit: 1), .resourceExhausted),
            (VideoError.timeLimitExceeded(seconds: 1), .deadlineExceeded),
            (VideoError.streamFailed(reason: "x"), .cancelled),
            (ServiceError.permissionDenied("x"), .permissionDenied),
        ]
        for (error, code) in cases {
            #expect(ServiceError.from(error).code == code, "\(error)")
            #expect(!ServiceError.from(error).description.isEmpty)
        }
    }

    @Test("List cursors resume within a kind and move on to the next kind")
    func listCursor() throws {
        var cursor = try ListCursor(token: "", requested: .unspecified)
        #expect(cursor.kind == .video)
        cursor.advance(to: "b", lastID: "b")
        let token = cursor.token
        var resumed = try ListCursor(token: token, requested: .unspecified)
        #expect(resumed.kind == .video)
        #expect(resumed.after == "b")
        resumed.advance(to: nil, lastID: "c")
        #expect(resumed.kind == .text)
        #expect(resumed.after == nil)
        resumed.advance(to: nil, lastID: nil)
        #expect(resumed.token == "")
        #expect(throws: ServiceError.self) { try ListCursor(token: "not base64!", requested: .video) }
        #expect(throws: ServiceError.self) { try ListCursor(token: token, requested: .text) }
    }
}
