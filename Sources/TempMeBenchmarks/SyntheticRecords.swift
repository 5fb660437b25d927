import Foundation
import TempMeBasics
import TempMeStore

/// Deterministic records derived from a number, for crash tests and benchmarks: the same number
/// always gives bit-identical records, so a checker can regenerate what a writer stored.
public enum SyntheticRecords {
    /// A unit-length embedding determined by `seed`.
    public static func embedding(seed: UInt64, dimension: Int) -> [Float] {
        var generator = SplitMix64(seed: seed)
        var values = (0..<dimension).map { _ in generator.nextSignedUnit() }
        let norm = values.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        if norm == 0 { values[0] = 1 } else { values = values.map { Float(Double($0) / norm) } }
        return values
    }

    /// The id of record `number`.
    public static func id(_ number: Int) -> String {
        "v" + String(repeating: "0", count: max(0, 9 - String(number).count)) + String(number)
    }

    /// The number back from an id made by `id(_:)`.
    public static func number(fromID id: String) -> Int? {
        id.first == "v" ? Int(id.dropFirst()) : nil
    }

    /// Video record `number`: embedding, metadata, source and ingest time all derived from it.
    public static func video(_ number: Int, dimension: Int, fingerprint: String) -> VideoRecord {
        VideoRecord(
            id: id(number), embedding: embedding(seed: UInt64(number), dimension: dimension), modelFingerprint: fingerprint,
            metadata: ["n": String(number), "parity": number % 2 == 0 ? "even" : "odd"],
            source: VideoSource(durationSeconds: Double(number) * 0.5, framesPerSecond: 25,
                                sampledFrames: (0..<4).map { UInt32(number % 97 + $0 * 10) }, origin: "synthetic/\(number)"),
            ingestedAt: Date(timeIntervalSinceReferenceDate: Double(number) * 1.25))
    }
}
