// Server-side path ingest: a path is accepted only if, symlinks resolved, it lies under an allowed root.
import Foundation

/// The directories path ingest may read from, symlinks resolved once at start.
public struct PathConfinement: Sendable, Equatable {
    /// Allowed roots as real (symlink-free) absolute paths.
    public let roots: [String]

    /// Confinement to `roots` (each resolved; an unresolvable root is dropped).
    public init(roots: [String]) {
        self.roots = roots.compactMap(Self.realPath)
    }

    /// The real path of `path` if it lies under a root; PERMISSION_DENIED outside, NOT_FOUND if missing.
    public func resolve(_ path: String) throws(ServiceError) -> String {
        guard !roots.isEmpty else {
            throw .permissionDenied("path ingest is disabled: no ingest.allowed_roots are configured; upload the bytes with Ingest instead")
        }
        guard path.hasPrefix("/") else {
            throw .invalidArgument("path \(path.debugDescription) is not absolute; give an absolute path on the daemon's machine")
        }
        guard let real = Self.realPath(path) else {
            let lexical = URL(fileURLWithPath: path).standardizedFileURL.path
            guard isUnderRoot(lexical) else { throw outside(path) }
            throw .notFound("no file at \(path.debugDescription)")
        }
        guard isUnderRoot(real) else { throw outside(path) }
        return real
    }

    private func isUnderRoot(_ path: String) -> Bool {
        roots.contains { root in path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
    }

    private func outside(_ path: String) -> ServiceError {
        .permissionDenied("\(path.debugDescription) is outside the allowed roots (\(roots.joined(separator: ", "))); move the file under one of them or upload it with Ingest")
    }

    /// `realpath(3)`: the absolute path with every symlink and `..` resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
