// What only the Milvus backend has: a collection made by someone else, and a Milvus that goes away.
import Foundation
import TempMeMilvus
import TempMeStore
import TempMeTestSupport
import Testing

@Suite(.serialized) struct MilvusCollectionTests {
    @Test("a collection of another dimension is refused at open, naming both dimensions")
    func refusesAnotherDimension() throws {
        let server = try MilvusServer.shared()
        let name = StoreBackends.uniqueCollection()
        _ = try MilvusStore(settings: StoreBackends.settings(server, collection: name),
                            configuration: StoreConfiguration(dimension: 8, modelFingerprint: StoreBackends.fingerprint))
        #expect {
            try MilvusStore(settings: StoreBackends.settings(server, collection: name),
                            configuration: StoreConfiguration(dimension: 16, modelFingerprint: StoreBackends.fingerprint))
        } throws: { error in
            guard case .incompatibleBackend(let reason) = error as? StoreError else { return false }
            return reason.contains("8 dimensions") && reason.contains("makes 16")
        }
    }

    @Test("records of another model are refused at open unless included, like the embedded store")
    func foreignRecords() throws {
        let server = try MilvusServer.shared()
        let name = StoreBackends.uniqueCollection()
        let first = try MilvusStore(settings: StoreBackends.settings(server, collection: name),
                                    configuration: StoreConfiguration(dimension: 8, modelFingerprint: "model-a"))
        try first.putVideo(Records.video("old", Records.embedding(1), fingerprint: "model-a"))
        #expect {
            try MilvusStore(settings: StoreBackends.settings(server, collection: name),
                            configuration: StoreConfiguration(dimension: 8, modelFingerprint: "model-b"))
        } throws: { error in
            guard case .foreignRecords(let count, let example, let fingerprint, let expected) = error as? StoreError else { return false }
            return count == 1 && example == "old" && fingerprint == "model-a" && expected == "model-b"
        }
        let including = try MilvusStore(
            settings: StoreBackends.settings(server, collection: name),
            configuration: StoreConfiguration(dimension: 8, modelFingerprint: "model-b", foreignFingerprints: .include))
        #expect(try including.count(kind: .video) == 1)
    }

    @Test("an unreachable Milvus is backendUnavailable after the retries, and nothing crashes")
    func unreachable() throws {
        let port = try MilvusServer.freeLoopbackPort()
        let settings = MilvusSettings(address: "127.0.0.1:\(port)", callTimeout: .seconds(2), retries: 1)
        #expect {
            try MilvusStore(settings: settings, configuration: StoreConfiguration(dimension: 8, modelFingerprint: "m"))
        } throws: { error in
            guard case .backendUnavailable(let reason) = error as? StoreError else { return false }
            return reason.contains("Milvus is unavailable")
        }
    }
}
