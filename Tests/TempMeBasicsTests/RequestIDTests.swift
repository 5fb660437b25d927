// Request ids: sane caller ids are kept, anything else is replaced by 16 fresh hex digits.
import TempMeBasics
import Testing

@Suite struct RequestIDTests {
    @Test func saneCallerIDsAreKept() {
        for id in ["a", "req-42.a", "A_b-C.9", String(repeating: "x", count: 64)] {
            #expect(RequestID.choose(offered: id) == id)
        }
    }

    @Test func otherIDsAreReplacedByFreshHex() {
        for offered in [nil, "", "has space", "new\nline", "semi;colon", "é", String(repeating: "x", count: 65)] {
            let chosen = RequestID.choose(offered: offered)
            #expect(chosen != offered)
            #expect(chosen.count == 16)
            #expect(chosen.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
        #expect(RequestID.fresh() != RequestID.fresh())
    }

    @Test func tokensCompareByContentAndLength() {
        #expect(ConstantTimeComparison.equal(Array("s3cret".utf8), Array("s3cret".utf8)))
        #expect(!ConstantTimeComparison.equal(Array("s3cret".utf8), Array("s3cre".utf8)))
        #expect(!ConstantTimeComparison.equal(Array("s3cret".utf8), Array("s3cres".utf8)))
        #expect(!ConstantTimeComparison.equal([], Array("x".utf8)))
        #expect(ConstantTimeComparison.equal([], []))
    }
}
