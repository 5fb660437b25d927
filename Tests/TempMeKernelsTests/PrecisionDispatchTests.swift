import Foundation
import Testing
import TempMeKernels

/// CPU feature detection against /proc/cpuinfo, and what each precision setting resolves to.
@Suite struct PrecisionDispatchTests {
    /// The flags the kernel lists for the first CPU (Linux only).
    static let cpuinfoFlags: Set<String>? = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        return Set(line.split(separator: ":", maxSplits: 1).last?.split(separator: " ").map(String.init) ?? [])
    }()

    @Test(.enabled(if: PrecisionDispatchTests.cpuinfoFlags != nil, "skipped: no /proc/cpuinfo flags line on this system"))
    func cpuidAgreesWithProcCpuinfo() throws {
        let flags = try #require(Self.cpuinfoFlags)
        for (feature, name) in CPUFeatures.names {
            #expect(CPUFeatures.current.contains(feature) == flags.contains(name), "\(name): cpuid and /proc/cpuinfo disagree")
        }
    }

    @Test func fp32AlwaysResolves() throws {
        for features in [CPUFeatures(), .current, [.avx2, .avx512bf16, .amxBF16]] {
            #expect(try Precision.fp32.resolve(on: features).get().format == .fp32)
        }
    }

    @Test func int8NeedsAVX2() throws {
        #expect(try Precision.int8.resolve(on: [.avx2, .fma]).get().format == .int8)
        switch Precision.int8.resolve(on: [.fma, .f16c]) {
        case .success: Issue.record("int8 resolved without AVX2")
        case let .failure(error):
            #expect(error.missingFeature == "avx2")
            #expect(error.message.contains("AVX2"))
        }
    }

    @Test func bf16IsNeverSelectedInThisBuild() {
        for features: CPUFeatures in [[.avx2], [.avx2, .avx512f, .avx512bf16], [.amxTile, .amxBF16]] {
            switch Precision.bf16.resolve(on: features) {
            case .success: Issue.record("bf16 resolved, but this build has no bf16 kernels")
            case let .failure(error):
                let hasBF16 = features.contains(.avx512bf16) || features.contains(.amxBF16)
                #expect(error.missingFeature == (hasBF16 ? nil : "avx512_bf16 or amx_bf16"))
                #expect(error.message.contains(hasBF16 ? "not implemented" : "lacks"))
            }
        }
    }

    @Test func autoTakesInt8OnAVX2AndFp32Elsewhere() throws {
        #expect(try Precision.auto.resolve(on: [.avx2]).get().format == .int8)
        #expect(try Precision.auto.resolve(on: [.avx512bf16, .amxBF16]).get().format == .fp32)
        #expect(try Precision.auto.resolve(on: []).get().format == .fp32)
    }

    @Test func theFastKernelFollowsTheCPU() {
        #expect((Int8GEMM.fastKernel == .avx2) == CPUFeatures.current.contains(.avx2))
    }
}
