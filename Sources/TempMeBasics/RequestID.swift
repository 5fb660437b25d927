// Request ids: the caller's own (X-Request-Id, x-request-id metadata) when it is a sane token, else a fresh one.

/// Picks and validates request ids for every transport.
public enum RequestID {
    /// `offered` when it is 1-64 characters of ASCII letters, digits, `-`, `_` and `.`; otherwise a new id.
    public static func choose(offered: String?) -> String {
        if let offered, (1...64).contains(offered.utf8.count), offered.utf8.allSatisfy(isAllowed) {
            return offered
        }
        return fresh()
    }

    /// 16 random hex digits.
    public static func fresh() -> String {
        let hex = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}
