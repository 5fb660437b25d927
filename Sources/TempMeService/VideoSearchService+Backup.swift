// Backup: the store's online backup into the backup directory (a bare name) or an absolute path.
import Foundation
import TempMeBasics
import TempMeProto
import TempMeStore

extension VideoSearchService {
    /// Writes an online backup of the store into a new directory on this machine (see `BackupDestination`).
    public func backup(_ request: Tempme_V1_BackupRequest) throws -> Tempme_V1_BackupResponse {
        do {
            try checkServing()
            let destination = try BackupDestination.resolve(request.destination, backupDirectory: settings.backupDirectory)
            let videos = try store.count(kind: .video)
            let texts = try store.count(kind: .text)
            try store.backup(to: destination.url, creatingParent: destination.insideBackupDirectory)
            var response = Tempme_V1_BackupResponse()
            response.destination = destination.url.path
            response.videoCount = UInt64(videos)
            response.textCount = UInt64(texts)
            response.bytes = DirectorySize.bytes(under: destination.url)
            return response
        } catch {
            throw ServiceError.from(error)
        }
    }
}
