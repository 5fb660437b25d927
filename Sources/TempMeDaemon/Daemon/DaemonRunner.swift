// Start-up and shutdown of tempmed: lock, vocabulary, model, store, warm-up, server, READY; then drain on SIGTERM.
import Dispatch
import Foundation
import Logging
import TempMeBasics
import TempMeKernels
import TempMeModel
import TempMeRPC
import TempMeService
import TempMeStore

/// Choices that exist only on the command line.
public struct DaemonLaunchOptions: Sendable, Equatable {
    /// Backbone of the deterministic weights used when no model directory is configured; nil means
    /// the demo model (training/demo_model), falling back to deterministic B/32 weights when absent.
    public var builtinShape: BackboneShape?
    /// When set, the bound TCP port(s) are written there (one per line) once the daemon is ready.
    public var portFile: String?

    /// Launch options (the demo model by default).
    public init(builtinShape: BackboneShape? = nil, portFile: String? = nil) {
        self.builtinShape = builtinShape
        self.portFile = portFile
    }
}

/// Runs one daemon in the foreground until SIGTERM or SIGINT, then drains and returns.
public enum DaemonRunner {
    /// Starts everything, reports READY, blocks until a termination signal, drains and cleans up.
    public static func run(configuration: DaemonConfiguration, options: DaemonLaunchOptions) throws {
        let logger = Logger(label: "tempmed")
        for warning in configuration.warnings { logger.warning("\(warning)") }
        let notifier = SystemdNotifier()
        try? notifier.status("starting")

        // Caught from the start: a SIGTERM during start-up is honoured once the daemon is up (it drains at once).
        let waitForTermination = catchTermination(logger: logger)
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        let tls = try TLSFiles.load(configuration.security)  // before the model loads: a bad certificate fails fast
        let tokenizer = try loadTokenizer(configuration, logger: logger)
        BLAS.setThreads(1)
        let bundle = try ModelLoading.load(configuration, builtinShape: options.builtinShape, logger: logger)
        let opened = try StoreOpening.open(configuration, bundle: bundle, logger: logger)
        let store = opened.store

        logger.info("warming up the encoders", metadata: ["frames": "\(bundle.model.configuration.frames)"])
        let service: VideoSearchService
        do {
            var settings = ServiceSettings(configuration: configuration)
            settings.thumbnailDirectory = DataDirectoryLayout.thumbnails(in: configuration.dataDirectory)
            service = try VideoSearchService(bundle: bundle, tokenizer: tokenizer, store: store, settings: settings)
        } catch {
            throw DaemonStartupError.warmUpFailed("\(error)")
        }
        logger.info("warm-up done", metadata: [
            "gflops_per_video": "\(String(format: "%.2f", service.videoCost.gflops))",
            "encode_workers": "\(service.settings.encodeWorkers)",
        ])

        let server = RPCServer(
            router: TempMeRPCAdapter.router(for: service), options: serverOptions(configuration),
            observer: GRPCObservation.observer(accessLevel: configuration.log.access.loggerLevel))
        let bound: [RPCBoundAddress]
        do {
            bound = try server.start(addresses: listenAddresses(configuration, tls: tls?.rpc))
        } catch {
            throw DaemonStartupError.listenFailed(error.message)
        }
        for address in bound {
            logger.info("listening", metadata: ["address": "\(address.address)", "port": "\(address.port.map(String.init) ?? "-")"])
        }
        let http = try HTTPListening.start(
            configuration, service: service, tls: tls?.http, portFile: options.portFile, logger: logger)
        if let portFile = options.portFile {
            let ports = bound.compactMap(\.port).map(String.init).joined(separator: "\n") + "\n"
            try? ports.write(toFile: portFile, atomically: true, encoding: .utf8)
        }
        server.health.setStatus(.serving)
        server.health.setStatus(.serving, for: "tempme.v1.TempMe")
        let monitor = opened.probe.map {
            BackendHealthMonitor(probe: $0, health: server.health, services: ["", "tempme.v1.TempMe"], logger: logger)
        }
        if !bundle.meaningful {
            logger.warning("serving deterministic weights: search results are NOT meaningful (pass --model DIR for real weights)")
        }
        let videos = (try? store.count(kind: .video)).map(String.init) ?? "unknown (store unavailable)"
        logger.info("ready", metadata: ["videos": "\(videos)", "texts": "\((try? store.count(kind: .text)).map(String.init) ?? "unknown")"])
        try? notifier.ready(status: "serving \(videos) videos")
        let watchdog = Task { await notifier.runWatchdog() }  // returns at once unless WATCHDOG_USEC is set

        waitForTermination()
        logger.info("stopping: draining in-flight calls", metadata: ["drain_seconds": "\(configuration.drainSeconds)"])
        try? notifier.stopping(status: "draining")
        watchdog.cancel()
        service.beginDraining()
        let drainStart = ContinuousClock.now
        server.shutdown(drainSeconds: configuration.drainSeconds)
        http?.shutdown(drainSeconds: max(0, configuration.drainSeconds - (ContinuousClock.now - drainStart).seconds))
        service.stop()
        monitor?.stop()
        opened.close()
        lock.release()
        logger.info("stopped")
    }

    /// Installs the SIGTERM/SIGINT handler (then unblocks the signals, so one already pending reaches the
    /// handler, not the default action) and returns a wait for the first signal; a second one exits at once.
    private static func catchTermination(logger: Logger) -> () -> Void {
        let signalled = DispatchSemaphore(value: 0)
        let handler = TerminationSignalHandler(
            onFirstSignal: { number in
                logger.info("termination signal received", metadata: ["signal": "\(number)"])
                signalled.signal()
            },
            onRepeatedSignal: { _ in
                logger.warning("second termination signal: exiting without draining")
                exit(1)
            })
        unblockTerminationSignals()
        return { withExtendedLifetime(handler) { signalled.wait() } }
    }

    /// A parent may start us with SIGTERM/SIGINT blocked (a mask inherited from a dispatch worker
    /// thread, e.g. Foundation's Process); the handler would then never run. Unblock them on this thread.
    private static func unblockTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func loadTokenizer(_ configuration: DaemonConfiguration, logger: Logger) throws -> CLIPTokenizer {
        let file = configuration.model.vocabularyFile.map { URL(fileURLWithPath: $0) } ?? CLIPTokenizer.defaultVocabularyFile()
        guard let file else {
            throw DaemonStartupError.vocabularyUnavailable("\(DaemonConfiguration.vocabularyFileName) was not found")
        }
        do {
            let tokenizer = try CLIPTokenizer(vocabularyFile: file)
            logger.info("vocabulary loaded", metadata: ["file": "\(file.path)"])
            return tokenizer
        } catch {
            throw DaemonStartupError.vocabularyUnavailable("\(error)")
        }
    }


    private static func serverOptions(_ configuration: DaemonConfiguration) -> RPCServerOptions {
        RPCServerOptions(
            maxReceiveMessageBytes: configuration.maxMessageBytes, maxSendMessageBytes: configuration.maxMessageBytes,
            bearerToken: configuration.security.authToken, tokenScope: .allPeers)
    }

    private static func listenAddresses(_ configuration: DaemonConfiguration, tls: RPCTLSIdentity?) -> [RPCListenAddress] {
        configuration.listen.map { address in
            switch address {
            case .unix(let path):
                try? FileManager.default.removeItem(atPath: path)  // a stale socket from a previous run
                return .unix(path)
            case .tcp:
                return RPCListenAddress(address.grpcTarget, tls: tls)
            }
        }
    }
}
