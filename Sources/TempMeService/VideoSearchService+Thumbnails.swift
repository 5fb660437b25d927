// Thumbnails at ingest (when the daemon gives a directory) and served by index, for the web page.
import Foundation
import TempMeMetrics
import TempMeVideo

extension VideoSearchService {
    /// The thumbnail store, when `settings.thumbnailDirectory` is set.
    var thumbnailStore: ThumbnailStore? { settings.thumbnailDirectory.map(ThumbnailStore.init(directory:)) }

    /// Makes and keeps the thumbnails of a stored video; a failure costs the thumbnails, never the record.
    func saveThumbnails(of video: DecodedVideo, id: String) {
        guard let thumbnailStore, let bytes = try? thumbnailStore.save(video, id: id) else { return }
        ServiceMetrics.thumbnails(bytes: bytes)
    }

    /// JPEG thumbnail `index` (0-based, in sampling order) of video `id`; NOT_FOUND when there is none.
    public func thumbnail(id: String, index: Int) throws(ServiceError) -> Data {
        try settings.limits.id(id)
        guard let thumbnailStore else { throw .notFound("this daemon keeps no thumbnails") }
        guard let jpeg = thumbnailStore.thumbnail(id: id, index: index) else {
            throw .notFound("video \(id.debugDescription) has no thumbnail \(index) (made at ingest; older records have none)")
        }
        return jpeg
    }
}
