import Inference

/// One forward pass of `TrainableGPT2` over a batch, keeping its activations, and optionally the
/// backward pass.
///
/// Shapes: `N = B·T` token rows, width `C` split into `H` heads of `D`, MLP width `F`, vocabulary `V`.
struct GPT2Step {
    let model: TrainableGPT2
    let batch: CausalLMBatch
    /// What the step minimises.
    var objective = TrainingObjective.crossEntropy
    /// Handed the logits `[N, V]` before the objective overwrites them with their gradient.
    var logitsObserver: ((UnsafeBufferPointer<Float>) -> Void)?

    /// Where one block's activations live in the activation arena.
    private struct Block {
        /// The residual stream entering the block `[N, C]`; LayerNorm 1's mean, rstd `[N]` and output `[N, C]`.
        var input = 0, mean1 = 0, rstd1 = 0, normed1 = 0
        /// `c_attn`'s output `[N, 3C]` and its query, key and value parts `[N, C]` each.
        var qkv = 0, query = 0, key = 0, value = 0
        /// Attention probabilities `[B, H, T, T]` and the heads' output `[N, C]`.
        var probabilities = 0, attention = 0
        /// The residual stream after attention `[N, C]`; LayerNorm 2's mean, rstd and output.
        var middle = 0, mean2 = 0, rstd2 = 0, normed2 = 0
        /// `c_fc`'s output before and after GELU `[N, F]`.
        var preActivation = 0, activation = 0
        /// Dropout masks while training (see `Dropout`): attention probabilities `[B, H, T, T]`, the
        /// attention and MLP outputs before their residual additions `[N, C]`.
        var attentionDropout: Int?, attentionOutputDropout: Int?, mlpOutputDropout: Int?
        /// The four linear layers.
        var attentionIn: LinearLayer!, attentionOut: LinearLayer!, mlpIn: LinearLayer!, mlpOut: LinearLayer!
    }

    /// Runs the forward pass and, when `backward`, the backward pass.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    func run(backward: Bool) throws -> TrainingGradients {
        let c = model.configuration
        try batch.validate(vocabularySize: c.vocabularySize, contextLength: c.maximumPositions, model: model.source)
        let targets = batch.shiftedTargets
        let counted = targets.reduce(0) { $0 + ($1 == CrossEntropy.ignored ? 0 : 1) }
        try objective.validate(batch, counted: counted, vocabularySize: c.vocabularySize, model: model.source)
        let B = batch.batchSize, T = batch.time, N = B * T
        let lastPositions = batch.lastRealPositions
        let C = c.embeddingSize, H = c.headCount, D = C / H, F = c.innerSize, V = c.vocabularySize
        let adapter = model.adapter
        let rank = adapter?.configuration.rank ?? 0
        let layout = model.parameters.layout

