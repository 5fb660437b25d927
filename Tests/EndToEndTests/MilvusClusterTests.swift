// Several tempmed daemons on one real Milvus: shared records, a killed node, and Milvus going away and back.
import Foundation
import Synchronization
import TempMeClient
import TempMeProto
import TempMeTestSupport
import Testing

/// Daemons started with `store.backend = "milvus"` against a Milvus run by these tests.
@Suite(.serialized) struct MilvusClusterTests {
    /// A daemon serving `collection` on `milvus`, with its own data directory.
    private func daemon(_ milvus: MilvusServer, collection: String, label: String) throws -> DaemonProcess {
        try DaemonProcess(
            dataDirectory: try TestEnvironment.scratchDirectory(label),
            extraArguments: [
                "--set", "store.backend=milvus", "--set", "store.milvus.address=\(milvus.address)",
                "--set", "store.milvus.collection=\(collection)", "--set", "store.milvus.retries=2",
                "--set", "store.milvus.call_timeout_seconds=5",
            ])
    }

    @Test("two daemons share one collection: ingests through both at once are found by searches on either")
    func twoNodesShareRecords() throws {
        let milvus = try MilvusServer.shared()
        let clips = try TestClips.make(in: try TestEnvironment.scratchDirectory("clips"))
        let a = try daemon(milvus, collection: "shared_\(getpid())", label: "node-a")
        let b = try daemon(milvus, collection: "shared_\(getpid())", label: "node-b")
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { node in
            do {
                let client = try (node == 0 ? a : b).client()
                for (name, path) in clips.sorted(by: { $0.key < $1.key }) {
                    _ = try client.ingest(id: "\(name)-\(node)", file: path, metadata: ["node": "\(node)"])
                }
            } catch {
                failures.withLock { $0.append("node \(node): \(error)") }
            }
        }
        failures.withLock { #expect($0.isEmpty, "\($0)") }
        let expected = Set(clips.keys.flatMap { ["\($0)-0", "\($0)-1"] })
        for node in [a, b] {
            let client = try node.client()
            let found = try client.search("a red square", k: 20)
            #expect(Set(found.hits.map(\.id)) == expected)
            #expect(found.candidates == UInt64(expected.count))
            #expect(try client.search("bars", k: 20, filter: ["node": "1"]).hits.allSatisfy { $0.metadata["node"] == "1" })
            #expect(try client.similar(to: "red-0", k: 20).hits.count == expected.count - 1)
        }
        #expect(try a.client().delete("red-1").deleted)
        #expect(!(try b.client().search("red", k: 20).hits.contains { $0.id == "red-1" }))
        #expect(try b.client().stats().videoCount == UInt64(expected.count - 1))
        #expect { try b.client().backup() } throws: { ($0 as? TempMeClientError)?.code == .failedPrecondition }
    }

    @Test("a node killed with SIGKILL mid-ingest loses nothing it acknowledged")
    func killedNodeLosesNothingAcknowledged() throws {
        let milvus = try MilvusServer.shared()
        let clips = try TestClips.make(in: try TestEnvironment.scratchDirectory("clips"))
        let doomed = try daemon(milvus, collection: "kill", label: "doomed")
        let survivor = try daemon(milvus, collection: "kill", label: "survivor")
        let acknowledged = Mutex<[String]>([])
        let client = try doomed.client()
        let paths = clips.values.sorted()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 1 {
                while acknowledged.withLock({ $0.count }) < 3 { usleep(20_000) }
                kill(doomed.pid, SIGKILL)
                return
            }
            for index in 0..<40 {
                guard (try? client.ingest(id: "v\(index)", file: paths[index % paths.count])) != nil else { break }
                acknowledged.withLock { $0.append("v\(index)") }
            }
        }
        _ = doomed.waitForExit(timeout: 30)
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 3 && acked.count < 40, "the kill should land mid-ingest (\(acked.count) acknowledged)")
        let stored = Set(try survivor.client().listAll(kind: .video).map(\.id))
        #expect(Set(acked).isSubset(of: stored), "missing: \(Set(acked).subtracting(stored).sorted())")
    }

    @Test("while Milvus is down calls are UNAVAILABLE and health NOT_SERVING; after it returns everything is back")
    func milvusGoesAwayAndComesBack() throws {
        let milvus = try MilvusServer(dataDirectory: try TestEnvironment.scratchDirectory("milvus"))
        let clips = try TestClips.make(in: try TestEnvironment.scratchDirectory("clips"))
        let node = try daemon(milvus, collection: "outage", label: "outage")
        let client = try node.client()
        for (name, path) in clips { _ = try client.ingest(id: name, file: path) }
        #expect(try client.health() == .serving)

        milvus.stop()
        #expect { try client.search("red") } throws: { ($0 as? TempMeClientError)?.code == .unavailable }
        #expect { try client.ingest(id: "during", file: clips["red"]!) } throws: {
            ($0 as? TempMeClientError)?.code == .unavailable
        }
        #expect { try client.stats() } throws: { ($0 as? TempMeClientError)?.code == .unavailable }
        #expect(waitFor(seconds: 30) { (try? client.health()) == .notServing }, "health should turn NOT_SERVING")
        #expect(node.isRunning)

        try milvus.start()
        #expect(waitFor(seconds: 180) { (try? client.health()) == .serving }, "health should recover:\n\(node.log.suffix(3000))")
        #expect(waitFor(seconds: 120) { (try? client.search("red", k: 10))?.hits.count == clips.count })
        _ = try client.ingest(id: "after", file: clips["bars"]!)
        #expect(try client.search("bars", k: 10).hits.count == clips.count + 1)
    }

    /// Polls `condition` every half second until it holds or `seconds` pass.
    private func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(500_000)
        }
        return condition()
    }
}

