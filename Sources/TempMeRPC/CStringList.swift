/// NUL-terminated copies of Swift strings that stay valid until the list is deallocated.
///
/// Used only to pass arrays of strings (addresses, PEM, metadata) across the C boundary.
final class CStringList {
    private var storage: [UnsafeMutablePointer<CChar>] = []

    /// A copy of `string` owned by this list; nil for nil.
    func copy(_ string: String?) -> UnsafePointer<CChar>? {
        guard let string else { return nil }
        let bytes = string.utf8CString
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { pointer.initialize(from: base, count: buffer.count) }
        }
        storage.append(pointer)
        return UnsafePointer(pointer)
    }

    deinit {
        for pointer in storage { pointer.deallocate() }
    }
}
