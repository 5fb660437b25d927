import CTempMeDNNL
import Foundation
import TempMeBenchmarks
import TempMeKernels
import TempMeModel

// tempme-precision-bench: the GEMM microbenchmark behind docs/precision.md (`gemm`) and the int8
// accuracy study (`accuracy`). A tool, not part of the daemon.

/// "AMD EPYC (2 cores; avx2 fma f16c)": the CPU every figure comes from.
func cpuLine() -> String {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "unknown CPU"
    return "\(model) (\(ProcessInfo.processInfo.activeProcessorCount) cores; \(CPUFeatures.current))"
}

func gemmCommand(repeats: Int) throws {
    guard tm_dnnl_set_threads(1) == 0 else { throw ToolError("cannot set oneDNN's OpenMP thread count") }
    BLAS.setThreads(1)
    try GEMMShapes.verify()
    print("CPU: \(cpuLine())")
    let bench = Microbenchmark()
    for note in bench.notes { print("  \(note)") }
    let names = bench.candidates.map(\.name)
    func table(_ title: String, _ rows: [Microbenchmark.Row]) {
        print("\n\(title): GFLOP/s (2 x multiply-adds / s, single thread; int8 rates count the same multiply-adds)\n")
        print("| shape | M x N x K | " + names.joined(separator: " | ") + " |")
        print("| --- | --- |" + String(repeating: " ---: |", count: names.count))
        var total = [Double](repeating: 0, count: names.count)
        var macs = 0.0
        for row in rows {
            let s = row.shape
            let rates = row.seconds.map { $0.isFinite ? String(format: "%.1f", 2 * Double(s.macs * s.calls) / $0 / 1e9) : "-" }
            print("| \(s.name)\(s.calls > 1 ? " (x\(s.calls))" : "") | \(s.m) x \(s.n) x \(s.k) | " + rates.joined(separator: " | ") + " |")
            for i in total.indices { total[i] += row.seconds[i] }
            macs += Double(s.macs * s.calls)
        }
        let rates = total.map { $0.isFinite ? String(format: "**%.1f**", 2 * macs / $0 / 1e9) : "-" }
        let ms = total.map { $0.isFinite ? String(format: "%.2f ms", $0 * 1000) : "-" }
        print("| **all** | \(String(format: "%.2f", macs / 1e9)) GMAC | " + rates.joined(separator: " | ") + " |")
        print("| time | | " + ms.joined(separator: " | ") + " |")
        let worst = names.indices.map { i in rows.map { $0.errors[i] }.max() ?? .nan }
        print("| max relative error vs OpenBLAS f32 | | " + worst.map { $0.isNaN ? "-" : String(format: "%.1e", $0) }.joined(separator: " | ") + " |")
        let base = total[0]
        print("| vs OpenBLAS f32 | | " + total.map { $0.isFinite ? String(format: "%.2fx", base / $0) : "-" }.joined(separator: " | ") + " |")
    }
    table("TempMe B/32, 12 frames: every linear layer of one video", bench.run(GEMMShapes.tempmeB32(), repeats: repeats))
    table("Text tower B/32, one 10-word query (12 tokens)", bench.run(GEMMShapes.textQuery(), repeats: repeats * 4))
}

