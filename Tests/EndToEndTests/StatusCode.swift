// The status a client call ends with, for tests that expect a refusal.
import TempMeClient

/// The status code `body` ends with: `.ok`, or the TempMeClientError's code (anything else is a test bug: `.unknown`).
func statusCode(_ body: () throws -> Void) -> TempMeClientError.Code {
    do {
        try body()
        return .ok
    } catch let error as TempMeClientError {
        return error.code ?? .unknown
    } catch {
        return .unknown
    }
}
