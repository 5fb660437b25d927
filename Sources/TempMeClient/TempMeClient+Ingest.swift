// Ingest: a video streamed from a file or from memory, or read by the daemon from its own disk.
import Foundation
import TempMeProto

extension TempMeClient {
    /// Bytes per uploaded chunk unless told otherwise (1 MiB); the daemon wants at least 1 KiB in every chunk but the last.
    public static let defaultIngestChunkBytes = 1 << 20

    /// Called after each chunk with the bytes sent so far and the total (nil when the size is unknown).
    public typealias IngestProgress = (_ sentBytes: Int, _ totalBytes: Int?) -> Void

    /// Opens an Ingest call and sends `header`; if the daemon refuses it, the first `send` returns false.
    public func openIngest(_ header: Tempme_V1_IngestHeader) throws(TempMeClientError) -> IngestUpload {
        var opening = Tempme_V1_IngestRequest()
        opening.header = header
        let upload = IngestUpload(stream: openStream(Tempme_V1_TempMeMethod.ingest))
        upload.stream.send(try opening.wireBytes())
        return upload
    }

    /// Uploads the file at `path` as video `id` in chunks of `chunkBytes` (each full but the last);
    /// `canceller` may abandon it from another thread.
    public func ingest(
        id: String, file path: String, metadata: [String: String] = [:], replace: Bool = false,
        chunkBytes: Int = defaultIngestChunkBytes, canceller: UploadCanceller? = nil, progress: IngestProgress? = nil
    ) throws(TempMeClientError) -> Tempme_V1_IngestResponse {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TempMeClientError(code: nil, message: "cannot read \(path)")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int
        let header = Self.ingestHeader(id: id, metadata: metadata, replace: replace, filename: (path as NSString).lastPathComponent)
        return try upload(header, totalBytes: size, chunkBytes: chunkBytes, canceller: canceller, progress: progress) {
            var chunk = Data()
            while chunk.count < chunkBytes, let piece = try handle.read(upToCount: chunkBytes - chunk.count), !piece.isEmpty {
                chunk.append(piece)
            }
            return chunk.isEmpty ? nil : chunk
        }
    }

    /// Uploads `data` as video `id` in chunks of `chunkBytes` (each full but the last); `canceller`
    /// may abandon it from another thread.
    public func ingest(
        id: String, data: Data, metadata: [String: String] = [:], replace: Bool = false, filename: String = "",
        chunkBytes: Int = defaultIngestChunkBytes, canceller: UploadCanceller? = nil, progress: IngestProgress? = nil
    ) throws(TempMeClientError) -> Tempme_V1_IngestResponse {
        let header = Self.ingestHeader(id: id, metadata: metadata, replace: replace, filename: filename)
        var offset = data.startIndex
        return try upload(header, totalBytes: data.count, chunkBytes: chunkBytes, canceller: canceller, progress: progress) {
            guard offset < data.endIndex else { return nil }
            let end = data.index(offset, offsetBy: chunkBytes, limitedBy: data.endIndex) ?? data.endIndex
            defer { offset = end }
            return data.subdata(in: offset..<end)
        }
    }

    /// Asks the daemon to read `path` on its own machine (under its allowed roots) and store it as video `id`;
    /// `canceller` may abandon the call from another thread.
    public func ingestPath(
        _ path: String, id: String, metadata: [String: String] = [:], replace: Bool = false, canceller: UploadCanceller? = nil
    ) throws(TempMeClientError) -> Tempme_V1_IngestResponse {
        var request = Tempme_V1_IngestPathRequest()
        request.path = path
        request.id = id
        request.metadata = metadata
        request.replace = replace
        let call = IngestUpload(stream: openStream(Tempme_V1_TempMeMethod.ingestPath))  // one request, one IngestResponse
        call.stream.send(try request.wireBytes())
        _ = canceller?.attach(call)  // cancelled first: finish() throws CANCELLED
        return try call.finish()
    }

    /// Sends `header`, then every chunk `nextChunk` returns until nil (or until the daemon ends the call).
    private func upload(
        _ header: Tempme_V1_IngestHeader, totalBytes: Int?, chunkBytes: Int, canceller: UploadCanceller?,
        progress: IngestProgress?, nextChunk: () throws -> Data?
    ) throws(TempMeClientError) -> Tempme_V1_IngestResponse {
        guard chunkBytes > 0 else { throw TempMeClientError(code: nil, message: "chunkBytes must be positive, got \(chunkBytes)") }
        let upload = try openIngest(header)
        if let canceller, !canceller.attach(upload) { return try upload.finish() }  // cancelled first: finish() throws CANCELLED
        var sent = 0
        do {
            while let chunk = try nextChunk() {
                guard try upload.send(chunk) else { break }  // the call ended early; finish() says why
                sent += chunk.count
                progress?(sent, totalBytes)
            }
        } catch {
            upload.cancel()
            throw TempMeClientError.from(error)
        }
        return try upload.finish()
    }

    /// The first message of an upload.
    private static func ingestHeader(id: String, metadata: [String: String], replace: Bool, filename: String) -> Tempme_V1_IngestHeader {
        var header = Tempme_V1_IngestHeader()
        header.id = id
        header.metadata = metadata
        header.filename = filename
        header.replace = replace
        return header
    }
}
