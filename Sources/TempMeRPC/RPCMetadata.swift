/// Request headers (gRPC metadata): ordered name/value pairs with lowercase names.
public struct RPCMetadata: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// One header.
    public struct Entry: Sendable, Equatable {
        /// Lowercase header name, e.g. `authorization`.
        public var name: String
        /// Header value.
        public var value: String

        /// A header; the name is lowercased as gRPC requires.
        public init(name: String, value: String) {
            self.name = name.lowercased()
            self.value = value
        }
    }

    /// All headers in the order they arrived or were added.
    public var entries: [Entry]

    /// Metadata from a list of headers.
    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// Metadata from a literal such as `["x-request-id": "42"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.entries = elements.map { Entry(name: $0.0, value: $0.1) }
    }

    /// The first value of a header, if present (names are case-insensitive).
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return entries.first { $0.name == lowered }?.value
    }

    /// Appends a header.
    public mutating func append(name: String, value: String) {
        entries.append(Entry(name: name, value: value))
    }
}
