// The checks every backend applies to a query before running it.

extension StoreQuery {
    /// Refuses a query no backend can answer: a negative k, too many moments, a bad filter or embedding,
    /// or a time given with a source that is not a stored video.
    public func validate(dimension: Int) throws {
        guard k >= 0 else { throw StoreError.invalidK(k) }
        guard moments >= 0 && moments <= StoreLimits.maxMoments else {
            throw StoreError.invalidQuery(reason: "moments must be 0...\(StoreLimits.maxMoments), got \(moments)")
        }
        try RecordValidation.checkMetadata(filter)
        switch source {
        case .vector(let given):
            try RecordValidation.checkEmbedding(given, dimension: dimension)
            guard sourceSeconds == nil else {
                throw StoreError.invalidQuery(reason: "a time is only meaningful with a stored video as the source")
            }
        case .record(let id, let kind):
            try RecordValidation.checkID(id)
            guard sourceSeconds == nil || kind == .video else {
                throw StoreError.invalidQuery(reason: "a time is only meaningful with a stored video as the source")
            }
        }
    }
}
