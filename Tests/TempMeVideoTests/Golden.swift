import Foundation

/// Golden data written by scripts/reference_preprocess.py (numpy and Pillow), committed next to the tests.
enum Golden {
    /// Decodes `Golden/<name>` into `T`.
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}
