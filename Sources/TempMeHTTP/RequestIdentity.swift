// The header that carries request ids over HTTP (ids themselves: TempMeBasics.RequestID).
import HTTPTypes
import Hummingbird

/// The request id header.
enum RequestIdentity {
    /// `X-Request-Id`, both ways.
    static let headerName = HTTPField.Name("X-Request-Id")!
}
