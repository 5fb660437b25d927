// Which files an ingest uploads under which ids; a later file whose id an earlier one took fails here.
import TempMeClient

/// The files of one `tempmectl ingest` in order, the uploads they become, and the files refused
/// before uploading because an earlier file of the same run has their id (file names alike in
/// different folders): which of them the daemon kept would depend on upload timing.
struct IngestPlan {
    /// Every file, in the order results are printed.
    let files: [String]
    /// The id of each file.
    let ids: [String]
    /// The uploads, in file order.
    let items: [IngestBatch.Item]
    /// The file index of each upload.
    let fileOfItem: [Int]
    /// File index -> the earlier file that has the same id.
    let duplicates: [Int: String]

    /// Plans `files` with `id` naming each.
    init(files: [String], id: (String) -> String) {
        self.files = files
        ids = files.map(id)
        var firstFileOfID: [String: Int] = [:]
        var items: [IngestBatch.Item] = [], fileOfItem: [Int] = [], duplicates: [Int: String] = [:]
        for (index, file) in files.enumerated() {
            if let earlier = firstFileOfID[ids[index]] {
                duplicates[index] = files[earlier]
                continue
            }
            firstFileOfID[ids[index]] = index
            items.append(IngestBatch.Item(path: file, id: ids[index]))
            fileOfItem.append(index)
        }
        self.items = items
        self.fileOfItem = fileOfItem
        self.duplicates = duplicates
    }

    /// The failure of a file refused for its duplicate id.
    func duplicateFailure(file index: Int) -> CtlFailure? {
        duplicates[index].map { earlier in
            CtlFailure(status: "USAGE", message: "id \"\(ids[index])\" is also the id of \(earlier) in this run; not uploaded",
                       exitCode: TempMeExitCode.usage)
        }
    }
}
