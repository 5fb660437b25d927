// How much disk a directory tree takes.
import Foundation

/// Sizes of directory trees on disk.
public enum DirectorySize {
    /// Total size of the regular files under `directory`.
    public static func bytes(under directory: URL) -> UInt64 {
        guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey]) else {
            return 0
        }
        var total: UInt64 = 0
        for case let file as URL in files {
            total += UInt64((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
        return total
    }
}
