// The compiled-in descriptor set (reflection) is what protoc makes of Protos/ now: regenerated with the protos.
import Foundation
import SwiftProtobuf
import TempMeProto
import Testing

@Suite struct DescriptorSetTests {
    private func repositoryRoot() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func theEmbeddedDescriptorSetMatchesProtocOnTheProtos() throws {
        let protos = repositoryRoot() + "/Protos"
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-descriptors-\(getpid()).pb").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let files = ["grpc/health/v1/health.proto", "grpc/reflection/v1/reflection.proto",
                     "grpc/reflection/v1alpha/reflection.proto", "tempme/v1/tempme.proto"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["protoc", "-I", protos, "--include_imports", "--descriptor_set_out=\(output)"] + files
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "protoc failed (Debian: protobuf-compiler, installed by scripts/bootstrap.sh)")
        let fresh = try Google_Protobuf_FileDescriptorSet(serializedBytes: Data(contentsOf: URL(fileURLWithPath: output)))
        let embedded = try Google_Protobuf_FileDescriptorSet(
            serializedBytes: try #require(Data(base64Encoded: TempMeDescriptorSet.base64, options: .ignoreUnknownCharacters)))
        let byName = { (set: Google_Protobuf_FileDescriptorSet) in Dictionary(uniqueKeysWithValues: set.file.map { ($0.name, $0) }) }
        #expect(byName(embedded) == byName(fresh), "Sources/TempMeProto/DescriptorSet.pb.swift is stale: run scripts/generate_protos.sh")
    }
}
