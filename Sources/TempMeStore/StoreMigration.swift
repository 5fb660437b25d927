// Copies every record from one store backend to another and checks the copy by counts and fingerprints.

/// Moves a store between backends (embedded RocksDB and Milvus, either way) through the store interface.
public enum StoreMigration {
    /// What was copied and what each side holds afterwards.
    public struct Report: Sendable, Equatable {
        /// Records copied, per kind.
        public var copied: [RecordKind: Int] = [:]
        /// Records per model fingerprint in the source, per kind.
        public var source: [RecordKind: [String: Int]] = [:]
        /// Records per model fingerprint in the destination after the copy, per kind.
        public var destination: [RecordKind: [String: Int]] = [:]

        /// Whether both sides hold the same number of records of every kind and fingerprint.
        public var verified: Bool { source == destination }
    }

    /// Copies all records of `source` into the empty store `destination`, `batch` records per write,
    /// calling `progress(kind, copiedSoFar)` after each write; then reads the destination back and
    /// compares counts per kind and fingerprint. A non-empty destination is refused before anything is written.
    public static func copy(
        from source: any RecordStore, to destination: any RecordStore, batch: Int = 256,
        progress: (RecordKind, Int) -> Void = { _, _ in }
    ) throws -> Report {
        guard batch > 0 && batch <= StoreLimits.maxPageSize else { throw StoreError.invalidPageLimit(batch) }
        for kind in RecordKind.allCases {
            let held = try destination.count(kind: kind)
            guard held == 0 else {
                throw StoreError.invalidConfiguration(
                    reason: "the destination already holds \(held) \(kind.rawValue) records; migrate into an empty store")
            }
        }
        var report = Report()
        for kind in RecordKind.allCases {
            var copied = 0
            report.source[kind] = try fingerprints(of: source, kind: kind, batch: batch) { page in
                _ = try destination.put(page, mode: .createOnly)
                copied += page.count
                progress(kind, copied)
            }
            report.copied[kind] = copied
            report.destination[kind] = try fingerprints(of: destination, kind: kind, batch: batch) { _ in }
        }
        return report
    }

    /// Records per fingerprint of one kind, paging through `store` and handing each page to `visit`.
    private static func fingerprints(
        of store: any RecordStore, kind: RecordKind, batch: Int, visit: ([StoredRecord]) throws -> Void
    ) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var after: String?
        repeat {
            let page = try store.records(kind: kind, after: after, limit: batch, filter: [:])
            for record in page.records { counts[record.modelFingerprint, default: 0] += 1 }
            if !page.records.isEmpty { try visit(page.records) }
            after = page.nextCursor
        } while after != nil
        return counts
    }
}
