/// Every video packet of a stream in read order, and how presentation-order frame numbers map onto them.
///
/// Frame numbers count the stream's shown packets (pre-roll hidden by an edit list excluded) in
/// presentation (pts) order, which is what a user means by "the n-th frame" for constant and
/// variable frame rates alike. When some packet has no timestamp the frames are numbered in
/// decoder output order instead (`hasTimestamps` false).
struct PacketIndex: Sendable {
    /// Packets in the order the demuxer returns them.
    let packets: [PacketRecord]
    /// Whether every packet carries a presentation timestamp.
    let hasTimestamps: Bool
    /// Read index of each frame number (presentation order).
    private let frameToRead: [Int]
    /// For each read index, the latest keyframe at or before it (0 when the stream has none).
    private let keyframeAtOrBefore: [Int]

    /// Indexes `packets` (read order).
    init(packets: [PacketRecord]) {
        self.packets = packets
        let shown = packets.indices.filter { !packets[$0].isDiscarded }
        hasTimestamps = !shown.isEmpty && shown.allSatisfy { packets[$0].pts != PacketRecord.noTimestamp }
        frameToRead = hasTimestamps ? shown.sorted { (packets[$0].pts, $0) < (packets[$1].pts, $1) } : shown
        var latest = 0
        keyframeAtOrBefore = packets.indices.map { index in
            if packets[index].isKeyframe { latest = index }
            return latest
        }
    }

    /// Frames in the stream.
    var frameCount: Int { frameToRead.count }

    /// Frame numbers of the keyframes, ascending.
    var keyframeFrameNumbers: [Int] { frameToRead.indices.filter { packets[frameToRead[$0]].isKeyframe } }

    /// The timestamp decoded frames are matched on: the pts, or the frame number without timestamps.
    func matchKey(ofFrame frameNumber: Int) -> Int64 {
        hasTimestamps ? packets[frameToRead[frameNumber]].pts : Int64(frameNumber)
    }

    /// The keyframe (read index) decoding must start from to produce frame `frameNumber`.
    func startReadIndex(ofFrame frameNumber: Int) -> Int {
        guard hasTimestamps else { return 0 }
        let target = packets[frameToRead[frameNumber]].pts
        var start = keyframeAtOrBefore[frameToRead[frameNumber]]
        while start > 0, packets[start].pts > target {  // an open GOP: its leading frames need the previous keyframe
            start = keyframeAtOrBefore[start - 1]
        }
        return start
    }

    /// The timestamp to hand the demuxer when seeking to read index `readIndex` (dts, else pts).
    func seekTimestamp(ofRead readIndex: Int) -> Int64 {
        let packet = packets[readIndex]
        return packet.dts != PacketRecord.noTimestamp ? packet.dts : packet.pts
    }

    /// Length in stream ticks from the first presentation to the end of the last frame, 0 if unknown.
    var durationTicks: Int64 {
        guard hasTimestamps, let first = frameToRead.first, let last = frameToRead.last else { return 0 }
        let lastPacket = packets[last]
        return max(0, lastPacket.pts &+ lastPacket.duration &- packets[first].pts)
    }
}

/// Finds a packet's read index again after a seek, by its position and timestamps.
struct PacketLocator {
    private struct Key: Hashable {
        let position: Int64, pts: Int64, dts: Int64
    }

    private let readIndices: [Key: Int]

    /// Indexes `index`'s packets; duplicates keep their first read index.
    init(_ index: PacketIndex) {
        var map = [Key: Int](minimumCapacity: index.packets.count)
        for (readIndex, packet) in index.packets.enumerated() {
            let key = Key(position: packet.position, pts: packet.pts, dts: packet.dts)
            if map[key] == nil { map[key] = readIndex }
        }
        readIndices = map
    }

    /// The read index of `packet`, nil when it was not seen while scanning.
    func readIndex(of packet: PacketRecord) -> Int? {
        readIndices[Key(position: packet.position, pts: packet.pts, dts: packet.dts)]
    }
}
