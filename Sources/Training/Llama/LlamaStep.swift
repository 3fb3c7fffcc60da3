import Inference

/// One forward pass of `TrainableLlama` over a batch, keeping its activations, and optionally
/// the backward pass that turns the loss into gradients.
///
/// Shapes: `N = B·T` token rows, hidden `C`, `H` query and `KV` key/value heads of width `D`
/// (`HD = H·D`, `KVD = KV·D`), MLP width `F`, vocabulary `V`, LoRA rank `r`.
struct LlamaStep {
    let model: TrainableLlama
    let batch: CausalLMBatch
    /// What the step minimises.
    var objective = TrainingObjective.crossEntropy

    /// Where one block's activations live in the activation arena.
    private struct Block {
        /// The residual stream entering the block, `[N, C]`.
        var input = 0
        /// `1/rms` of `input` per row `[N]`, and the normed input `[N, C]`.
        var attentionRstd = 0, attentionNormed = 0
        /// Projections after rotary embedding: `q[N, HD]`, `k[N, KVD]`, `v[N, KVD]`.
        var query = 0, key = 0, value = 0
        /// Attention probabilities `[B, H, T, T]` and the heads' output `[N, HD]`.
        var probabilities = 0, attention = 0
        /// The residual stream after attention `[N, C]`, its `1/rms` `[N]` and normed copy `[N, C]`.
        var middle = 0, mlpRstd = 0, mlpNormed = 0
        /// MLP pre-activations `gate[N, F]`, `up[N, F]` and `silu(gate) ⊙ up` `[N, F]`.
        var gate = 0, up = 0, activation = 0
        /// The attention-probability dropout mask `[B, H, T, T]` while training with `attention_dropout`.
        var attentionDropout: Int?
        /// The seven projections (with their LoRA matrices and `x · Aᵀ` when wrapped).
        var projections: [LlamaProjection: LinearLayer] = [:]
    }

    /// Runs the forward pass and, when `backward`, the backward pass.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    func run(backward: Bool) throws -> TrainingGradients {
        let c = model.configuration
        try batch.validate(vocabularySize: c.vocabularySize, contextLength: c.contextLength, model: model.source)
        let targets = batch.shiftedTargets
        let counted = targets.reduce(0) { $0 + ($1 == CrossEntropy.ignored ? 0 : 1) }
        try objective.validate(batch, counted: counted, vocabularySize: c.vocabularySize, model: model.source)
        let B = batch.batchSize, T = batch.time, N = B * T
        let lastPositions = batch.lastRealPositions
        let C = c.hiddenSize, H = c.headCount, KV = c.kvHeadCount, D = c.headDimension, F = c.intermediateSize, V = c.vocabularySize
        let HD = H * D, KVD = KV * D
        let adapter = model.adapter
        let rank = adapter?.configuration.rank ?? 0
        let scaling = adapter?.configuration.scaling ?? 0
        let layout = model.parameters.layout
        let trainsBase = adapter == nil
        let attentionDropout = model.trainingSeed.flatMap { seed in
            model.attentionDropout > 0 ? Dropout(probability: Float(model.attentionDropout), seed: seed) : nil
        }
        let dropout = model.trainingSeed.flatMap { seed in
            (adapter?.configuration.dropout ?? 0) > 0 ? (Float(adapter!.configuration.dropout), seed) : nil
        }

        // Plan the activations.
        var plan = ArenaPlan()
        var blocks: [Block] = []
        for l in 0..<c.layerCount {
            var block = Block()
            block.input = plan.reserve(N * C)
            block.attentionRstd = plan.reserve(N); block.attentionNormed = plan.reserve(N * C)
            block.query = plan.reserve(N * HD); block.key = plan.reserve(N * KVD); block.value = plan.reserve(N * KVD)
            block.probabilities = plan.reserve(B * H * T * T); block.attention = plan.reserve(N * HD)
            block.middle = plan.reserve(N * C); block.mlpRstd = plan.reserve(N); block.mlpNormed = plan.reserve(N * C)
            block.gate = plan.reserve(N * F); block.up = plan.reserve(N * F); block.activation = plan.reserve(N * F)
            for projection in LlamaProjection.allCases {
                let path = "model.layers.\(l).\(projection.module)"
                let (outputs, inputs) = projection.shape(c)
                let lora = adapter?.offsets(of: path)
                var layer = LinearLayer(weight: layout.offset(path + ".weight"),
                                                            bias: layout.slot(path + ".bias")?.offset, inputs: inputs, outputs: outputs,
                                                            layout: .outputsByInputs, lora: lora,
                                                            loraInner: lora == nil ? nil : plan.reserve(N * rank))
                layer.reserveDropout(&plan, rows: N, active: dropout != nil)
                block.projections[projection] = layer
            }
            if attentionDropout != nil { block.attentionDropout = plan.reserve(B * H * T * T) }
            blocks.append(block)
        }
        let output = plan.reserve(N * C), finalRstd = plan.reserve(N), finalNormed = plan.reserve(N * C)
        let logits = plan.reserve(N * V)
        let acts = Arena(count: plan.count)

