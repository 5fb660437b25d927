import Testing
import TempMeBasics

/// Duration.seconds keeps whole seconds and the sub-second part.
@Suite struct DurationSecondsTests {
    @Test func wholeAndFractionalSeconds() {
        #expect(Duration.seconds(3).seconds == 3)
        #expect(Duration.milliseconds(1500).seconds == 1.5)
        #expect(Duration.nanoseconds(-250_000_000).seconds == -0.25)
    }
}
