// How hits with moments are shown: `bikes  0:12-0:22  0.31`, more moments indented below, or JSON.
import ArgumentParser
import Foundation
import TempMeProto

/// Options shared by the video queries: how many moments per hit and how long videos are scored.
struct MomentOptions: ParsableArguments {
    @Option(help: "Best moments shown per video hit (1...100).") var moments: UInt32 = 1
    @Option(help: "How long videos are scored: best_segment, blend or whole_video (default: the daemon's).")
    var aggregation: String?
}

/// A time as m:ss (h:mm:ss from an hour), rounded to the second.
func clockTime(_ seconds: Double) -> String {
    let total = Int(max(0, seconds).rounded())
    let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
    return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
}

/// A moment as `0:12-0:22  0.31`.
func momentText(_ moment: Tempme_V1_Moment) -> String {
    "\(clockTime(moment.startSeconds))-\(clockTime(moment.endSeconds))  \(String(format: "%.2f", moment.score))"
}

/// The response as JSON where every moment carries all three fields (proto JSON would drop a 0 start).
func searchJSON(_ response: Tempme_V1_SearchResponse) -> Any {
    guard var object = jsonObject(response) as? [String: Any], var hits = object["hits"] as? [[String: Any]] else {
        return jsonObject(response)
    }
    for (index, hit) in response.hits.enumerated() where index < hits.count && !hit.moments.isEmpty {
        hits[index]["moments"] = hit.moments.map { moment -> [String: Any] in
            ["start_seconds": moment.startSeconds, "end_seconds": moment.endSeconds, "score": Double(moment.score)]
        }
    }
    object["hits"] = hits
    return object
}

/// A video hit with moments: `rank  id  start-end  score  metadata`, then one indented line per further moment.
func printMomentHit(_ hit: Tempme_V1_Hit, rank: Int, metadata: String) {
    guard let first = hit.moments.first else { return }
    print("\(rank)  \(hit.id)  \(momentText(first))\(metadata.isEmpty ? "" : "  " + metadata)")
    let indent = String(repeating: " ", count: "\(rank)  \(hit.id)  ".count)
    for moment in hit.moments.dropFirst() { print(indent + momentText(moment)) }
}

/// Seconds from `90`, `1.5`, `1:30` or `1:02:03`; nil when it is none of these.
func parseClockTime(_ text: String) -> Double? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
    guard (1...3).contains(parts.count), parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
    return parts.reduce(0.0) { $0 * 60 + ($1 ?? 0) }
}

/// Seconds without a needless fraction: `8`, `2.5`.
func seconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
}
