import Foundation

/// Writes float32 or int64 arrays as NumPy `.npy` (format 1.0, little-endian, C order).
enum NumpyFile {
    static func write(_ values: [Float], shape: [Int], to url: URL) throws {
        try values.withUnsafeBytes { try write($0, descr: "<f4", shape: shape, to: url) }
    }

    static func write(_ values: [Int64], shape: [Int], to url: URL) throws {
        try values.withUnsafeBytes { try write($0, descr: "<i8", shape: shape, to: url) }
    }

    private static func write(_ payload: UnsafeRawBufferPointer, descr: String, shape: [Int], to url: URL) throws {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var file = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        file.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        file.append(Data(header.utf8))
        try file.write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        let chunk = 64 << 20
        for offset in stride(from: 0, to: payload.count, by: chunk) {
            let slice = UnsafeRawBufferPointer(rebasing: payload[offset..<min(offset + chunk, payload.count)])
            try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: slice.baseAddress!),
                                              count: slice.count, deallocator: .none))
        }
    }
}