/// `tempmectl migrate` between the embedded store and Milvus, as an operator runs it.
@Suite(.serialized) struct MigrateCommandTests {
    @Test("migrate copies a stopped daemon's store into Milvus, a Milvus daemon then serves it, and migrate brings it back")
    func embeddedToMilvusAndBack() throws {
        let milvus = try MilvusServer.shared()
        let clips = try TestClips.make(in: try TestEnvironment.scratchDirectory("clips"))
        let data = try TestEnvironment.scratchDirectory("embedded")
        let embedded = try DaemonProcess(dataDirectory: data)
        for (name, path) in clips { _ = try embedded.client().ingest(id: name, file: path, metadata: ["from": "embedded"]) }
        let before = try embedded.client().search("a red square", k: 10)
        #expect(embedded.stop() == 0)

        let common = ["--builtin-model", "tiny", "--set", "model.vocab_file=\(TestEnvironment.vocabulary)", "--json"]
        let there = try TestEnvironment.tempmectl(["migrate", "--set", "data_dir=\(data)", "--to", "milvus:\(milvus.address)/moved"] + common)
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.json?["verified"] as? Bool == true)
        #expect((there.json?["copied"] as? [String: Int])?["video"] == clips.count)

        let served = try DaemonProcess(
            dataDirectory: try TestEnvironment.scratchDirectory("served"),
            extraArguments: ["--set", "store.backend=milvus", "--set", "store.milvus.address=\(milvus.address)",
                             "--set", "store.milvus.collection=moved"])
        let after = try served.client().search("a red square", k: 10)
        #expect(after.hits.map(\.id) == before.hits.map(\.id))
        for (old, new) in zip(before.hits, after.hits) { #expect(abs(old.score - new.score) < 1e-5) }
        #expect(after.hits.allSatisfy { $0.metadata == ["from": "embedded"] })
        #expect(served.stop() == 0)

        let home = try TestEnvironment.scratchDirectory("home")
        let back = try TestEnvironment.tempmectl(
            ["migrate", "--set", "store.backend=milvus", "--set", "store.milvus.address=\(milvus.address)",
             "--set", "store.milvus.collection=moved", "--to", "embedded:\(home)"] + common)
        #expect(back.status == 0 && back.json?["verified"] as? Bool == true, "\(back.stderr)")
        let again = try TestEnvironment.tempmectl(["migrate", "--set", "data_dir=\(data)", "--to", "embedded:\(home)"] + common)
        #expect(again.status != 0 && again.stderr.contains("empty store"), "a second copy into a full store is refused")
    }
}
