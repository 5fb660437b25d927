// Backup: the store's online backup into the backup directory (a bare name) or an absolute path, with the
// thumbnails of the videos it holds.
import Foundation
import TempMeBasics
import TempMeProto
import TempMeStore

extension VideoSearchService {
    /// Writes an online backup of the store into a new directory on this machine (see `BackupDestination`), and the
    /// thumbnails of its videos into its `thumbnails` folder. Ingests and deletes wait while both are taken.
    public func backup(_ request: Tempme_V1_BackupRequest) throws -> Tempme_V1_BackupResponse {
        do {
            try checkServing()
            let destination = try BackupDestination.resolve(request.destination, backupDirectory: settings.backupDirectory)
            let (videos, texts) = try snapshotLock.withWriteLock {
                let counts = (try store.count(kind: .video), try store.count(kind: .text))
                try store.backup(to: destination.url, creatingParent: destination.insideBackupDirectory)
                try backUpThumbnails(into: destination.url)
                return counts
            }
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

    /// Copies the thumbnails of the videos the store holds (the backup's, under the snapshot lock) into the backup;
    /// on failure removes the backup, which this call made.
    private func backUpThumbnails(into backup: URL) throws {
        guard let thumbnailStore else { return }
        let carried = ThumbnailStore(directory: backup.appendingPathComponent(ThumbnailStore.backupFolderName).path)
        do {
            try thumbnailStore.copy(into: carried) { try store.existingIDs($0, kind: .video) }
        } catch {
            try? FileManager.default.removeItem(at: backup)
            if let error = error as? StoreError { throw error }
            throw StoreError.fromFileSystem(error, operation: "backup (thumbnails)", path: carried.directory)
                .asBackupFailure(at: backup.path)
        }
    }
}
