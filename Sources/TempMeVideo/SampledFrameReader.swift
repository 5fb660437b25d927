/// Counters of one decode, for tests and benchmarks.
struct DecodeStatistics: Sendable, Equatable {
    /// Packets handed to the decoder.
    var packetsDecoded = 0
    /// Packets read and dropped without decoding.
    var packetsSkipped = 0
    /// Seeks that landed where expected.
    var seeks = 0
    /// Times a seek landed somewhere unusable and decoding restarted from the beginning.
    var restarts = 0
    /// Packets the decoder rejected as damaged.
    var damagedPackets = 0
}

/// Decodes exactly the frames a sample asks for and preprocesses each straight into its output slot.
///
/// Targets are visited in presentation order. For each one the reader jumps (seek, or read-and-drop
/// for short gaps) to the keyframe the frame depends on when that keyframe lies ahead, then decodes
/// until a frame at or after the target's timestamp comes out; non-reference frames that are not
/// targets are skipped inside the decoder. A short video therefore decodes straight through, a long
/// one touches only the GOPs it needs. A target the stream cannot deliver takes the next decodable
/// frame, or the last one at the end.
struct SampledFrameReader {
    /// Read-and-drop instead of seeking when the keyframe is at most this many packets ahead.
    static let seekGap = 64
    /// Consecutive packets the decoder may reject before the stream counts as broken.
    static let maxConsecutiveDamage = 100

    let input: any ByteSource
    let index: PacketIndex
    let options: VideoDecodeOptions
    let deadline: Deadline
    let rotationQuarterTurns: Int
    private(set) var statistics = DecodeStatistics()
    private(set) var displayedSize = (width: 0, height: 0)
    /// When set, each preprocessed frame goes to this sink as (slot, one frame's floats) instead of into the
    /// output buffer, so a caller can keep only the frames it still needs (SegmentedDecode).
    var frameSink: ((Int, [Float]) throws(VideoError) -> Void)?

    init(input: any ByteSource, index: PacketIndex, options: VideoDecodeOptions, deadline: Deadline, rotationDegrees: Int) {
        self.input = input
        self.index = index
        self.options = options
        self.deadline = deadline
        rotationQuarterTurns = (rotationDegrees / 90) & 3
    }

    /// Fills `frames` ([F][3][224][224]) with the preprocessed frames `frameNumbers` (ascending) name.
    /// `scanned` is the input the index was read from; it is rewound (or reopened if it cannot be).
    mutating func read(frameNumbers: [Int], from scanned: MediaInput, decoder: FrameDecoder,
                       into frames: inout [Float]) throws(VideoError) {
        var state = ReaderState(frameNumbers: frameNumbers, index: index)
        guard !state.targets.isEmpty else { return }
        var media = scanned
        var awaitingSeekLanding = scanned.seek(toTimestamp: index.seekTimestamp(ofRead: 0))
        if !awaitingSeekLanding { media = try MediaInput(input, options: options, deadline: deadline) }
        var locator: PacketLocator?
        var nextRead = 0, seekAllowed = index.hasTimestamps
        var consecutiveDamage = 0

        decoding: while state.pending < state.targets.count {
            try deadline.check()
            let target = state.targets[state.pending]
            if !awaitingSeekLanding, target.startReadIndex > nextRead {
                if seekAllowed, target.startReadIndex - nextRead > Self.seekGap,
                   media.seek(toTimestamp: index.seekTimestamp(ofRead: target.startReadIndex)) {
                    awaitingSeekLanding = true
                } else {
                    guard try skipPackets(of: media, from: &nextRead, to: target.startReadIndex) else { break decoding }
                }
                decoder.flush()
            }
            guard let packet = try media.readVideoPacket() else { break decoding }
            if awaitingSeekLanding {
                awaitingSeekLanding = false
                if locator == nil { locator = PacketLocator(index) }
                guard let landed = locator?.readIndex(of: packet), landed <= target.startReadIndex,
                      landed == 0 || index.packets[landed].isKeyframe else {
                    statistics.restarts += 1
                    seekAllowed = false
                    media = try MediaInput(input, options: options, deadline: deadline)
                    decoder.flush()
                    nextRead = 0
                    continue decoding
                }
                statistics.seeks += 1
                nextRead = landed
                if landed < target.startReadIndex {
                    nextRead += 1
                    statistics.packetsSkipped += 1
                    guard try skipPackets(of: media, from: &nextRead, to: target.startReadIndex) else { break decoding }
                    continue decoding
                }
            }
            nextRead += 1
            let wanted = !index.hasTimestamps || state.isWanted(packet.pts)
            statistics.packetsDecoded += 1
            if decoder.send(packetOf: media, skipIfNonReference: !wanted) {
                consecutiveDamage = 0
            } else {
                consecutiveDamage += 1
                statistics.damagedPackets += 1
                if consecutiveDamage > Self.maxConsecutiveDamage {
                    throw .corruptStream(reason: "the decoder rejected \(consecutiveDamage) packets in a row")
                }
            }
            try collectFrames(from: decoder, state: &state, into: &frames)
        }
        if state.pending < state.targets.count {
            decoder.sendEndOfStream()
            try collectFrames(from: decoder, state: &state, into: &frames)
        }
        while state.pending < state.targets.count {  // the stream ended first: repeat its last frame
            guard decoder.hasFrame else {
                if statistics.damagedPackets > 0 {
                    throw .corruptStream(reason: "none of the frames could be decoded")
                }
                throw .noFrames
            }
            try state.deliverLatest(of: decoder, reader: &self, into: &frames)
        }
    }

