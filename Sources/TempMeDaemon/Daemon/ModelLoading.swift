// The model a daemon (or an offline tool acting for it) serves, chosen as the configuration says.
import Logging
import TempMeKernels
import TempMeModel

/// Loads the configured model, or the built-in one.
enum ModelLoading {
    /// The model `configuration` names (`model.dir`), else the demo model, else deterministic weights of
    /// `builtinShape` (B/32 when nil), in the number format `encoder.precision` resolves to; a format this CPU
    /// cannot run is `DaemonStartupError.precisionUnavailable`, other failures `DaemonStartupError.modelUnavailable`.
    static func load(_ configuration: DaemonConfiguration, builtinShape: BackboneShape?, logger: Logger) throws -> ModelBundle {
        let settings = configuration.model
        let precision = configuration.encoder.precision
        // Refused before any weights are read, naming what the CPU lacks.
        if case .failure(let unavailable) = precision.resolve() {
            throw DaemonStartupError.precisionUnavailable(
                requested: precision.rawValue, missingFeature: unavailable.missingFeature, reason: unavailable.message)
        }
        do {
            let bundle: ModelBundle
            // Unset mode, frames and max_words leave the model directory's config.json in charge.
            let (mode, frames, maxWords) = (settings.mode, settings.frames, settings.maxWords)
            if let directory = settings.directory {
                bundle = try ModelBundle.load(directory: directory, mode: mode, frames: frames, maxWords: maxWords, precision: precision)
            } else if builtinShape == nil, let demo = ModelBundle.demoModelDirectory() {
                bundle = try ModelBundle.load(directory: demo, mode: mode, frames: frames, maxWords: maxWords, precision: precision)
                logger.notice("using the demo model: it knows only the synthetic benchmark's coloured shapes (see \(demo)/README.md); pass --model DIR for real weights")
            } else {
                if builtinShape == nil { logger.warning("the demo model was not found (training/demo_model); using deterministic B/32 weights") }
                bundle = try ModelBundle.deterministic(builtinShape ?? .b32, mode: mode, frames: frames, maxWords: maxWords, precision: precision)
            }
            logger.info("model loaded", metadata: [
                "model": "\(bundle.name)", "backbone": "\(bundle.model.shape.displayName)",
                "mode": "\(bundle.model.configuration.mode.rawValue)", "fingerprint": "\(bundle.fingerprint)",
                "precision": "\(bundle.model.precision.format.rawValue)",
            ])
            logger.info("encoder precision \(bundle.model.precision.format.rawValue): \(bundle.model.precision.reason)",
                        metadata: ["cpu": "\(CPUFeatures.current)"])
            if !bundle.meaningful {
                logger.warning("the model has deterministic weights, not trained ones: embeddings and search results are not meaningful")
            }
            return bundle
        } catch {
            throw DaemonStartupError.modelUnavailable("\(error)")
        }
    }
}
