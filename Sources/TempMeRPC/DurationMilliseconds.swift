extension Duration {
    /// Whole milliseconds, clamped to Int64 (the unit the shim takes for timeouts).
    var clampedMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflowAdding) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return overflowAdding ? Int64.max : total
    }
}
