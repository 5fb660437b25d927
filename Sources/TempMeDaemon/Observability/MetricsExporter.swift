// The Prometheus backend of swift-metrics for the daemon: bootstrapped once, gauges refreshed at each scrape.
import CoreMetrics
import Foundation
import Prometheus
import Synchronization
import TempMeKernels
import TempMeMetrics
import TempMeService
import TempMeStore

/// Owns the Prometheus registry the daemon's metrics land in and renders `/metrics`.
public final class MetricsExporter: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let service: VideoSearchService
    private let lastCPUSeconds = Mutex<Double>(0)

    /// Latency buckets from 1 ms to 2 min (searches take milliseconds, encodes seconds).
    static let durationBuckets: [Duration] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
    ].map { Duration.nanoseconds(Int64($0 * 1e9)) }

    /// Bootstraps swift-metrics with a Prometheus factory (once per process: `MetricsSystem` allows one bootstrap)
    /// and records the constant build info of `service`.
    public init(service: VideoSearchService, version: String) {
        registry = PrometheusCollectorRegistry()
        self.service = service
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        MetricsSystem.bootstrap(factory)
        let model = service.bundle.model
        registry.makeGauge(name: MetricNames.buildInfo, labels: [
            ("version", version), ("model_fingerprint", service.bundle.fingerprint),
            ("backbone", model.shape.displayName), ("mode", model.configuration.mode.rawValue),
            ("precision", "\(model.precision.format.rawValue)"),
        ]).set(to: 1)
        registry.makeGauge(name: MetricNames.startTime).set(to: Date().timeIntervalSince1970)
        registry.makeGauge(name: MetricNames.queueCapacity).set(to: Double(service.settings.queueCapacity))
    }

    /// The Prometheus text exposition of every metric, gauges read now.
    public func render() -> String {
        refreshGauges()
        return PrometheusHelp.annotate(registry.emitToString())
    }

    private func refreshGauges() {
        registry.makeGauge(name: MetricNames.queueDepth).set(to: Double(service.queueDepth))
        // A backend that cannot be asked leaves the record gauges at their last values (health says why).
        for kind in [RecordKind.video, .text] {
            if let count = try? service.store.count(kind: kind) {
                registry.makeGauge(name: MetricNames.records, labels: [("kind", kind.rawValue)]).set(to: Double(count))
            }
        }
        registry.makeGauge(name: MetricNames.storeBytes).set(to: Double(service.store.storageBytes()))
        guard let process = ProcessStatistics.current() else { return }
        registry.makeGauge(name: MetricNames.residentMemory).set(to: process.residentBytes)
        registry.makeGauge(name: MetricNames.openFileDescriptors).set(to: process.openFileDescriptors)
        registry.makeGauge(name: MetricNames.maxFileDescriptors).set(to: process.maxFileDescriptors)
        let increase = lastCPUSeconds.withLock { last in
            defer { last = max(last, process.cpuSeconds) }
            return max(0, process.cpuSeconds - last)
        }
        registry.makeCounter(name: MetricNames.cpuSeconds).increment(by: increase)
    }
}
