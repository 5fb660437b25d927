import Testing
@testable import TempMeDaemon

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("unix:/run/tempmed/tempmed.sock", ListenAddress.unix(path: "/run/tempmed/tempmed.sock"), "unix:/run/tempmed/tempmed.sock"),
        ("unix:///run/t.sock", .unix(path: "/run/t.sock"), "unix:/run/t.sock"),
        ("unix:data/t.sock", .unix(path: "/srv/data/t.sock"), "unix:/srv/data/t.sock"),
        ("unix:../t.sock", .unix(path: "/t.sock"), "unix:/t.sock"),
        ("127.0.0.1:7700", .tcp(host: "127.0.0.1", port: 7700), "127.0.0.1:7700"),
        (" 0.0.0.0:0 ", .tcp(host: "0.0.0.0", port: 0), "0.0.0.0:0"),
        ("[::1]:7700", .tcp(host: "::1", port: 7700), "[::1]:7700"),
        ("[::]:443", .tcp(host: "::", port: 443), "[::]:443"),
        ("localhost:80", .tcp(host: "localhost", port: 80), "localhost:80"),
        ("search.example.org:65535", .tcp(host: "search.example.org", port: 65535), "search.example.org:65535"),
    ])
    func parsesAndRendersGRPCTargets(text: String, expected: ListenAddress, target: String) throws {
        let address = try ListenAddress(parsing: text, relativeTo: "/srv")
        #expect(address == expected)
        #expect(address.grpcTarget == target)
    }

    @Test(arguments: [
        ("unix:", "the socket path is empty"),
        ("7700", "missing \":port\""),
        ("127.0.0.1:", "port \"\" is not a number"),
        ("127.0.0.1:70000", "port \"70000\" is not a number"),
        ("127.0.0.1:http", "port \"http\""),
        ("::1:7700", "write IPv6 addresses in brackets"),
        ("[::1:7700", "missing \"]\""),
        ("[::1]7700", "missing \":port\" after"),
        ("[nope]:7700", "\"nope\" is not an IPv6 address"),
        ("bad host:7700", "neither an IP address nor a host name"),
        ("300.1.1.1:7700", "neither an IP address nor a host name"),
        (":7700", "neither an IP address nor a host name"),
    ])
    func rejectsMalformedAddresses(text: String, reasonFragment: String) {
        #expect {
            try ListenAddress(parsing: text, relativeTo: "/srv")
        } throws: { error in
            guard case .invalidListenAddress(let address, let reason) = error as? ConfigurationError else { return false }
            return address == text && reason.contains(reasonFragment)
        }
    }

    @Test func rejectsUnixPathsLongerThanTheKernelAllows() throws {
        let fits = "/" + String(repeating: "a", count: ListenAddress.maximumUnixPathBytes - 1)
        #expect(try ListenAddress(parsing: "unix:" + fits, relativeTo: "/") == .unix(path: fits))
        #expect(throws: ConfigurationError.self) {
            try ListenAddress(parsing: "unix:" + fits + "a", relativeTo: "/")
        }
    }

    @Test(arguments: [
        ("unix:/x.sock", true), ("127.0.0.1:1", true), ("127.255.0.9:1", true), ("[::1]:1", true),
        ("localhost:1", true), ("LOCALHOST:1", true), ("[::ffff:127.0.0.1]:1", true),
        ("0.0.0.0:1", false), ("[::]:1", false), ("10.0.0.5:1", false), ("128.0.0.1:1", false),
        ("[::2]:1", false), ("example.org:1", false),
    ])
    func knowsWhichListenersOtherMachinesCanReach(text: String, local: Bool) throws {
        #expect(try ListenAddress(parsing: text, relativeTo: "/").isLocal == local)
    }
}
