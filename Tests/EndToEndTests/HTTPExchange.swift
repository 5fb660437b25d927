// One HTTP request to a test daemon with the curl CLI: status, headers and body.
import Foundation

/// The answer to one HTTP request.
struct HTTPExchange {
    /// The HTTP status code (0 when curl could not connect).
    var status: Int
    /// Response headers, names lowercased.
    var headers: [String: String]
    /// The response body.
    var body: Data

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as a JSON object.
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    /// `error` of an error body.
    var error: [String: Any]? { json?["error"] as? [String: Any] }

    /// Sends `method url` with `body` (a file path: `bodyFile`) and `headers`, trusting `caCertificate` (a PEM file)
    /// for https; curl's exit status is a failure.
    static func send(
        _ method: String, _ url: String, body: String? = nil, bodyFile: String? = nil, headers: [String: String] = [:],
        caCertificate: String? = nil, timeout: TimeInterval = 60
    ) throws -> HTTPExchange {
        let directory = try TestEnvironment.scratchDirectory("curl")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var arguments = ["curl", "-sS", "--path-as-is", "-X", method, "-o", directory + "/body", "-D", directory + "/headers",
                         "-w", "%{http_code}", "--max-time", String(Int(timeout))]
        if let caCertificate { arguments += ["--cacert", caCertificate] }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try body.write(toFile: directory + "/request", atomically: true, encoding: .utf8)
            arguments += ["--data-binary", "@" + directory + "/request", "-H", "Content-Type: application/json"]
        }
        if let bodyFile { arguments += ["--data-binary", "@" + bodyFile, "-H", "Content-Type: video/mp4"] }
        arguments.append(url)
        let result = try ProcessRunner.run("/usr/bin/env", arguments, timeout: timeout + 5)
        guard result.status == 0 else { throw DaemonFailure(message: "curl \(method) \(url) failed: \(result.stderr)") }
        var fields: [String: String] = [:]
        let head = (try? String(contentsOfFile: directory + "/headers", encoding: .utf8)) ?? ""
        for line in head.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPExchange(
            status: Int(result.stdout) ?? 0, headers: fields,
            body: (try? Data(contentsOf: URL(fileURLWithPath: directory + "/body"))) ?? Data())
    }
}
