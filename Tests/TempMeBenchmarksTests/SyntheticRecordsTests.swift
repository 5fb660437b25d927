import Testing
import TempMeBenchmarks
import TempMeStore

/// Synthetic records are a pure function of their number, so a checker can regenerate a writer's.
@Suite struct SyntheticRecordsTests {
    @Test func recordsAreDeterministicAndIdsRoundTrip() {
        #expect(SyntheticRecords.video(42, dimension: 16, fingerprint: "f") == SyntheticRecords.video(42, dimension: 16, fingerprint: "f"))
        #expect(SyntheticRecords.id(42) == "v000000042")
        #expect(SyntheticRecords.number(fromID: SyntheticRecords.id(123_456)) == 123_456)
        #expect(SyntheticRecords.number(fromID: "x1") == nil)
    }

    @Test func embeddingsHaveUnitLength() {
        for seed: UInt64 in [0, 1, 1 << 40] {
            let norm = SyntheticRecords.embedding(seed: seed, dimension: 512).reduce(0) { $0 + Double($1) * Double($1) }
            #expect(abs(norm - 1) < 1e-5)
        }
    }
}
