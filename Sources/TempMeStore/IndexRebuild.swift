import Foundation
import TempMeKernels

/// Fills the search indexes from RocksDB at open, applying the foreign-fingerprint policy.
struct IndexRebuild {
    let database: RocksDatabase
    let configuration: StoreConfiguration

    private struct Foreign {
        var count = 0
        var exampleID = ""
        var exampleFingerprint = ""
    }

    func run(videos: VectorIndex, texts: VectorIndex) throws {
        var foreign = Foreign()
        try load(.video, into: videos, foreign: &foreign)
        try load(.text, into: texts, foreign: &foreign)
        if foreign.count > 0 && configuration.foreignFingerprints == .refuse {
            throw StoreError.foreignRecords(count: foreign.count, exampleID: foreign.exampleID,
                                            fingerprint: foreign.exampleFingerprint, expected: configuration.modelFingerprint)
        }
    }

    private func load(_ kind: RecordKind, into index: VectorIndex, foreign: inout Foreign) throws {
        let expected = configuration.modelFingerprint
        let dimension = configuration.dimension
        try database.scan(prefix: StoreKeys.prefix(kind), bulk: true) { keyBytes, value in
            guard let id = String(validating: keyBytes, as: UTF8.self) else {
                throw StoreError.corruptRecord(key: String(decoding: keyBytes, as: UTF8.self), reason: "id is not UTF-8")
            }
            let header = try RecordCodec.decodeHeader(value, key: id)
            guard header.kind == kind else { throw StoreError.corruptRecord(key: id, reason: "record kind does not match its key") }
            try RecordCodec.validateTail(value, header: header, key: id)
            let isCurrent = header.fingerprint.utf8.elementsEqual(expected.utf8) && header.dimension == dimension
            if !isCurrent {
                if foreign.count == 0 {
                    foreign.exampleID = id
                    foreign.exampleFingerprint = header.dimension == dimension
                        ? header.fingerprint : "\(header.fingerprint) (dimension \(header.dimension))"
                }
                foreign.count += 1
                guard configuration.foreignFingerprints == .include && header.dimension == dimension else { return true }
            }
            let valid = index.upsert(id: id, metadata: header.metadata) { matrix, start in
                SimilarityKernels.normalize(littleEndianFloats: value, offset: header.embeddingOffset, count: dimension,
                                            into: &matrix, at: start)
            }
            guard valid else { throw StoreError.corruptRecord(key: id, reason: "embedding is zero or not finite") }
            return true
        }
    }
}