/// EngineBenchmark with a reduced precision side by side with fp32, one run, one encoder per core.
func engineCommand(_ arguments: [String]) throws {
    var precision = Precision.int8, backbone = "b32", repeats = 5
    var it = arguments.makeIterator()
    while let a = it.next() {
        switch a {
        case "--precision": precision = try Precision(rawValue: it.next() ?? "").orThrow("--precision takes fp32, bf16, int8 or auto")
        case "--backbone": backbone = it.next() ?? backbone
        case "--repeats": repeats = Int(it.next() ?? "") ?? repeats
        default: throw ToolError("engine: unknown argument \(a)")
        }
    }
    let shape = try BackboneShape.named(backbone).orThrow("unknown backbone \(backbone)")
    let workers = ProcessInfo.processInfo.activeProcessorCount
    let r = try EngineBenchmark.run(shape: shape, name: backbone, frames: 12, repeats: repeats, workers: workers, precision: precision)
    print("CPU: \(cpuLine())")
    print("\(backbone), 12 frames, \(workers) single-threaded encoders, \(repeats) interleaved rounds; sgemm peak \(String(format: "%.0f", r.sgemmPeakGFLOPPerSecond)) GFLOP/s")
    guard let reduced = r.reduced else { print("\(precision.rawValue) resolves to fp32 here: nothing to compare"); return }
    print("\(reduced.format): \(reduced.reason)\n")
    print("| mode | fp32 videos/s | \(reduced.format) videos/s | speedup | fp32 GFLOP/s (% of peak) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for (f, q) in zip(r.modes, reduced.modes) {
        print(String(format: "| %@ | %.2f | %.2f | %.2fx | %.0f (%.0f%%) |", f.mode.rawValue, f.videosPerSecond, q.videosPerSecond,
                     q.videosPerSecond / f.videosPerSecond, f.gflopPerSecond, 100 * f.fractionOfPeak))
    }
    print(String(format: "| text query (ms) | %.1f | %.1f | %.2fx | |", r.textMillisecondsPerQuery, reduced.textMillisecondsPerQuery,
                 r.textMillisecondsPerQuery / reduced.textMillisecondsPerQuery))
    if let t = r.speedup(.tempme, over: .lora), let tq = reduced.modes.first(where: { $0.mode == .tempme }), let lq = reduced.modes.first(where: { $0.mode == .lora }) {
        print(String(format: "TempMe/LoRA: fp32 %.2fx, %@ %.2fx", t, reduced.format, tq.videosPerSecond / lq.videosPerSecond))
    }
}

/// Resident memory of a process holding one model (as the daemon does) after one video and one query.
func rssCommand(_ arguments: [String]) throws {
    var precision = Precision.fp32, backbone = "b32"
    var it = arguments.makeIterator()
    while let a = it.next() {
        switch a {
        case "--precision": precision = try Precision(rawValue: it.next() ?? "").orThrow("--precision takes fp32, bf16, int8 or auto")
        case "--backbone": backbone = it.next() ?? backbone
        default: throw ToolError("rss: unknown argument \(a)")
        }
    }
    let shape = try BackboneShape.named(backbone).orThrow("unknown backbone \(backbone)")
    BLAS.setThreads(1)
    let bundle = try ModelBundle.deterministic(shape, precision: precision)
    _ = try bundle.model.encodeVideo(frames: DeterministicWeights.frames(count: 12, size: shape.imageSize))
    _ = try bundle.model.encodeText([[49406, 320, 49407] + [Int32](repeating: 0, count: 29)])
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS") }.map(String.init) ?? "VmRSS unknown"
    print("CPU: \(cpuLine())")
    print("\(backbone) deterministic, \(bundle.model.precision.format.rawValue): \(rss.replacingOccurrences(of: "\t", with: " ")); int8 weights \(bundle.model.reducedPrecisionWeightBytes / 1_000_000) MB (their float32 values dropped)")
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw ToolError(message) }
        return value
    }
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "gemm":
        try gemmCommand(repeats: arguments.dropFirst().first.flatMap { Int($0) } ?? 5)
    case "engine":
        try engineCommand(Array(arguments.dropFirst()))
    case "rss":
        try rssCommand(Array(arguments.dropFirst()))
    case "accuracy":
        try AccuracyStudy.main(Array(arguments.dropFirst()))
    default:
        print("usage: tempme-precision-bench gemm [REPEATS] | engine [--precision P] [--backbone b32|b16] [--repeats N] | rss [--precision P] [--backbone b32] | accuracy [--demo MANIFEST] [--clips DIR] [--precision P]")
        exit(2)
    }
} catch {
    FileHandle.standardError.write("tempme-precision-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
