// The JSON API over a real daemon: the calls work, and bad input gets a clear status and loses nothing.
import Foundation
import TempMeTestSupport
import Testing

@Suite("HTTP API")
struct HTTPAPITests {
    @Test("upload, search, get, list, stats and info over HTTP; request ids in headers, errors and the access log")
    func apiCallsWork() throws {
        let root = try TestEnvironment.scratchDirectory("http-api")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let daemon = try DaemonProcess(dataDirectory: root + "/data")
        let base = daemon.httpURL

        let upload = try HTTPExchange.send("PUT", base + "/v1/videos/red?meta.colour=red&filename=red.mp4", bodyFile: videos["red"]!)
        #expect(upload.status == 200, "\(upload.text)")
        #expect(upload.json?["id"] as? String == "red")
        #expect(try HTTPExchange.send("PUT", base + "/v1/videos/bars", bodyFile: videos["bars"]!).status == 200)

        let search = try HTTPExchange.send("POST", base + "/v1/search", body: #"{"text": "a red square", "k": 5}"#)
        #expect(search.status == 200)
        let hits = search.json?["hits"] as? [[String: Any]] ?? []
        #expect(Set(hits.compactMap { $0["id"] as? String }) == ["red", "bars"])
        let record = try HTTPExchange.send("POST", base + "/v1/get", body: #"{"id": "red", "kind": "KIND_VIDEO"}"#)
        #expect(record.status == 200, "\(record.text)")
        #expect((record.json?["record"] as? [String: Any])?["metadata"] as? [String: String] == ["colour": "red"])
        let list = try HTTPExchange.send("POST", base + "/v1/list", body: "{}")
        #expect((list.json?["records"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["bars", "red"])
        let similar = try HTTPExchange.send("POST", base + "/v1/similar", body: #"{"video_id": "red", "k": 1}"#)
        #expect((similar.json?["hits"] as? [[String: Any]])?.first?["id"] as? String == "bars")
        #expect(try HTTPExchange.send("GET", base + "/v1/stats").json?["video_count"] as? String == "2")
        #expect(try HTTPExchange.send("GET", base + "/v1/info").json?["frames"] as? Int == 12)

        // Thumbnails: one 160 x 160 JPEG per sampled frame (ffprobe reads them), gone with the record.
        let thumbnail = try HTTPExchange.send("GET", base + "/v1/videos/red/thumbnails/11")
        #expect(thumbnail.status == 200)
        #expect(thumbnail.headers["content-type"] == "image/jpeg")
        try thumbnail.body.write(to: URL(fileURLWithPath: root + "/thumb.jpg"))
        let probe = try ProcessRunner.run(
            "/usr/bin/env", ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", root + "/thumb.jpg"])
        #expect(probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "mjpeg,160,160")
        #expect(try HTTPExchange.send("GET", base + "/v1/videos/red/thumbnails/12").status == 404)
        #expect(try HTTPExchange.send("GET", base + "/v1/videos/red/thumbnails/x").status == 400)
        _ = try daemon.client().delete("bars")
        #expect(try HTTPExchange.send("GET", base + "/v1/videos/bars/thumbnails/0").status == 404)

        let tagged = try HTTPExchange.send("POST", base + "/v1/get", body: #"{"id": "nope", "kind": "KIND_VIDEO"}"#, headers: ["X-Request-Id": "req-42.a"])
        #expect(tagged.status == 404)
        #expect(tagged.headers["x-request-id"] == "req-42.a")
        #expect(tagged.error?["request_id"] as? String == "req-42.a")
        #expect(tagged.error?["code"] as? String == "NOT_FOUND")
        #expect(daemon.log.contains("request_id=req-42.a"))
        #expect(daemon.log.contains("tempmed.access http call"))
        let unsafeID = try HTTPExchange.send("GET", base + "/v1/stats", headers: ["X-Request-Id": "bad id with spaces"])
        #expect(unsafeID.headers["x-request-id"]?.count == 16, "an unsafe id is replaced by a fresh one")
        #expect(daemon.stop() == 0)
    }

    @Test("oversized bodies, bad JSON, wrong methods, path traversal and unknown parameters get clear statuses; nothing is lost")
    func badInputGetsClearStatuses() throws {
        let root = try TestEnvironment.scratchDirectory("http-bad")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let videos = try TestClips.make(in: root)
        let daemon = try DaemonProcess(
            dataDirectory: root + "/data",
            extraArguments: ["--set", "http.max_json_bytes=2048", "--set", "ingest.max_video_bytes=20000"])
        let base = daemon.httpURL
        #expect(try HTTPExchange.send("PUT", base + "/v1/videos/red", bodyFile: videos["red"]!).status == 200)

        let tooBig = try HTTPExchange.send("POST", base + "/v1/search", body: "{\"text\": \"" + String(repeating: "a", count: 4000) + "\"}")
        #expect(tooBig.status == 413)
        #expect(tooBig.error?["code"] as? String == "RESOURCE_EXHAUSTED")
        let bigVideo = root + "/big.bin"
        try Data(repeating: 7, count: 30_000).write(to: URL(fileURLWithPath: bigVideo))
        let tooBigVideo = try HTTPExchange.send("PUT", base + "/v1/videos/big", bodyFile: bigVideo)
        #expect(tooBigVideo.status == 429)
        #expect((tooBigVideo.error?["message"] as? String)?.contains("ingest.max_video_bytes") == true)

        for body in ["{bad", "[]", #"{"text": 5}"#, #"{"txt": "typo"}"#] {
            let answer = try HTTPExchange.send("POST", base + "/v1/search", body: body)
            #expect(answer.status == 400, "\(body): \(answer.text)")
            #expect(answer.error?["code"] as? String == "INVALID_ARGUMENT")
            #expect((answer.error?["request_id"] as? String)?.isEmpty == false)
        }
        #expect(try HTTPExchange.send("POST", base + "/v1/search", body: #"{"text": ""}"#).status == 400)
        #expect(try HTTPExchange.send("PUT", base + "/v1/videos/red", bodyFile: videos["red"]!).status == 409)
        let garbage = root + "/garbage.mp4"
        try Data(repeating: 0x42, count: 5000).write(to: URL(fileURLWithPath: garbage))
        #expect(try HTTPExchange.send("PUT", base + "/v1/videos/garbage", bodyFile: garbage).status == 400)
        #expect(try HTTPExchange.send("PUT", base + "/v1/videos/x?colour=red", bodyFile: videos["red"]!).status == 400)

        let wrongMethod = try HTTPExchange.send("GET", base + "/v1/search")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"] == "POST")
        #expect(try HTTPExchange.send("DELETE", base + "/v1/stats").status == 405)
        #expect(try HTTPExchange.send("POST", base + "/metrics").status == 405)

        for path in ["/static/../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
                     "/static/app.css/../../../etc/passwd", "/../../etc/passwd", "/static/nope.js"] {
            let answer = try HTTPExchange.send("GET", base + path)
            #expect(answer.status == 404, "\(path) -> \(answer.status)")
            #expect(!answer.text.contains("root:"))
        }
        #expect(try HTTPExchange.send("GET", base + "/static/app.js").status == 200)

        // Nothing was lost or added: the one good video is still there and searchable.
        let stats = try HTTPExchange.send("GET", base + "/v1/stats").json
        #expect(stats?["video_count"] as? String == "1")
        #expect(try daemon.client().search("red", k: 5).hits.map(\.id) == ["red"])
        // The gRPC access line is written once the call has finished, just after the client has its answer.
        let logged = { daemon.log.contains("grpc call") && daemon.log.contains("method=/tempme.v1.TempMe/Search") }
        let deadline = Date().addingTimeInterval(10)
        while !logged() && Date() < deadline { usleep(50_000) }
        #expect(logged())
        #expect(daemon.stop() == 0)
    }

    @Test("with a token: 401 without it, 403 with another, 200 with it; the page needs none")
    func tokensAreChecked() throws {
        let root = try TestEnvironment.scratchDirectory("http-token")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "s3cret\n".write(toFile: root + "/token", atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(dataDirectory: root + "/data", extraArguments: ["--set", "security.auth_token_file=\(root)/token"])
        let base = daemon.httpURL
        let missing = try HTTPExchange.send("GET", base + "/v1/stats")
        #expect(missing.status == 401)
        #expect(missing.headers["www-authenticate"] == "Bearer")
        #expect(missing.error?["code"] as? String == "UNAUTHENTICATED")
        for header in ["Bearer wrong", "Bearer s3cret2", "Basic czNjcmV0", "s3cret"] {
            let answer = try HTTPExchange.send("POST", base + "/v1/search", body: #"{"text": "x"}"#, headers: ["Authorization": header])
            #expect(answer.status == (header.hasPrefix("Bearer") ? 403 : 401), "\(header)")
        }
        #expect(try HTTPExchange.send("GET", base + "/v1/stats", headers: ["Authorization": "Bearer s3cret"]).status == 200)
        #expect(try HTTPExchange.send("GET", base + "/metrics", headers: ["Authorization": "Bearer s3cret"]).status == 200)
        #expect(try HTTPExchange.send("GET", base + "/").status == 200)
        #expect(try HTTPExchange.send("GET", base + "/static/app.js").status == 200)
        #expect(daemon.stop() == 0)
    }
}
