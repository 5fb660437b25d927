// A model directory's config.json decides mode, frames and max_words unless the daemon's configuration sets them.
import Foundation
import Testing
import TempMeProto

@Suite struct ModelSettingsTests {
    /// A copy of the demo model whose config.json says tome mode, 24 frames and 20-token texts.
    private func tomeModel(in root: String) throws -> String {
        let source = TestEnvironment.repositoryRoot.appendingPathComponent("training/demo_model").path
        let model = root + "/model"
        try FileManager.default.copyItem(atPath: source, toPath: model)
        let url = URL(fileURLWithPath: model + "/config.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        config["mode"] = "tome"
        config["frames"] = 24
        config["max_words"] = 20
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        return model
    }

    private func info(_ daemon: DaemonProcess) throws -> Tempme_V1_InfoResponse {
        try daemon.client().info()
    }

    @Test func theModelsConfigurationDecidesWhenTheDaemonsIsSilent() throws {
        let root = try TestEnvironment.scratchDirectory("model-settings")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let model = try tomeModel(in: root)

        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--model", model])
        let fromFile = try info(daemon)
        #expect(fromFile.mode == .tome)
        #expect(fromFile.frames == 24)
        #expect(fromFile.maxWords == 20)
        #expect(daemon.stop() == 0)

        let overridden = try DaemonProcess(
            dataDirectory: root + "/data2",
            extraArguments: ["--model", model, "--mode", "lora", "--set", "model.frames=12", "--set", "model.max_words=32"])
        let fromFlags = try info(overridden)
        #expect(fromFlags.mode == .lora)
        #expect(fromFlags.frames == 12)
        #expect(fromFlags.maxWords == 32)
        #expect(overridden.stop() == 0)
    }
}
