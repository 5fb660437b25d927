import TempMeBasics

/// The text tower: token ids to projected text features (spec section 1, text).
struct TextEncoder {
    let weights: TextTowerWeights
    let shape: BackboneShape
    /// int8 copies of the linear layers, when the model runs in int8.
    var int8: Int8ModelWeights? = nil
    /// Runs parts of each product on other threads (results are the same bits).
    var splitter: any WorkSplitter = SerialSplitter()

    /// Encodes a batch of equal-length id sequences into unnormalized features [batch, E].
    /// Tokens after the EOT token are padding that no kept row attends to (causal and padding
    /// masks), so the batch runs only up to its longest text: the result is the same.
    func encode(_ padded: [[Int32]]) throws -> [Float] {
        guard let fullLength = padded.first?.count, fullLength > 0 else { return [] }
        let w = shape.textWidth
        guard fullLength <= shape.contextLength else {
            throw ModelError.invalidInput("text of \(fullLength) tokens exceeds the context length \(shape.contextLength)")
        }
        guard padded.allSatisfy({ $0.count == fullLength }) else { throw ModelError.invalidInput("text sequences of a batch must have equal length") }
        let ends = padded.map(Self.endOfText)
        let length = (ends.max() ?? 0) + 1
        let batch = padded.map { Array($0.prefix(length)) }
        var x = [Float](repeating: 0, count: batch.count * length * w)
        var validKeys = [Int32](repeating: 0, count: batch.count * length)
        var eotRows: [Int] = []
        let table = weights.token_embedding.values, pos = weights.positional_embedding.values
        for (b, ids) in batch.enumerated() {
            guard ids.allSatisfy({ $0 >= 0 && Int($0) < shape.vocabSize }) else {
                throw ModelError.invalidInput("token ids must be within 0..<\(shape.vocabSize)")
            }
            let eot = ends[b]
            eotRows.append(b * length + eot)
            for (t, id) in ids.enumerated() {
                let dst = (b * length + t) * w, src = Int(id) * w
                for j in 0..<w { x[dst + j] = table[src + j] + pos[t * w + j] }
                validKeys[b * length + t] = Int32(min(t, eot) + 1)
            }
        }
        for (layer, blockWeights) in weights.blocks.enumerated() {
            var block = TransformerBlock(weights: blockWeights, width: w)
            block.splitter = splitter
            if let int8 { block.int8 = (int8.textBlocks[layer], int8.kernel) }
            _ = block.attention(&x, sequences: batch.count, length: length, keyBias: nil, validKeys: validKeys)
            _ = block.mlp(&x, rows: batch.count * length)
        }
        var last = [Float](repeating: 0, count: batch.count * w)
        for (b, row) in eotRows.enumerated() { last[(b * w)..<((b + 1) * w)] = x[(row * w)..<((row + 1) * w)] }
        let normed = Ops.layerNorm(last, cols: w, weights.ln_final)
        return Ops.matmul(normed, rows: batch.count, weights.text_projection).y
    }

    /// The EOT position: the first occurrence of the largest id, as CLIP takes it.
    static func endOfText(_ ids: [Int32]) -> Int {
        ids.indices.max { ids[$0] < ids[$1] || (ids[$0] == ids[$1] && $0 > $1) } ?? 0
    }
}
