// The default merge schedule per frame count (spec section 5: groups 2, 2, 3 for 12 frames,
// 4, 4, 4 for 64) and the clear refusal of frame counts without one, in TempMe mode only.
import Foundation
import Testing
@testable import TempMeModel

@Suite struct DefaultMergeScheduleTests {
    /// The paper's group sizes, written out from the spec, not read from the code under test.
    static let paper: [Int: [Int]] = [12: [2, 2, 3], 64: [4, 4, 4]]

    @Test(arguments: [12, 24, 64, 96, 128])
    func tempMeUsesThePapersScheduleOrRefuses(frames: Int) throws {
        let config = MergeConfiguration.paperDefault(for: .tiny, frames: frames, mode: .tempme)
        if let groups = Self.paper[frames] {
            #expect(config.mergeLayers == [8, 9, 10])
            #expect(config.groupSizes == groups)
            try config.validate(layers: 12)
        } else {
            #expect { try config.validate(layers: 12) } throws: { error in
                guard case let .invalidConfiguration(message) = error as? ModelError else { return false }
                return message.contains("no default merge schedule for \(frames) frames") && message.contains("12 frames (group sizes 2, 2, 3)")
                    && message.contains("64 frames (group sizes 4, 4, 4)") && message.contains("\"group_sizes\"")
            }
        }
    }

    @Test(arguments: [12, 24, 64, 96, 128])
    func loraAndToMeNeedNoSchedule(frames: Int) throws {
        for mode in [EncoderMode.lora, .tome] {
            try MergeConfiguration.paperDefault(for: .tiny, frames: frames, mode: mode).validate(layers: 12)
        }
    }

    @Test func explicitGroupSizesWorkWhereValid() throws {
        var config = MergeConfiguration.paperDefault(for: .tiny, frames: 96)
        config.groupSizes = [4, 4, 6]
        try config.validate(layers: 12)
        config.groupSizes = [4, 4, 4]
        #expect(throws: ModelError.self) { try config.validate(layers: 12) }
    }

    @Test func modelDirectoryWithExplicitGroupSizesLoadsAt96Frames() throws {
        let dir = try WeightLoadingTests.writeTinyModel(adapter: false, config: #"{"frames": 96, "group_sizes": [2, 4, 12]}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = try ModelBundle.load(directory: dir.path)
        #expect(bundle.model.configuration.groupSizes == [2, 4, 12])
        #expect(bundle.model.configuration.frames == 96)
    }

    @Test func deterministicBundleRefusesTempMeAt96FramesButServesLoRA() throws {
        #expect { try ModelBundle.deterministic(.tiny, mode: .tempme, frames: 96) } throws: { error in
            "\(error)".contains("no default merge schedule for 96 frames")
        }
        #expect(try ModelBundle.deterministic(.tiny, mode: .lora, frames: 96).model.configuration.frames == 96)
    }
}