        let rotary = Rotary(positions: T, headDimension: D, theta: c.ropeTheta)
        let attention = Attention(batch: B, time: T, heads: H, kvHeads: KV, headDimension: D, causal: true)
        let ids = batch.flatIDs, mask = batch.flatMask
        var gradients = ParameterSet(zeros: model.trainableParameters.layout)
        let adapterValues = adapter?.parameters.values ?? [0]
        let scratch = Arena(count: max(Attention.scratchCount(batch: B, time: T), N * max(rank, 1)))

        let loss: Double = model.parameters.values.withUnsafeBufferPointer { weights in
            adapterValues.withUnsafeBufferPointer { adapterBuffer in
                mask.withUnsafeBufferPointer { maskBuffer in
                    gradients.values.withUnsafeMutableBufferPointer { gradientBuffer in
                        let w = weights.baseAddress!, la = adapterBuffer.baseAddress!, keyMask = maskBuffer.baseAddress!
                        let g = gradientBuffer.baseAddress!
                        func weight(_ name: String) -> UnsafePointer<Float> { w + layout.offset(name) }
                        /// The gradient of base parameter `name`, nil when the base is frozen.
                        func baseGradient(_ name: String) -> UnsafeMutablePointer<Float>? {
                            trainsBase ? g + layout.offset(name) : nil
                        }
                        var pass = LinearPass(weights: w, adapter: la, gradients: g, trainsBase: trainsBase, rows: N, rank: rank,
                                              scaling: scaling, activations: acts, loraScratch: scratch[0])
                        pass.loraDropout = dropout
                        /// `y = x · Wᵀ (+ scaling · (x · Aᵀ) · Bᵀ)` for `projection` of block `l`.
                        func project(_ projection: LlamaProjection, _ l: Int, into y: Int, from x: Int) {
                            pass.forward(blocks[l].projections[projection]!, into: acts[y], from: acts[x])
                        }

                        // Forward.
                        let embedding = weight("model.embed_tokens.weight")
                        for n in 0..<N { acts[blocks[0].input + n * C].update(from: embedding + ids[n] * C, count: C) }
                        for l in 0..<c.layerCount {
                            let k = blocks[l], p = "model.layers.\(l)."
                            RMSNorm.forward(acts[k.attentionNormed], acts[k.attentionRstd], acts[k.input], weight(p + "input_layernorm.weight"),
                                            rows: N, width: C, epsilon: c.rmsNormEpsilon)
                            project(.query, l, into: k.query, from: k.attentionNormed)
                            project(.key, l, into: k.key, from: k.attentionNormed)
                            project(.value, l, into: k.value, from: k.attentionNormed)
                            rotary.apply(acts[k.query], batch: B, time: T, heads: H)
                            rotary.apply(acts[k.key], batch: B, time: T, heads: KV)
                            if let dropout = attentionDropout, let mask = k.attentionDropout {
                                dropout.draw(acts[mask], count: B * H * T * T, site: l)
                            }
                            attention.forward(acts[k.attention], acts[k.probabilities], acts[k.query], acts[k.key], acts[k.value], keyMask: keyMask,
                                              dropout: k.attentionDropout.map { UnsafePointer(acts[$0]) }, scratch: scratch[0])
                            project(.output, l, into: k.middle, from: k.attention)
                            for i in 0..<(N * C) { acts[k.middle][i] += acts[k.input][i] }
                            RMSNorm.forward(acts[k.mlpNormed], acts[k.mlpRstd], acts[k.middle], weight(p + "post_attention_layernorm.weight"),
                                            rows: N, width: C, epsilon: c.rmsNormEpsilon)
                            project(.gate, l, into: k.gate, from: k.mlpNormed)
                            project(.up, l, into: k.up, from: k.mlpNormed)
                            Activations.gatedSiLU(acts[k.activation], gate: acts[k.gate], up: acts[k.up], count: N * F)
                            let next = l + 1 < c.layerCount ? blocks[l + 1].input : output
                            project(.down, l, into: next, from: k.activation)
                            for i in 0..<(N * C) { acts[next][i] += acts[k.middle][i] }
                        }
                        RMSNorm.forward(acts[finalNormed], acts[finalRstd], acts[output], weight("model.norm.weight"),
                                        rows: N, width: C, epsilon: c.rmsNormEpsilon)
                        let headName = c.tiedEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight"
                        MatrixProduct.linear(acts[logits], acts[finalNormed], weight(headName), rows: N, inputs: C, outputs: V)
                        // The logits become their gradient here.
                        let loss = objective.lossAndGradient(acts[logits], targets: targets, counted: counted, rows: N, vocabulary: V,
                                                            time: T, lastPositions: lastPositions)
                        guard backward else { return loss }

                        // Backward: gradients of activations in a second arena.
                        var gradientPlan = ArenaPlan()
                        let dNormed = gradientPlan.reserve(N * C), dResidual = gradientPlan.reserve(N * C)
                        let dQuery = gradientPlan.reserve(N * HD), dKey = gradientPlan.reserve(N * KVD), dValue = gradientPlan.reserve(N * KVD)
                        let dAttention = gradientPlan.reserve(N * HD)
                        let dGate = gradientPlan.reserve(N * F), dUp = gradientPlan.reserve(N * F), dActivation = gradientPlan.reserve(N * F)
                        let d = Arena(count: gradientPlan.count)

                        /// Adds the gradients of `project` to `dx` and to W, or to A and B.
                        func projectBackward(_ projection: LlamaProjection, _ l: Int, dx: Int, dy: Int, x: Int) {
                            pass.backward(blocks[l].projections[projection]!, dx: d[dx], dy: d[dy], x: acts[x])
                        }

                        MatrixProduct.linearInputGradient(d[dNormed], acts[logits], weight(headName), rows: N, inputs: C, outputs: V)
                        if let dHead = baseGradient(headName) {
                            MatrixProduct.linearWeightGradient(dHead, acts[logits], acts[finalNormed], rows: N, inputs: C, outputs: V)
                        }
                        RMSNorm.backward(d[dResidual], baseGradient("model.norm.weight"), d[dNormed], acts[output], acts[finalRstd],
                                         weight("model.norm.weight"), rows: N, width: C)
                        for l in (0..<c.layerCount).reversed() {
                            let k = blocks[l], p = "model.layers.\(l)."
                            // dResidual is the gradient of the block's output = middle + down(activation).
                            d.zero(dActivation, N * F)
                            projectBackward(.down, l, dx: dActivation, dy: dResidual, x: k.activation)
                            Activations.gatedSiLUBackward(dGate: d[dGate], dUp: d[dUp], dh: d[dActivation], gate: acts[k.gate], up: acts[k.up], count: N * F)
                            d.zero(dNormed, N * C)
                            projectBackward(.gate, l, dx: dNormed, dy: dGate, x: k.mlpNormed)
                            projectBackward(.up, l, dx: dNormed, dy: dUp, x: k.mlpNormed)
                            RMSNorm.backward(d[dResidual], baseGradient(p + "post_attention_layernorm.weight"), d[dNormed], acts[k.middle],
                                             acts[k.mlpRstd], weight(p + "post_attention_layernorm.weight"), rows: N, width: C)
                            // dResidual is now the gradient of middle = input + o_proj(attention).
                            d.zero(dAttention, N * HD)
                            projectBackward(.output, l, dx: dAttention, dy: dResidual, x: k.attention)
                            d.zero(dQuery, N * HD); d.zero(dKey, N * KVD); d.zero(dValue, N * KVD)
                            attention.backward(d[dQuery], d[dKey], d[dValue], d[dAttention], acts[k.probabilities],
                                               acts[k.query], acts[k.key], acts[k.value], scratch: scratch[0],
                                               dropout: k.attentionDropout.map { UnsafePointer(acts[$0]) })
                            rotary.apply(d[dQuery], batch: B, time: T, heads: H, inverse: true)
                            rotary.apply(d[dKey], batch: B, time: T, heads: KV, inverse: true)
                            d.zero(dNormed, N * C)
                            projectBackward(.query, l, dx: dNormed, dy: dQuery, x: k.attentionNormed)
                            projectBackward(.key, l, dx: dNormed, dy: dKey, x: k.attentionNormed)
                            projectBackward(.value, l, dx: dNormed, dy: dValue, x: k.attentionNormed)
                            RMSNorm.backward(d[dResidual], baseGradient(p + "input_layernorm.weight"), d[dNormed], acts[k.input],
                                             acts[k.attentionRstd], weight(p + "input_layernorm.weight"), rows: N, width: C)
                        }
                        if let dEmbedding = baseGradient("model.embed_tokens.weight") {
                            for n in 0..<N {
                                let row = dEmbedding + ids[n] * C, dRow = d[dResidual + n * C]
                                for i in 0..<C { row[i] += dRow[i] }
                            }
                        }
                        return loss
                    }
                }
            }
        }
        return TrainingGradients(loss: loss, countedTokens: counted, gradients: gradients)
    }
}
