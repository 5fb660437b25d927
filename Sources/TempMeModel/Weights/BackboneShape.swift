/// The dimensions of a CLIP backbone (both towers), as inferred from its tensors.
public struct BackboneShape: Sendable, Equatable, Hashable, Codable {
    /// Visual transformer width (768 for ViT-B).
    public var visualWidth: Int
    /// Visual transformer depth.
    public var visualLayers: Int
    /// Patch side in pixels (32 or 16).
    public var patchSize: Int
    /// Input image side in pixels (224).
    public var imageSize: Int
    /// Joint embedding width (512 for ViT-B).
    public var embedDim: Int
    /// Text transformer width.
    public var textWidth: Int
    /// Text transformer depth.
    public var textLayers: Int
    /// Text context length (77).
    public var contextLength: Int
    /// Vocabulary size (49408).
    public var vocabSize: Int
    /// Width of one attention head in both towers, as OpenAI's CLIP fixes it.
    public static let headWidth = 64

    /// ViT-B/32.
    public static let b32 = BackboneShape(visualWidth: 768, visualLayers: 12, patchSize: 32, imageSize: 224, embedDim: 512,
                                          textWidth: 512, textLayers: 12, contextLength: 77, vocabSize: 49408)
    /// ViT-B/16.
    public static let b16 = BackboneShape(visualWidth: 768, visualLayers: 12, patchSize: 16, imageSize: 224, embedDim: 512,
                                          textWidth: 512, textLayers: 12, contextLength: 77, vocabSize: 49408)
    /// A narrow 12-layer shape with the B/32 token grid, for fast tests.
    public static let tiny = BackboneShape(visualWidth: 64, visualLayers: 12, patchSize: 32, imageSize: 224, embedDim: 32,
                                           textWidth: 64, textLayers: 12, contextLength: 77, vocabSize: 49408)

    /// The named shape for `b32`, `b16` or `tiny`.
    public static func named(_ name: String) -> BackboneShape? {
        switch name.lowercased() {
        case "b32", "vit-b/32", "vit-b-32": return .b32
        case "b16", "vit-b/16", "vit-b-16": return .b16
        case "tiny": return .tiny
        default: return nil
        }
    }

    /// Patches per side of the image.
    public var gridSize: Int { imageSize / patchSize }
    /// Tokens per frame entering the first block: patches plus one CLS.
    public var tokensPerFrame: Int { gridSize * gridSize + 1 }

    /// A short human name: "ViT-B/32", "ViT-B/16" or a description of a custom shape.
    public var displayName: String {
        if self == .b32 { return "ViT-B/32" }
        if self == .b16 { return "ViT-B/16" }
        return "ViT(width \(visualWidth), \(visualLayers) layers, patch \(patchSize)) + text(width \(textWidth))"
    }
}
