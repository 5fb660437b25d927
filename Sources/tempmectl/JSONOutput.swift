// Printing results: proto messages as JSON with proto field names, plain values through JSONSerialization.
import Foundation
import SwiftProtobuf

/// Proto JSON as tempmectl prints it: proto field names, 64-bit integers as numbers.
private let protoJSONOptions: JSONEncodingOptions = {
    var options = JSONEncodingOptions()
    options.preserveProtoFieldNames = true
    options.alwaysPrintInt64sAsNumbers = true
    return options
}()

/// Prints a proto message as one JSON object (snake_case field names, 64-bit counts as numbers; default values omitted).
func printJSON(_ message: some SwiftProtobuf.Message) {
    print((try? message.jsonString(options: protoJSONOptions)) ?? "{}")
}

/// Prints a JSON-compatible value (dictionaries, arrays, strings, numbers, booleans).
func printJSON(_ value: Any) {
    guard JSONSerialization.isValidJSONObject(value),
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    else {
        print("{}")
        return
    }
    print(String(decoding: data, as: UTF8.self))
}

/// A proto message as a JSON-compatible dictionary (for embedding into a larger object).
func jsonObject(_ message: some SwiftProtobuf.Message) -> Any {
    guard let data = try? message.jsonUTF8Data(options: protoJSONOptions),
        let object = try? JSONSerialization.jsonObject(with: data)
    else { return [String: Any]() }
    return object
}