        let dropout = model.trainingSeed.flatMap { seed in
            (adapter?.configuration.dropout ?? 0) > 0 ? (Float(adapter!.configuration.dropout), seed) : nil
        }
        /// The model's own dropouts, active while training.
        func modelDropout(_ probability: Double) -> Dropout? {
            model.trainingSeed.flatMap { probability > 0 ? Dropout(probability: Float(probability), seed: $0) : nil }
        }
        let embeddingDropout = modelDropout(model.embeddingDropout), attentionDropout = modelDropout(model.attentionDropout)
        let residualDropout = modelDropout(model.residualDropout)
        var plan = ArenaPlan()
        func linear(_ path: String, _ inputs: Int, _ outputs: Int) -> LinearLayer {
            let lora = adapter?.offsets(of: path)
            var layer = LinearLayer(weight: layout.offset(path + ".weight"), bias: layout.offset(path + ".bias"), inputs: inputs, outputs: outputs,
                               layout: .inputsByOutputs, lora: lora, loraInner: lora == nil ? nil : plan.reserve(N * rank))
            layer.reserveDropout(&plan, rows: N, active: dropout != nil)
            return layer
        }
        var blocks: [Block] = []
        for l in 0..<c.layerCount {
            var k = Block()
            let p = "transformer.h.\(l)."
            k.input = plan.reserve(N * C); k.mean1 = plan.reserve(N); k.rstd1 = plan.reserve(N); k.normed1 = plan.reserve(N * C)
            k.qkv = plan.reserve(N * 3 * C); k.query = plan.reserve(N * C); k.key = plan.reserve(N * C); k.value = plan.reserve(N * C)
            k.probabilities = plan.reserve(B * H * T * T); k.attention = plan.reserve(N * C)
            k.middle = plan.reserve(N * C); k.mean2 = plan.reserve(N); k.rstd2 = plan.reserve(N); k.normed2 = plan.reserve(N * C)
            k.preActivation = plan.reserve(N * F); k.activation = plan.reserve(N * F)
            k.attentionIn = linear(p + "attn.c_attn", C, 3 * C)
            k.attentionOut = linear(p + "attn.c_proj", C, C)
            k.mlpIn = linear(p + "mlp.c_fc", C, F)
            k.mlpOut = linear(p + "mlp.c_proj", F, C)
            if attentionDropout != nil { k.attentionDropout = plan.reserve(B * H * T * T) }
            if residualDropout != nil { k.attentionOutputDropout = plan.reserve(N * C); k.mlpOutputDropout = plan.reserve(N * C) }
            blocks.append(k)
        }
        let embeddingMask = embeddingDropout == nil ? nil : plan.reserve(N * C)
        let output = plan.reserve(N * C), finalMean = plan.reserve(N), finalRstd = plan.reserve(N), finalNormed = plan.reserve(N * C)
        let logits = plan.reserve(N * V)
        let acts = Arena(count: plan.count)
        let attentions = (0..<c.layerCount).map {
            Attention(batch: B, time: T, heads: H, kvHeads: H, headDimension: D, causal: true, scale: model.attentionScale(layer: $0))
        }
        let exact = c.activation == .gelu
        let ids = batch.flatIDs, mask = batch.flatMask
        var gradients = ParameterSet(zeros: model.trainableParameters.layout)
        let adapterValues = adapter?.parameters.values ?? [0]
        let scratchCount = max(Attention.scratchCount(batch: B, time: T), N * max(rank, 1))
        let scratch = Arena(count: scratchCount + N * 3 * C)

