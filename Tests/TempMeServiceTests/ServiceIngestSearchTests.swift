// The service in process: ingest, search, replace, delete and filters against independent arithmetic.
import Foundation
import TempMeProto
import TempMeService
import TempMeTestSupport
import Testing

/// Ingest and search through `VideoSearchService` with no transport in between.
@Suite(.serialized) struct ServiceIngestSearchTests {
    @Test("ingest by path and by stream stores what the engine computes for the clip")
    func ingestStoresTheEngineEmbedding() throws {
        let fixture = try ServiceFixture()
        let byPath = try fixture.ingest("testsrc", as: "a", metadata: ["lang": "en"])
        #expect(byPath.id == "a")
        #expect(byPath.sampledFrames.count == 12)
        #expect(!byPath.replaced)
        let streamed = try fixture.upload("testsrc", as: "b")
        #expect(streamed.sampledFrames == byPath.sampledFrames)
        let expected = try fixture.engineEmbedding(of: "testsrc")
        for id in ["a", "b"] {
            let record = try fixture.video(id)
            #expect(record.embedding == expected, "\(id) differs from the engine's embedding")
        }
        #expect(try fixture.video("a").metadata == ["lang": "en"])
        #expect(try fixture.video("b").video.sampledFrames == byPath.sampledFrames)
    }

    @Test("text search ranks by cosine computed independently, best first, k bounded by the store")
    func searchScoresAreCosines() throws {
        let fixture = try ServiceFixture()
        for name in ["testsrc", "red", "bars"] { try fixture.ingest(name, as: name) }
        let query = "a red square"
        let response = try fixture.search(query, k: 10)
        #expect(response.hits.count == 3)
        #expect(response.candidates == 3)
        let text = try fixture.engineEmbedding(text: query)
        var expected: [(String, Double)] = []
        for name in ["testsrc", "red", "bars"] { expected.append((name, cosine(try fixture.engineEmbedding(of: name), text))) }
        expected.sort { $0.1 > $1.1 }
        #expect(response.hits.map(\.id) == expected.map(\.0))
        for (hit, (_, score)) in zip(response.hits, expected) {
            #expect(abs(Double(hit.score) - score) < 1e-5, "\(hit.id): \(hit.score) vs \(score)")
            #expect(hit.kind == .video)
        }
        #expect(try fixture.search(query, k: 2).hits.map(\.id) == Array(expected.prefix(2).map(\.0)))
    }

    @Test("a taken id is ALREADY_EXISTS unless replace; replace reports it and updates the record")
    func replace() throws {
        let fixture = try ServiceFixture()
        try fixture.ingest("red", as: "clip", metadata: ["v": "1"])
        #expect { try fixture.ingest("bars", as: "clip") } throws: { ($0 as? ServiceError)?.code == .alreadyExists }
        #expect(try fixture.video("clip").metadata == ["v": "1"])
        let replaced = try fixture.ingest("bars", as: "clip", metadata: ["v": "2"], replace: true)
        #expect(replaced.replaced)
        let record = try fixture.video("clip")
        #expect(record.metadata == ["v": "2"])
        #expect(record.embedding == (try fixture.engineEmbedding(of: "bars")))
        #expect(!(try fixture.ingest("red", as: "fresh", replace: true)).replaced)
    }

    @Test("delete removes the record from get, search and stats; a second delete reports nothing deleted")
    func delete() throws {
        let fixture = try ServiceFixture()
        try fixture.ingest("red", as: "r")
        try fixture.ingest("bars", as: "b")
        #expect(try fixture.deleteVideo("r"))
        #expect(!(try fixture.deleteVideo("r")))
        #expect { try fixture.video("r") } throws: { ($0 as? ServiceError)?.code == .notFound }
        #expect(try fixture.search("red").hits.map(\.id) == ["b"])
        #expect(try fixture.service.stats().videoCount == 1)
    }

    @Test("metadata filters narrow search and list to records carrying every pair")
    func filters() throws {
        let fixture = try ServiceFixture()
        try fixture.ingest("testsrc", as: "t", metadata: ["lang": "en", "set": "a"])
        try fixture.ingest("red", as: "r", metadata: ["lang": "en", "set": "b"])
        try fixture.ingest("bars", as: "b", metadata: ["lang": "de", "set": "a"])
        let english = try fixture.search("colour", filter: ["lang": "en"])
        #expect(Set(english.hits.map(\.id)) == ["t", "r"])
        #expect(english.hits.allSatisfy { $0.metadata["lang"] == "en" })
        #expect(try fixture.search("colour", filter: ["lang": "en", "set": "a"]).hits.map(\.id) == ["t"])
        #expect(try fixture.search("colour", filter: ["lang": "fr"]).hits.isEmpty)
        var list = Tempme_V1_ListRequest()
        list.kind = .video
        list.metadataFilter = ["set": "a"]
        #expect(try fixture.service.list(list).records.map(\.id) == ["b", "t"])
    }

    @Test("bad requests fail with INVALID_ARGUMENT or NOT_FOUND and store nothing")
    func badRequests() throws {
        let fixture = try ServiceFixture()
        #expect { try fixture.search("   ") } throws: { ($0 as? ServiceError)?.code == .invalidArgument }
        #expect { try fixture.search("x", k: 5000) } throws: { ($0 as? ServiceError)?.code == .invalidArgument }
        #expect { try fixture.ingest("red", as: "") } throws: { ($0 as? ServiceError)?.code == .invalidArgument }
        var similar = Tempme_V1_SimilarRequest()
        similar.videoID = "missing"
        #expect { try fixture.service.similar(similar) } throws: { ($0 as? ServiceError)?.code == .notFound }
        var outside = Tempme_V1_IngestPathRequest()
        outside.path = "/etc/hostname"
        outside.id = "x"
        #expect { try fixture.service.ingestPath(outside, context: DetachedContext()) } throws: {
            ($0 as? ServiceError)?.code == .permissionDenied
        }
        #expect(try fixture.service.stats().videoCount == 0)
    }

    @Test("once draining begins every request is UNAVAILABLE")
    func draining() throws {
        let fixture = try ServiceFixture()
        try fixture.ingest("red", as: "r")
        fixture.service.beginDraining()
        #expect { try fixture.search("red") } throws: { ($0 as? ServiceError)?.code == .unavailable }
        #expect { try fixture.ingest("bars", as: "b") } throws: { ($0 as? ServiceError)?.code == .unavailable }
    }
}
