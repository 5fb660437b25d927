import Testing
@testable import TempMeDaemon
import TempMeRPC
import TempMeService

/// The service settings the daemon derives from its configuration.
struct ServiceSettingsTests {
    @Test("the smallest upload chunk is 1 KiB, or half the message limit when that is smaller")
    func chunkMinimumFollowsTheMessageLimit() throws {
        var configuration = try DaemonConfiguration.load(file: nil, environment: [:], workingDirectory: "/srv/app")
        #expect(ServiceSettings(configuration: configuration).limits.minChunkBytes == 1024)
        configuration.maxMessageBytes = 1024
        #expect(ServiceSettings(configuration: configuration).limits.minChunkBytes == 512)
    }

    @Test func theDefaultBackupDirectoryFollowsTheDataDirectory() throws {
        let plain = try DaemonConfiguration.parse(toml: "data_dir = \"/srv/tempmed\"", workingDirectory: "/")
        #expect(plain.store.backupDirectory == "/srv/tempmed/backups")
        #expect(ServiceSettings(configuration: plain).backupDirectory == "/srv/tempmed/backups")
        let set = try DaemonConfiguration.parse(toml: "[store]\nbackup_dir = \"snapshots\"", workingDirectory: "/srv")
        #expect(set.store.backupDirectory == "/srv/snapshots")
        #expect(try DaemonConfiguration.parse(toml: set.renderedTOML(), workingDirectory: "/") == set)
    }
}

/// The gRPC face of service failures.
struct RPCStatusMappingTests {
    @Test("each service status goes out as the gRPC code of the same number, message unchanged")
    func serviceStatusesKeepTheirNumbers() {
        for status in ServiceStatus.allCases {
            let error: ServiceError
            switch status {
            case .cancelled: error = .cancelled("m")
            case .invalidArgument: error = .invalidArgument("m")
            case .deadlineExceeded: error = .deadlineExceeded("m")
            case .notFound: error = .notFound("m")
            case .alreadyExists: error = .alreadyExists("m")
            case .permissionDenied: error = .permissionDenied("m")
            case .resourceExhausted: error = .resourceExhausted("m")
            case .failedPrecondition: error = .failedPrecondition("m")
            case .internal: error = .internal("m")
            case .unavailable: error = .unavailable("m")
            }
            let rpc = TempMeRPCAdapter.rpcError(error)
            #expect(rpc.code.rawValue == status.rawValue)
            #expect(rpc.message == "m")
            #expect(error.code == status)
        }
        #expect(TempMeRPCAdapter.rpcError(.notFound("x")).code == .notFound)
        #expect(TempMeRPCAdapter.rpcError(.unavailable("x")).code == .unavailable)
    }
}
