import TempMeClient
import Testing

/// Statuses map to tempmectl's documented exit codes and print as `STATUS: message`.
@Suite struct TempMeClientErrorTests {
    @Test func exitCodesFollowTheStatus() {
        for code in TempMeClientError.Code.allCases {
            let expected: Int32
            switch code {
            case .notFound: expected = 4
            case .unavailable, .deadlineExceeded: expected = 3
            default: expected = 1
            }
            #expect(TempMeClientError(code: code, message: "m").exitCode == expected, "\(code)")
        }
        #expect(TempMeClientError(code: nil, message: "m").exitCode == TempMeExitCode.serverError)
        #expect([TempMeExitCode.ok, TempMeExitCode.serverError, TempMeExitCode.usage, TempMeExitCode.unavailable,
                 TempMeExitCode.notFound] == [0, 1, 2, 3, 4])
    }

    @Test func statusNamesAreGRPCsOrClientForLocalFailures() {
        #expect(TempMeClientError(code: .alreadyExists, message: "taken").description == "ALREADY_EXISTS: taken")
        #expect(TempMeClientError(code: .deadlineExceeded, message: "late").status == "DEADLINE_EXCEEDED")
        #expect(TempMeClientError(code: nil, message: "cannot read x").description == "CLIENT: cannot read x")
    }
}
