// The served protos' descriptors, indexed by file name and by every symbol they define, for reflection.
import Foundation
import SwiftProtobuf
import TempMeProto

/// Files of a FileDescriptorSet by name, the file defining each fully qualified symbol, and the services.
struct DescriptorIndex: Sendable {
    /// Serialized FileDescriptorProto by file name.
    private(set) var files: [String: Data] = [:]
    /// Imports by file name.
    private(set) var dependencies: [String: [String]] = [:]
    /// File name by fully qualified symbol (package.Message, package.Message.Nested, package.Enum, package.Service,
    /// package.Service.Method).
    private(set) var fileOfSymbol: [String: String] = [:]
    /// Fully qualified service names, sorted.
    private(set) var services: [String] = []

    /// The index of tempmed's compiled-in descriptor set (scripts/generate_protos.sh).
    static let served: DescriptorIndex = {
        guard let data = Data(base64Encoded: TempMeDescriptorSet.base64, options: .ignoreUnknownCharacters),
            let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: data),
            let index = try? DescriptorIndex(set: set)
        else { fatalError("TempMeDescriptorSet is corrupt: rerun scripts/generate_protos.sh") }
        return index
    }()

    /// Indexes every file of `set`.
    init(set: Google_Protobuf_FileDescriptorSet) throws {
        for file in set.file {
            files[file.name] = try file.serializedBytes()
            dependencies[file.name] = file.dependency
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType { index(message, prefix: prefix, file: file.name) }
            for enumeration in file.enumType { fileOfSymbol[prefix + enumeration.name] = file.name }
            for service in file.service {
                fileOfSymbol[prefix + service.name] = file.name
                services.append(prefix + service.name)
                for method in service.method { fileOfSymbol[prefix + service.name + "." + method.name] = file.name }
            }
        }
        services.sort()
    }

    /// `name` first, then every file it imports, transitively, each once.
    func fileWithImports(_ name: String) -> [Data]? {
        guard files[name] != nil else { return nil }
        var order: [String] = []
        var pending = [name]
        while let next = pending.popLast() {
            guard !order.contains(next), files[next] != nil else { continue }
            order.append(next)
            pending.append(contentsOf: (dependencies[next] ?? []).reversed())
        }
        return order.compactMap { files[$0] }
    }

    private mutating func index(_ message: Google_Protobuf_DescriptorProto, prefix: String, file: String) {
        let name = prefix + message.name
        fileOfSymbol[name] = file
        for nested in message.nestedType { index(nested, prefix: name + ".", file: file) }
        for enumeration in message.enumType { fileOfSymbol[name + "." + enumeration.name] = file }
    }
}
