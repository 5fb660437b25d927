import Foundation
import TempMeTestSupport
import Testing
@testable import TempMeDaemon

/// `store.backend` and the `[store.milvus]` table.
@Suite struct MilvusConfigurationTests {
    @Test("the embedded store is the default and the Milvus settings have their documented defaults")
    func defaults() throws {
        let configuration = try DaemonConfiguration.parse(toml: nil, workingDirectory: "/srv")
        #expect(configuration.store.backend == .embedded)
        let milvus = configuration.store.milvus
        #expect(milvus.address == nil && milvus.collection == "tempmed" && milvus.index == .flat)
        #expect(milvus.consistency == .strong && milvus.retries == 3 && milvus.callTimeoutSeconds == 10)
        #expect((milvus.hnswM, milvus.hnswEfConstruction, milvus.hnswEf) == (16, 200, 64))
    }

    @Test("a [store.milvus] table is read, its files too, and the rendered TOML reads back the same")
    func milvusTable() throws {
        let directory = try TemporaryDirectory()
        try directory.write("milvus.token", "root:Milvus\n")
        let toml = """
            [store]
            backend = "milvus"
            [store.milvus]
            address = "10.0.0.5:19530"
            collection = "videos_prod"
            token_file = "milvus.token"
            index = "hnsw"
            hnsw_ef = 128
            consistency = "bounded"
            """
        let configuration = try DaemonConfiguration.parse(toml: toml, workingDirectory: directory.path)
        let milvus = configuration.store.milvus
        #expect(configuration.store.backend == .milvus)
        #expect(milvus.address == "10.0.0.5:19530" && milvus.collection == "videos_prod")
        #expect(milvus.tokenFile == directory.path + "/milvus.token" && milvus.token == "root:Milvus")
        #expect(milvus.index == .hnsw && milvus.hnswEf == 128 && milvus.consistency == .bounded)
        #expect(!configuration.renderedTOML().contains("root:Milvus"))
        #expect(try DaemonConfiguration.parse(toml: configuration.renderedTOML(), workingDirectory: "/") == configuration)
    }

    @Test("the Milvus backend without an address, with a malformed one or a bad collection name is refused by name")
    func refusals() {
        func message(_ toml: String) -> String {
            do {
                _ = try DaemonConfiguration.parse(toml: toml, workingDirectory: "/")
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("[store]\nbackend = \"milvus\"").contains("`store.milvus.address` is required"))
        #expect(message("[store]\nbackend = \"milvus\"\n[store.milvus]\naddress = \"localhost\"").contains("is not HOST:PORT"))
        #expect(message("[store]\nbackend = \"milvus\"\n[store.milvus]\naddress = \"h:99999\"").contains("is not HOST:PORT"))
        #expect(message("[store]\nbackend = \"milvus\"\n[store.milvus]\naddress = \"h:1\"\ncollection = \"a-b\"")
            .contains("store.milvus.collection"))
        #expect(message("[store]\nbackend = \"cassandra\"").contains("choose one of \"embedded\", \"milvus\""))
        #expect(message("[store.milvus]\nadress = \"h:1\"").contains("did you mean `store.milvus.address`"))
        // Milvus settings are only checked when the backend is Milvus.
        #expect(message("[store.milvus]\naddress = \"localhost\"") == "accepted")
    }
}
