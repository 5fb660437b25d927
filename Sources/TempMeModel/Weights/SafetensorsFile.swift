import Foundation

/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw data.
public struct SafetensorsFile: TensorSource {
    struct Entry: Sendable {
        let dtype: String
        let shape: [Int]
        let start: Int
        let end: Int
    }

    let path: String
    let data: Data
    let entries: [String: Entry]
    let dataStart: Int

    /// Maps the file and parses its header; throws a readable error for anything malformed.
    public init(path: String) throws {
        self.path = path
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ModelError.unreadableWeights(path: path, reason: error.localizedDescription)
        }
        guard data.count >= 8 else { throw ModelError.unreadableWeights(path: path, reason: "file is shorter than a safetensors header") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength < UInt64(data.count - 8), headerLength < 100_000_000 else {
            throw ModelError.unreadableWeights(path: path, reason: "header length \(headerLength) exceeds the file")
        }
        dataStart = 8 + Int(headerLength)
        let header = data.subdata(in: 8..<dataStart)
        guard let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw ModelError.unreadableWeights(path: path, reason: "header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        let payload = data.count - dataStart
        for (name, value) in json where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw ModelError.unreadableWeights(path: path, reason: "malformed header entry for '\(name)'") }
            let width = ["F32": 4, "F16": 2, "BF16": 2][dtype] ?? 0
            guard width > 0 else { throw ModelError.unsupportedDType(name: name, dtype: dtype) }
            let (start, end) = (offsets[0], offsets[1])
            guard shape.allSatisfy({ $0 >= 0 }), start >= 0, start <= end, end <= payload,
                  end - start == shape.reduce(1, *) * width
            else { throw ModelError.unreadableWeights(path: path, reason: "tensor '\(name)' has an inconsistent byte range") }
            entries[name] = Entry(dtype: dtype, shape: shape, start: start, end: end)
        }
        self.entries = entries
    }

    /// The file path.
    public var origin: String { path }
    /// Names of all tensors in the file.
    public var names: [String] { entries.keys.sorted() }
    /// The stored shape of a tensor.
    public func shape(of name: String) -> [Int]? { entries[name]?.shape }

    /// Reads a tensor, converting F16 and BF16 to float32.
    public func tensor(_ name: String) throws -> Tensor? {
        guard let e = entries[name] else { return nil }
        let count = e.shape.reduce(1, *)
        let bytes = data[(data.startIndex + dataStart + e.start)..<(data.startIndex + dataStart + e.end)]
        let values: [Float] = bytes.withUnsafeBytes { raw in
            switch e.dtype {
            case "F32":
                return (0..<count).map { Float(bitPattern: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian) }
            case "F16":
                return (0..<count).map { Float(Float16(bitPattern: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).littleEndian)) }
            default:
                return (0..<count).map { Float(bitPattern: UInt32(raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).littleEndian) << 16) }
            }
        }
        return Tensor(shape: e.shape, values: values)
    }

    /// Writes tensors as a float32 safetensors file (used by tests and tools).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
        var header: [String: Any] = [:]
        var offset = 0
        for (name, t) in tensors {
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]]
            offset += 4 * t.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        for (_, t) in tensors {
            t.values.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: UInt8.self), count: 4 * t.count)) }
        }
        do { try out.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw ModelError.unreadableWeights(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
