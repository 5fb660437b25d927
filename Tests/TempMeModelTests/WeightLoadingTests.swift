import Foundation
import Testing
import TempMeModel

/// Loading model directories: safetensors round trips, LoRA merging, config.json and clear errors.
@Suite struct WeightLoadingTests {
    /// Writes the tiny deterministic backbone (and optionally its adapter) as a model directory.
    static func writeTinyModel(adapter: Bool, config: String? = nil, drop: String? = nil,
                               reshape: (name: String, shape: [Int])? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func tensors(_ list: [(name: String, shape: [Int])]) throws -> [(name: String, tensor: Tensor)] {
            try list.filter { $0.name != drop }.map { entry in
                var t = try DeterministicWeights.tensor(name: entry.name, shape: entry.shape)
                if let r = reshape, r.name == entry.name { t = Tensor(shape: r.shape, values: Array(t.values.prefix(r.shape.reduce(1, *)))) }
                return (entry.name, t)
            }
        }
        try SafetensorsFile.write(tensors(CLIPLayout.backboneTensors(.tiny)), to: dir.appendingPathComponent("clip.safetensors").path)
        if adapter {
            try SafetensorsFile.write(tensors(CLIPLayout.adapterTensors(.tiny, cpeClips: [8: 12, 9: 6, 10: 3])),
                                      to: dir.appendingPathComponent("adapter.safetensors").path)
        }
        if let config { try config.write(to: dir.appendingPathComponent("config.json"), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func modelDirectoryMatchesInMemoryWeights() throws {
        let dir = try Self.writeTinyModel(adapter: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = try ModelBundle.load(directory: dir.path)
        #expect(bundle.model.shape == .tiny)
        #expect(bundle.model.weights.hasLoRA)
        #expect(bundle.model.weights.cpeLayers == [8, 9, 10])
        let reference = try TempMeModel(weights: SharedWeights.get(.tiny, adapter: true), configuration: .paperDefault(for: .tiny))
        let frames = DeterministicWeights.frames(count: 12)
        let a = try bundle.model.encodeVideo(frames: frames).embedding
        let b = try reference.encodeVideo(frames: frames).embedding
        #expect(a == b)
        // The golden produced by the reference from the same weights agrees too.
        let golden = try GoldenFile.load("tiny").video.first { $0.mode == "tempme" && $0.frames == 12 && $0.adapter }
        #expect(maxAbsDifference(a, try #require(golden).embedding) <= 1e-4)
    }

    @Test func configFileSetsTheEncoder() throws {
        let dir = try Self.writeTinyModel(adapter: false, config: #"{"mode": "tome", "frames": 8, "max_words": 64, "r_img": 3}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = try ModelBundle.load(directory: dir.path)
        #expect(bundle.model.configuration.mode == .tome)
        #expect(bundle.model.configuration.frames == 8)
        #expect(bundle.model.configuration.imageMergeCount == 3)
        #expect(bundle.maxWords == 64)
        #expect(!bundle.model.weights.hasLoRA)
        let overridden = try ModelBundle.load(directory: dir.path, mode: .lora)
        #expect(overridden.model.configuration.mode == .lora)
        #expect(overridden.fingerprint != bundle.fingerprint)
    }

    /// The tiny backbone as config.json's `backbone` object.
    static let tinyBackbone = #""backbone": {"visual_width": 64, "visual_layers": 12, "patch_size": 32, "image_size": 224, "embed_dim": 32, "text_width": 64, "text_layers": 12, "context_length": 77, "vocab_size": 49408}"#

    @Test func configFileInTheSchemaBothWritersUse() throws {
        // Every key of docs/model-format.md, as the trainer writes them (the converter writes a subset).
        let config = "{" + Self.tinyBackbone + #", "mode": "tempme", "frames": 12, "max_words": 32, "r_img": 2, "merged_pct_cross": 30, "merged_pct_intra": 10, "merge_layers": [8, 9, 10], "group_sizes": [2, 2, 3], "cpe": true, "cpe_clips": {"8": 12, "9": 6, "10": 3}, "lora_rank": 8, "dtype": "float32", "source_layout": "tempme", "training": {"steps": 1}}"#
        let dir = try Self.writeTinyModel(adapter: true, config: config)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = try ModelBundle.load(directory: dir.path)
        #expect(bundle.model.configuration == .paperDefault(for: .tiny))
    }

    @Test func configFileMustDescribeTheTensors() throws {
        let cases: [(adapter: Bool, config: String, message: String)] = [
            (true, #"{"cpe": {"layers": [8, 9, 10], "clips": [12, 6, 3]}}"#, "older scripts/convert_checkpoint.py"),
            (true, #"{"cpe": true, "vision": {"width": 64}}"#, "unknown key 'vision'"),
            (true, #"{"cpe_clips": {"8": 12, "9": 6}}"#, "cpe_clips {8: 12, 9: 6} but the tensors have {8: 12, 9: 6, 10: 3}"),
            (false, #"{"cpe_clips": {"8": 12, "9": 6, "10": 3}}"#, "but the tensors have {}"),
            (false, #"{"lora_rank": 8}"#, "is adapter.safetensors missing?"),
            (true, #"{"lora_rank": 0}"#, "lora_rank 0 but the tensors have LoRA"),
            (false, "{" + Self.tinyBackbone.replacingOccurrences(of: #""embed_dim": 32"#, with: #""embed_dim": 512"#) + "}", "clip.safetensors holds"),
            (false, #"{"backbone": "b32"}"#, "'backbone' must be an object"),
            (false, #"{"dtype": 16}"#, "'dtype' must be a string"),
        ]
        for entry in cases {
            let dir = try Self.writeTinyModel(adapter: entry.adapter, config: entry.config)
            defer { try? FileManager.default.removeItem(at: dir) }
            #expect { try ModelBundle.load(directory: dir.path) } throws: { error in
                "\(error)".contains(entry.message)
            }
        }
    }

    @Test func missingTensorIsNamed() throws {
        let dir = try Self.writeTinyModel(adapter: false, drop: "visual.transformer.resblocks.3.mlp.c_fc.bias")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try ModelBundle.load(directory: dir.path) } throws: { error in
            guard case let .missingTensor(name, _) = error as? ModelError else { return false }
            return name == "visual.transformer.resblocks.3.mlp.c_fc.bias"
        }
    }

    @Test func misshapenTensorIsNamed() throws {
        let dir = try Self.writeTinyModel(adapter: false, reshape: ("ln_final.weight", [32]))
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try ModelBundle.load(directory: dir.path) } throws: { error in
            guard case let .misshapenTensor(name, expected, found) = error as? ModelError else { return false }
            return name == "ln_final.weight" && expected == [64] && found == [32]
        }
    }

    @Test func badFilesGiveReadableErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tempme-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ModelError.self) { try ModelBundle.load(directory: dir.path) }
        let path = dir.appendingPathComponent("clip.safetensors")
        for bytes in [[UInt8](), [1, 2, 3], [255, 255, 255, 255, 255, 255, 255, 127, 0], [4, 0, 0, 0, 0, 0, 0, 0] + Array("{]}x".utf8)] {
            try Data(bytes).write(to: path)
            #expect(throws: ModelError.self) { try ModelBundle.load(directory: dir.path) }
        }
        let configDir = try Self.writeTinyModel(adapter: false, config: #"{"mode": "fastest"}"#)
        defer { try? FileManager.default.removeItem(at: configDir) }
        #expect(throws: ModelError.self) { try ModelBundle.load(directory: configDir.path) }
    }

    @Test func halfPrecisionTensorsAreWidened() throws {
        // A hand-written F16 file: [1.0, -2.0, 0.5] and a BF16 one: [1.0, -2.0].
        func file(_ dtype: String, shape: [Int], payload: [UInt8]) throws -> SafetensorsFile {
            let header = #"{"t":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":[0,\#(payload.count)]}}"#
            var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init)
            bytes += Array(header.utf8) + payload
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("half-\(UUID().uuidString).safetensors").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try SafetensorsFile(path: path)
        }
        let f16 = try file("F16", shape: [3], payload: [0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38])
        #expect(try f16.tensor("t")?.values == [1, -2, 0.5])
        let bf16 = try file("BF16", shape: [2], payload: [0x80, 0x3f, 0x00, 0xc0])
        #expect(try bf16.tensor("t")?.values == [1, -2])
        #expect(throws: ModelError.self) { try file("I64", shape: [1], payload: [0, 0, 0, 0, 0, 0, 0, 0]) }
    }
}
