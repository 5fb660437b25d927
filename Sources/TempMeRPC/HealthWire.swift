/// The protobuf wire format of `grpc.health.v1` messages, which are too small to need generated
/// code: `HealthCheckRequest { string service = 1; }` and `HealthCheckResponse { enum status = 1; }`.
enum HealthWire {
    /// The `service` field of a HealthCheckRequest; unknown fields are skipped.
    static func decodeService(_ bytes: [UInt8]) throws(RPCError) -> String {
        var reader = Reader(bytes: bytes)
        var service = ""
        while !reader.isAtEnd {
            let key = try reader.varint()
            switch (key >> 3, key & 7) {
            case (1, 2): service = String(decoding: try reader.lengthDelimited(), as: UTF8.self)
            case (_, 0): _ = try reader.varint()
            case (_, 1): try reader.skip(8)
            case (_, 2): _ = try reader.lengthDelimited()
            case (_, 5): try reader.skip(4)
            default: throw malformed
            }
        }
        return service
    }

    /// A HealthCheckResponse carrying `status` (proto3 omits the zero value).
    static func encodeResponse(_ status: RPCServingStatus) -> [UInt8] {
        status.rawValue == 0 ? [] : [0x08, status.rawValue]
    }

    private static let malformed = RPCError(code: .invalidArgument, message: "malformed grpc.health.v1.HealthCheckRequest")

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func varint() throws(RPCError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw HealthWire.malformed
        }

        mutating func skip(_ count: Int) throws(RPCError) {
            guard count <= bytes.count - offset else { throw HealthWire.malformed }
            offset += count
        }

        mutating func lengthDelimited() throws(RPCError) -> ArraySlice<UInt8> {
            let length = try varint()
            guard length <= UInt64(bytes.count - offset) else { throw HealthWire.malformed }
            let start = offset
            offset += Int(length)
            return bytes[start..<offset]
        }
    }
}