        let loss: Double = model.parameters.values.withUnsafeBufferPointer { weights in
            adapterValues.withUnsafeBufferPointer { adapterBuffer in
                mask.withUnsafeBufferPointer { maskBuffer in
                    gradients.values.withUnsafeMutableBufferPointer { gradientBuffer in
                        let w = weights.baseAddress!, g = gradientBuffer.baseAddress!, keyMask = maskBuffer.baseAddress!
                        var pass = LinearPass(weights: w, adapter: adapterBuffer.baseAddress!, gradients: g, trainsBase: adapter == nil,
                                              rows: N, rank: rank, scaling: adapter?.configuration.scaling ?? 0, activations: acts,
                                              loraScratch: scratch[0])
                        pass.loraDropout = dropout
                        func weight(_ name: String) -> UnsafePointer<Float> { w + layout.offset(name) }
                        func baseGradient(_ name: String) -> UnsafeMutablePointer<Float>? { adapter == nil ? g + layout.offset(name) : nil }

                        // Forward.
                        let tokens = weight("transformer.wte.weight"), positions = weight("transformer.wpe.weight")
                        for n in 0..<N {
                            let x = acts[blocks[0].input + n * C], token = tokens + ids[n] * C, position = positions + (n % T) * C
                            for i in 0..<C { x[i] = token[i] + position[i] }
                        }
                        if let dropout = embeddingDropout, let mask = embeddingMask {
                            dropout.draw(acts[mask], count: N * C, site: 0)
                            Dropout.apply(acts[blocks[0].input], mask: acts[mask], count: N * C)
                        }
                        for l in 0..<c.layerCount {
                            let k = blocks[l], p = "transformer.h.\(l)."
                            LayerNorm.forward(acts[k.normed1], acts[k.mean1], acts[k.rstd1], acts[k.input], weight(p + "ln_1.weight"),
                                              weight(p + "ln_1.bias"), rows: N, width: C, epsilon: c.layerNormEpsilon)
                            pass.forward(k.attentionIn, into: acts[k.qkv], from: acts[k.normed1])
                            for n in 0..<N {
                                let row = acts[k.qkv + n * 3 * C]
                                acts[k.query + n * C].update(from: row, count: C)
                                acts[k.key + n * C].update(from: row + C, count: C)
                                acts[k.value + n * C].update(from: row + 2 * C, count: C)
                            }
                            if let dropout = attentionDropout, let mask = k.attentionDropout {
                                dropout.draw(acts[mask], count: B * H * T * T, site: 1 + 3 * l)
                            }
                            attentions[l].forward(acts[k.attention], acts[k.probabilities], acts[k.query], acts[k.key], acts[k.value], keyMask: keyMask,
                                                  dropout: k.attentionDropout.map { UnsafePointer(acts[$0]) }, scratch: scratch[0])
                            pass.forward(k.attentionOut, into: acts[k.middle], from: acts[k.attention])
                            if let dropout = residualDropout, let mask = k.attentionOutputDropout {
                                dropout.draw(acts[mask], count: N * C, site: 2 + 3 * l)
                                Dropout.apply(acts[k.middle], mask: acts[mask], count: N * C)
                            }
                            for i in 0..<(N * C) { acts[k.middle][i] += acts[k.input][i] }
                            LayerNorm.forward(acts[k.normed2], acts[k.mean2], acts[k.rstd2], acts[k.middle], weight(p + "ln_2.weight"),
                                              weight(p + "ln_2.bias"), rows: N, width: C, epsilon: c.layerNormEpsilon)
                            pass.forward(k.mlpIn, into: acts[k.preActivation], from: acts[k.normed2])
                            if exact {
                                Activations.geluErf(acts[k.activation], acts[k.preActivation], count: N * F)
                            } else {
                                Activations.geluTanh(acts[k.activation], acts[k.preActivation], count: N * F)
                            }
                            let next = l + 1 < c.layerCount ? blocks[l + 1].input : output
                            pass.forward(k.mlpOut, into: acts[next], from: acts[k.activation])
                            if let dropout = residualDropout, let mask = k.mlpOutputDropout {
                                dropout.draw(acts[mask], count: N * C, site: 3 + 3 * l)
                                Dropout.apply(acts[next], mask: acts[mask], count: N * C)
                            }
                            for i in 0..<(N * C) { acts[next][i] += acts[k.middle][i] }
                        }
                        LayerNorm.forward(acts[finalNormed], acts[finalMean], acts[finalRstd], acts[output], weight("transformer.ln_f.weight"),
                                          weight("transformer.ln_f.bias"), rows: N, width: C, epsilon: c.layerNormEpsilon)
                        MatrixProduct.linear(acts[logits], acts[finalNormed], tokens, rows: N, inputs: C, outputs: V)
                        logitsObserver?(UnsafeBufferPointer(start: acts[logits], count: N * V))
                        let loss = objective.lossAndGradient(acts[logits], targets: targets, counted: counted, rows: N, vocabulary: V,
                                                            time: T, lastPositions: lastPositions)
                        guard backward else { return loss }

                        // Backward.
                        var gradientPlan = ArenaPlan()
                        let dNormed = gradientPlan.reserve(N * C), dResidual = gradientPlan.reserve(N * C)
                        let dQuery = gradientPlan.reserve(N * C), dKey = gradientPlan.reserve(N * C), dValue = gradientPlan.reserve(N * C)
                        let dAttention = gradientPlan.reserve(N * C), dPreActivation = gradientPlan.reserve(N * F), dActivation = gradientPlan.reserve(N * F)
                        let dMasked = gradientPlan.reserve(N * C)
                        let d = Arena(count: gradientPlan.count)
                        /// `dResidual`, or `dResidual ⊙ mask` in `dMasked` when that output was dropped.
                        func throughDropout(_ mask: Int?) -> UnsafePointer<Float> {
                            guard let mask else { return UnsafePointer(d[dResidual]) }
                            for i in 0..<(N * C) { d[dMasked][i] = d[dResidual][i] * acts[mask][i] }
                            return UnsafePointer(d[dMasked])
                        }
                        let attentionScratch = scratch[0], dQKV = scratch[scratchCount]

                        d.zero(dNormed, N * C)
                        MatrixProduct.linearInputGradient(d[dNormed], acts[logits], tokens, rows: N, inputs: C, outputs: V)
                        if let dTokens = baseGradient("transformer.wte.weight") {
                            MatrixProduct.linearWeightGradient(dTokens, acts[logits], acts[finalNormed], rows: N, inputs: C, outputs: V)
                        }
                        LayerNorm.backward(d[dResidual], baseGradient("transformer.ln_f.weight"), baseGradient("transformer.ln_f.bias"),
                                           d[dNormed], acts[output], acts[finalMean], acts[finalRstd], weight("transformer.ln_f.weight"),
                                           rows: N, width: C)
                        for l in (0..<c.layerCount).reversed() {
                            let k = blocks[l], p = "transformer.h.\(l)."
                            // dResidual: gradient of the block's output = middle + c_proj(gelu(c_fc(ln_2(middle)))).
                            d.zero(dActivation, N * F); d.zero(dPreActivation, N * F)
                            pass.backward(k.mlpOut, dx: d[dActivation], dy: throughDropout(k.mlpOutputDropout), x: acts[k.activation])
                            if exact {
                                Activations.geluErfBackward(d[dPreActivation], d[dActivation], acts[k.preActivation], count: N * F)
                            } else {
                                Activations.geluTanhBackward(d[dPreActivation], d[dActivation], acts[k.preActivation], count: N * F)
                            }
                            d.zero(dNormed, N * C)
                            pass.backward(k.mlpIn, dx: d[dNormed], dy: d[dPreActivation], x: acts[k.normed2])
                            LayerNorm.backward(d[dResidual], baseGradient(p + "ln_2.weight"), baseGradient(p + "ln_2.bias"), d[dNormed],
                                               acts[k.middle], acts[k.mean2], acts[k.rstd2], weight(p + "ln_2.weight"), rows: N, width: C)
                            // dResidual: gradient of middle = input + c_proj(attention).
                            d.zero(dAttention, N * C)
                            pass.backward(k.attentionOut, dx: d[dAttention], dy: throughDropout(k.attentionOutputDropout), x: acts[k.attention])
                            d.zero(dQuery, N * C); d.zero(dKey, N * C); d.zero(dValue, N * C)
                            attentions[l].backward(d[dQuery], d[dKey], d[dValue], d[dAttention], acts[k.probabilities],
                                               acts[k.query], acts[k.key], acts[k.value], scratch: attentionScratch,
                                               dropout: k.attentionDropout.map { UnsafePointer(acts[$0]) })
                            for n in 0..<N {
                                let row = dQKV + n * 3 * C
                                row.update(from: d[dQuery + n * C], count: C)
                                (row + C).update(from: d[dKey + n * C], count: C)
                                (row + 2 * C).update(from: d[dValue + n * C], count: C)
                            }
                            d.zero(dNormed, N * C)
                            pass.backward(k.attentionIn, dx: d[dNormed], dy: dQKV, x: acts[k.normed1])
                            LayerNorm.backward(d[dResidual], baseGradient(p + "ln_1.weight"), baseGradient(p + "ln_1.bias"), d[dNormed],
                                               acts[k.input], acts[k.mean1], acts[k.rstd1], weight(p + "ln_1.weight"), rows: N, width: C)
                        }
                        if let mask = embeddingMask { Dropout.apply(d[dResidual], mask: acts[mask], count: N * C) }
                        if let dTokens = baseGradient("transformer.wte.weight"), let dPositions = baseGradient("transformer.wpe.weight") {
                            for n in 0..<N {
                                let dRow = d[dResidual + n * C], token = dTokens + ids[n] * C, position = dPositions + (n % T) * C
                                for i in 0..<C {
                                    token[i] += dRow[i]
                                    position[i] += dRow[i]
                                }
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
