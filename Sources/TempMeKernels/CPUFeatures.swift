import CTempMeKernels

/// The instruction-set features of the CPU this process runs on (cpuid, with the OS's XCR0 state),
/// as far as the number formats care.
public struct CPUFeatures: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let avx2 = CPUFeatures(rawValue: UInt32(TM_CPU_AVX2))
    public static let fma = CPUFeatures(rawValue: UInt32(TM_CPU_FMA))
    public static let f16c = CPUFeatures(rawValue: UInt32(TM_CPU_F16C))
    public static let avx512f = CPUFeatures(rawValue: UInt32(TM_CPU_AVX512F))
    public static let avx512bw = CPUFeatures(rawValue: UInt32(TM_CPU_AVX512BW))
    public static let avx512vnni = CPUFeatures(rawValue: UInt32(TM_CPU_AVX512_VNNI))
    public static let avx512bf16 = CPUFeatures(rawValue: UInt32(TM_CPU_AVX512_BF16))
    public static let avxvnni = CPUFeatures(rawValue: UInt32(TM_CPU_AVX_VNNI))
    public static let amxTile = CPUFeatures(rawValue: UInt32(TM_CPU_AMX_TILE))
    public static let amxInt8 = CPUFeatures(rawValue: UInt32(TM_CPU_AMX_INT8))
    public static let amxBF16 = CPUFeatures(rawValue: UInt32(TM_CPU_AMX_BF16))

    /// The features of this CPU (read once).
    public static let current = CPUFeatures(rawValue: tm_cpu_features())

    /// Names as /proc/cpuinfo spells them, in a fixed order.
    public static let names: [(CPUFeatures, String)] = [
        (.avx2, "avx2"), (.fma, "fma"), (.f16c, "f16c"), (.avx512f, "avx512f"), (.avx512bw, "avx512bw"),
        (.avx512vnni, "avx512_vnni"), (.avx512bf16, "avx512_bf16"), (.avxvnni, "avx_vnni"),
        (.amxTile, "amx_tile"), (.amxInt8, "amx_int8"), (.amxBF16, "amx_bf16"),
    ]

    /// The present features' names, space-separated ("none" when empty).
    public var description: String {
        let present = Self.names.filter { contains($0.0) }.map(\.1)
        return present.isEmpty ? "none" : present.joined(separator: " ")
    }
}
