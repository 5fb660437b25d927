import Testing
import TempMeBasics

/// SplitMix64 against the published reference sequence, and its float helper's range.
@Suite struct SplitMix64Tests {
    @Test func seedZeroGivesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect((0..<3).map { _ in generator.next() } == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func signedUnitsStayInRange() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<10_000 {
            let value = generator.nextSignedUnit()
            #expect(value >= -1 && value < 1)
        }
    }
}
