// The daemon itself: health, counters, model summary, and online backups.
import TempMeProto

extension TempMeClient {
    /// grpc.health.v1 Check of `service` (empty: the whole server).
    public func health(service: String = "") throws(TempMeClientError) -> Grpc_Health_V1_HealthCheckResponse.ServingStatus {
        var request = Grpc_Health_V1_HealthCheckRequest()
        request.service = service
        let response: Grpc_Health_V1_HealthCheckResponse = try call(Grpc_Health_V1_HealthMethod.check, request)
        return response.status
    }

    /// The daemon's counters and gauges.
    public func stats() throws(TempMeClientError) -> Tempme_V1_StatsResponse {
        try call(Tempme_V1_TempMeMethod.stats, Tempme_V1_StatsRequest())
    }

    /// The loaded model, its merge schedule and cost, and the daemon's version.
    public func info() throws(TempMeClientError) -> Tempme_V1_InfoResponse {
        try call(Tempme_V1_TempMeMethod.info, Tempme_V1_InfoRequest())
    }

    /// An online backup into `destination` on the daemon's machine: a bare name (in its backup_dir), an
    /// absolute path, or empty for a timestamped name.
    public func backup(to destination: String = "") throws(TempMeClientError) -> Tempme_V1_BackupResponse {
        var request = Tempme_V1_BackupRequest()
        request.destination = destination
        return try call(Tempme_V1_TempMeMethod.backup, request)
    }
}