    /// Reads and drops packets until `nextRead` reaches `target`; false at the end of the stream.
    private mutating func skipPackets(of media: MediaInput, from nextRead: inout Int, to target: Int) throws(VideoError) -> Bool {
        while nextRead < target {
            guard try media.readVideoPacket() != nil else { return false }
            nextRead += 1
            statistics.packetsSkipped += 1
        }
        return true
    }

    /// Takes every frame the decoder has ready and hands it to the targets it satisfies.
    private mutating func collectFrames(from decoder: FrameDecoder, state: inout ReaderState,
                                        into frames: inout [Float]) throws(VideoError) {
        while state.pending < state.targets.count {
            try deadline.check()
            switch decoder.receive() {
            case .frame(let pts):
                let key = index.hasTimestamps ? pts : state.nextOrdinal()
                if key != PacketRecord.noTimestamp, key >= state.targets[state.pending].matchKey {
                    try state.deliverLatest(of: decoder, reader: &self, into: &frames, upTo: key)
                }
            case .damaged:
                statistics.damagedPackets += 1
            case .needsInput, .drained:
                return
            }
        }
    }

    /// Converts the decoder's latest frame to RGB, turns it upright and preprocesses it into `slot`.
    fileprivate mutating func preprocessLatest(of decoder: FrameDecoder, slot: Int, into frames: inout [Float],
                                               scratch: inout FrameScratch) throws(VideoError) {
        try decoder.convertLatest(into: &scratch.decoded)
        let upright: RGBImage
        if rotationQuarterTurns != 0 {
            scratch.decoded.rotated(counterClockwiseQuarterTurns: rotationQuarterTurns, into: &scratch.rotated)
            upright = scratch.rotated
        } else {
            upright = scratch.decoded
        }
        if displayedSize.width == 0 { displayedSize = (upright.width, upright.height) }
        let floats = DecodedVideo.floatsPerFrame
        if let frameSink {
            if scratch.single.count != floats { scratch.single = [Float](repeating: 0, count: floats) }
            scratch.single.withUnsafeMutableBufferPointer { scratch.preprocessor.process(upright, into: $0) }
            try frameSink(slot, scratch.single)
            return
        }
        frames.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            scratch.preprocessor.process(upright, into: UnsafeMutableBufferPointer(start: base + slot * floats, count: floats))
        }
    }
}

/// Reusable buffers for converting and preprocessing frames.
fileprivate struct FrameScratch {
    var decoded = RGBImage()
    var rotated = RGBImage()
    var preprocessor = ClipPreprocessor()
    /// One preprocessed frame, when frames go to a sink.
    var single: [Float] = []
}

/// Which targets are still open and where each one's output goes.
private struct ReaderState {
    struct Target {
        let matchKey: Int64
        let startReadIndex: Int
        /// Output slots that show this frame (repeats in the sample share one decode).
        let slots: [Int]
    }

    let targets: [Target]
    var pending = 0
    private var ordinal: Int64 = 0
    private var wantedKeys: Set<Int64>
    var scratch = FrameScratch()

    init(frameNumbers: [Int], index: PacketIndex) {
        var slotsByFrame = [Int: [Int]]()
        for (slot, frame) in frameNumbers.enumerated() { slotsByFrame[frame, default: []].append(slot) }
        targets = slotsByFrame.keys.sorted().map { frame in
            Target(matchKey: index.matchKey(ofFrame: frame),
                   startReadIndex: index.startReadIndex(ofFrame: frame), slots: slotsByFrame[frame] ?? [])
        }
        wantedKeys = Set(targets.map(\.matchKey))
    }

    /// Whether a packet with this pts is one of the open targets.
    func isWanted(_ pts: Int64) -> Bool { wantedKeys.contains(pts) }

    /// The output-order number of the frame just received (when the stream has no timestamps).
    mutating func nextOrdinal() -> Int64 {
        defer { ordinal += 1 }
        return ordinal
    }

    /// Preprocesses the decoder's latest frame once into the first open target's first slot and
    /// closes every open target whose key is at most `key` (all of them when `key` is nil).
    mutating func deliverLatest(of decoder: FrameDecoder, reader: inout SampledFrameReader,
                                into frames: inout [Float], upTo key: Int64? = nil) throws(VideoError) {
        let firstSlot = targets[pending].slots[0]
        try reader.preprocessLatest(of: decoder, slot: firstSlot, into: &frames, scratch: &scratch)
        repeat {
            for slot in targets[pending].slots where slot != firstSlot {
                if let sink = reader.frameSink { try sink(slot, scratch.single) } else { copySlot(firstSlot, to: slot, in: &frames) }
            }
            wantedKeys.remove(targets[pending].matchKey)
            pending += 1
        } while pending < targets.count && (key.map { targets[pending].matchKey <= $0 } ?? true)
    }

    private func copySlot(_ source: Int, to target: Int, in frames: inout [Float]) {
        let floats = DecodedVideo.floatsPerFrame
        frames.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            (base + target * floats).update(from: base + source * floats, count: floats)
        }
    }
}
