import Inference

/// One forward pass of `TrainableBERT` over a batch, keeping its activations, and optionally the
/// backward pass.
///
/// Shapes: `N = B·T` token rows, width `C` split into `H` heads of `D`, feed-forward width `F`, vocabulary `V`.
struct BERTStep {
    let model: TrainableBERT
    let batch: MaskedLMBatch
    /// What the step minimises.
    var objective = TrainingObjective.crossEntropy
    /// Handed the logits `[N, V]` before the objective overwrites them with their gradient.
    var logitsObserver: ((UnsafeBufferPointer<Float>) -> Void)?

    /// A LayerNorm's input `[N, C]`, mean and rstd `[N]`; its output is stored by the caller.
    private struct Norm {
        var input = 0, mean = 0, rstd = 0
        init(_ plan: inout ArenaPlan, rows: Int, width: Int) {
            input = plan.reserve(rows * width); mean = plan.reserve(rows); rstd = plan.reserve(rows)
        }
        init() {}
    }

    /// Where one encoder layer's activations live in the activation arena.
    private struct Layer {
        /// The layer's input `[N, C]` (the previous LayerNorm's output).
        var input = 0
        /// Query, key, value `[N, C]`, probabilities `[B, H, T, T]`, the heads' output `[N, C]`.
        var query = 0, key = 0, value = 0, probabilities = 0, context = 0
        /// `attention.output.LayerNorm` over `dense(context) + input`, and its output `[N, C]`.
        var attentionNorm = Norm(), attentionOutput = 0
        /// `intermediate.dense` before and after GELU `[N, F]`.
        var preActivation = 0, activation = 0
        /// `output.LayerNorm` over `dense(activation) + attentionOutput`.
        var outputNorm = Norm()
        /// Dropout masks while training (see `Dropout`): attention probabilities `[B, H, T, T]`, and
        /// the attention output and feed-forward output dense layers' outputs `[N, C]`.
        var attentionDropout: Int?, attentionOutputDropout: Int?, outputDropout: Int?
        /// The six linear layers.
        var queryLayer: LinearLayer!, keyLayer: LinearLayer!, valueLayer: LinearLayer!, attentionDense: LinearLayer!
        var intermediate: LinearLayer!, output: LinearLayer!
    }

    /// Runs the forward pass and, when `backward`, the backward pass.
    /// - Throws: `TrainingError` for a batch the model cannot take.
    func run(backward: Bool) throws -> TrainingGradients {
        let c = model.configuration
        try batch.validate(vocabularySize: c.vocabularySize, contextLength: c.maximumPositions, model: model.source)
        let targets = batch.unshiftedTargets
        let counted = targets.reduce(0) { $0 + ($1 == CrossEntropy.ignored ? 0 : 1) }
        try objective.validate(batch, counted: counted, vocabularySize: c.vocabularySize, model: model.source)
        let B = batch.batchSize, T = batch.time, N = B * T
        let lastPositions = batch.lastRealPositions
        let C = c.hiddenSize, H = c.headCount, D = C / H, F = c.intermediateSize, V = c.vocabularySize
        let adapter = model.adapter
        let rank = adapter?.configuration.rank ?? 0
        let layout = model.parameters.layout
        let exact = c.activation == .gelu

        let dropout = model.trainingSeed.flatMap { seed in
            (adapter?.configuration.dropout ?? 0) > 0 ? (Float(adapter!.configuration.dropout), seed) : nil
        }
        /// The model's own dropouts, active while training.
        func modelDropout(_ probability: Double) -> Dropout? {
            model.trainingSeed.flatMap { probability > 0 ? Dropout(probability: Float(probability), seed: $0) : nil }
        }
        let hiddenDropout = modelDropout(model.hiddenDropout), attentionDropout = modelDropout(model.attentionDropout)
        var plan = ArenaPlan()
        func dense(_ path: String, _ inputs: Int, _ outputs: Int) -> LinearLayer {
            let lora = adapter?.offsets(of: path)
            var layer = LinearLayer(weight: layout.offset(path + ".weight"), bias: layout.offset(path + ".bias"), inputs: inputs, outputs: outputs,
                               layout: .outputsByInputs, lora: lora, loraInner: lora == nil ? nil : plan.reserve(N * rank))
            layer.reserveDropout(&plan, rows: N, active: dropout != nil)
            return layer
        }
        let embeddingNorm = Norm(&plan, rows: N, width: C)
        var layers: [Layer] = []
        for l in 0..<c.layerCount {
            var k = Layer()
            let p = "bert.encoder.layer.\(l)."
            k.input = plan.reserve(N * C)
            k.query = plan.reserve(N * C); k.key = plan.reserve(N * C); k.value = plan.reserve(N * C)
            k.probabilities = plan.reserve(B * H * T * T); k.context = plan.reserve(N * C)
            k.attentionNorm = Norm(&plan, rows: N, width: C); k.attentionOutput = plan.reserve(N * C)
            k.preActivation = plan.reserve(N * F); k.activation = plan.reserve(N * F)
            k.outputNorm = Norm(&plan, rows: N, width: C)
            if attentionDropout != nil { k.attentionDropout = plan.reserve(B * H * T * T) }
            if hiddenDropout != nil { k.attentionOutputDropout = plan.reserve(N * C); k.outputDropout = plan.reserve(N * C) }
            k.queryLayer = dense(p + "attention.self.query", C, C); k.keyLayer = dense(p + "attention.self.key", C, C)
            k.valueLayer = dense(p + "attention.self.value", C, C); k.attentionDense = dense(p + "attention.output.dense", C, C)
            k.intermediate = dense(p + "intermediate.dense", C, F); k.output = dense(p + "output.dense", F, C)
            layers.append(k)
        }
        let embeddingMask = hiddenDropout == nil ? nil : plan.reserve(N * C)
        let encoded = plan.reserve(N * C)
        let transform = dense("cls.predictions.transform.dense", C, C)
        let transformPre = plan.reserve(N * C), transformActivation = plan.reserve(N * C)
        let transformMean = plan.reserve(N), transformRstd = plan.reserve(N), transformed = plan.reserve(N * C)
        let logits = plan.reserve(N * V)
        let acts = Arena(count: plan.count)
        let attention = Attention(batch: B, time: T, heads: H, kvHeads: H, headDimension: D, causal: false)
        let ids = batch.flatIDs, mask = batch.flatMask
        var gradients = ParameterSet(zeros: model.trainableParameters.layout)
        let adapterValues = adapter?.parameters.values ?? [0]
        let scratch = Arena(count: max(Attention.scratchCount(batch: B, time: T), N * max(rank, 1)))
        /// The layer input of layer `l`, or the encoder's output after the last.
        func layerInput(_ l: Int) -> Int { l < c.layerCount ? layers[l].input : encoded }

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
                        func normForward(_ norm: Norm, _ path: String, into y: Int) {
                            LayerNorm.forward(acts[y], acts[norm.mean], acts[norm.rstd], acts[norm.input], weight(path + ".weight"),
                                              weight(path + ".bias"), rows: N, width: C, epsilon: c.layerNormEpsilon)
                        }
                        func gelu(_ y: Int, _ x: Int, _ count: Int) {
                            if exact { Activations.geluErf(acts[y], acts[x], count: count) } else { Activations.geluTanh(acts[y], acts[x], count: count) }
                        }

                        // Forward.
                        let words = weight("bert.embeddings.word_embeddings.weight")
                        let positions = weight("bert.embeddings.position_embeddings.weight")
                        let types = weight("bert.embeddings.token_type_embeddings.weight")
                        for n in 0..<N {
                            let x = acts[embeddingNorm.input + n * C], word = words + ids[n] * C, position = positions + (n % T) * C
                            for i in 0..<C { x[i] = word[i] + position[i] + types[i] }
                        }
                        normForward(embeddingNorm, "bert.embeddings.LayerNorm", into: layerInput(0))
                        if let dropout = hiddenDropout, let mask = embeddingMask {
                            dropout.draw(acts[mask], count: N * C, site: 0)
                            Dropout.apply(acts[layerInput(0)], mask: acts[mask], count: N * C)
                        }
                        for l in 0..<c.layerCount {
                            let k = layers[l], p = "bert.encoder.layer.\(l)."
                            pass.forward(k.queryLayer, into: acts[k.query], from: acts[k.input])
                            pass.forward(k.keyLayer, into: acts[k.key], from: acts[k.input])
                            pass.forward(k.valueLayer, into: acts[k.value], from: acts[k.input])
                            if let dropout = attentionDropout, let mask = k.attentionDropout {
                                dropout.draw(acts[mask], count: B * H * T * T, site: 1 + 3 * l)
                            }
                            attention.forward(acts[k.context], acts[k.probabilities], acts[k.query], acts[k.key], acts[k.value], keyMask: keyMask,
                                              dropout: k.attentionDropout.map { UnsafePointer(acts[$0]) }, scratch: scratch[0])
                            pass.forward(k.attentionDense, into: acts[k.attentionNorm.input], from: acts[k.context])
                            if let dropout = hiddenDropout, let mask = k.attentionOutputDropout {
                                dropout.draw(acts[mask], count: N * C, site: 2 + 3 * l)
                                Dropout.apply(acts[k.attentionNorm.input], mask: acts[mask], count: N * C)
                            }
                            for i in 0..<(N * C) { acts[k.attentionNorm.input][i] += acts[k.input][i] }
                            normForward(k.attentionNorm, p + "attention.output.LayerNorm", into: k.attentionOutput)
                            pass.forward(k.intermediate, into: acts[k.preActivation], from: acts[k.attentionOutput])
                            gelu(k.activation, k.preActivation, N * F)
                            pass.forward(k.output, into: acts[k.outputNorm.input], from: acts[k.activation])
                            if let dropout = hiddenDropout, let mask = k.outputDropout {
                                dropout.draw(acts[mask], count: N * C, site: 3 + 3 * l)
                                Dropout.apply(acts[k.outputNorm.input], mask: acts[mask], count: N * C)
                            }
                            for i in 0..<(N * C) { acts[k.outputNorm.input][i] += acts[k.attentionOutput][i] }
                            normForward(k.outputNorm, p + "output.LayerNorm", into: layerInput(l + 1))
                        }
                        pass.forward(transform, into: acts[transformPre], from: acts[encoded])
                        gelu(transformActivation, transformPre, N * C)
                        let headNorm = "cls.predictions.transform.LayerNorm"
                        LayerNorm.forward(acts[transformed], acts[transformMean], acts[transformRstd], acts[transformActivation],
                                          weight(headNorm + ".weight"), weight(headNorm + ".bias"), rows: N, width: C, epsilon: c.layerNormEpsilon)
                        MatrixProduct.linear(acts[logits], acts[transformed], words, rows: N, inputs: C, outputs: V)
                        let decoderBias = weight("cls.predictions.bias")
                        for n in 0..<N {
                            let row = acts[logits + n * V]
                            for j in 0..<V { row[j] += decoderBias[j] }
                        }
                        logitsObserver?(UnsafeBufferPointer(start: acts[logits], count: N * V))
                        let loss = objective.lossAndGradient(acts[logits], targets: targets, counted: counted, rows: N, vocabulary: V,
                                                            time: T, lastPositions: lastPositions)
                        guard backward else { return loss }

                        // Backward: X carries the gradient of the residual stream, Y a LayerNorm's input gradient.
                        var gradientPlan = ArenaPlan()
                        let X = gradientPlan.reserve(N * C), Y = gradientPlan.reserve(N * C)
                        let dQuery = gradientPlan.reserve(N * C), dKey = gradientPlan.reserve(N * C), dValue = gradientPlan.reserve(N * C)
                        let dContext = gradientPlan.reserve(N * C), dWide = gradientPlan.reserve(N * max(F, C)), dPre = gradientPlan.reserve(N * max(F, C))
                        let d = Arena(count: gradientPlan.count)
                        func geluBackward(_ dx: Int, _ dy: Int, _ x: Int, _ count: Int) {
                            if exact { Activations.geluErfBackward(d[dx], d[dy], acts[x], count: count) }
                            else { Activations.geluTanhBackward(d[dx], d[dy], acts[x], count: count) }
                        }
                        /// `Y = ` the gradient of `norm`'s input from `dy = X`.
                        func normBackward(_ norm: Norm, _ path: String) {
                            d.zero(Y, N * C)
                            LayerNorm.backward(d[Y], baseGradient(path + ".weight"), baseGradient(path + ".bias"), d[X], acts[norm.input],
                                               acts[norm.mean], acts[norm.rstd], weight(path + ".weight"), rows: N, width: C)
                        }

                        // Head: logits → transformed → LayerNorm → GELU → dense → encoder output.
                        if let dBias = baseGradient("cls.predictions.bias") {
                            for n in 0..<N {
                                let row = acts[logits + n * V]
                                for j in 0..<V { dBias[j] += row[j] }
                            }
                        }
                        d.zero(X, N * C)
                        MatrixProduct.linearInputGradient(d[X], acts[logits], words, rows: N, inputs: C, outputs: V)
                        if let dWords = baseGradient("bert.embeddings.word_embeddings.weight") {
                            MatrixProduct.linearWeightGradient(dWords, acts[logits], acts[transformed], rows: N, inputs: C, outputs: V)
                        }
                        d.zero(dWide, N * C)
                        LayerNorm.backward(d[dWide], baseGradient(headNorm + ".weight"), baseGradient(headNorm + ".bias"), d[X],
                                           acts[transformActivation], acts[transformMean], acts[transformRstd], weight(headNorm + ".weight"),
                                           rows: N, width: C)
                        d.zero(dPre, N * C)
                        geluBackward(dPre, dWide, transformPre, N * C)
                        d.zero(X, N * C)
                        pass.backward(transform, dx: d[X], dy: d[dPre], x: acts[encoded])

                        for l in (0..<c.layerCount).reversed() {
                            let k = layers[l], p = "bert.encoder.layer.\(l)."
                            // X: gradient of the layer's output = LayerNorm(dense(activation) + attentionOutput).
                            normBackward(k.outputNorm, p + "output.LayerNorm")
                            d[X].update(from: d[Y], count: N * C)
                            if let mask = k.outputDropout { Dropout.apply(d[Y], mask: acts[mask], count: N * C) }
                            d.zero(dWide, N * F)
                            pass.backward(k.output, dx: d[dWide], dy: d[Y], x: acts[k.activation])
                            d.zero(dPre, N * F)
                            geluBackward(dPre, dWide, k.preActivation, N * F)
                            pass.backward(k.intermediate, dx: d[X], dy: d[dPre], x: acts[k.attentionOutput])
                            // X: gradient of attentionOutput = LayerNorm(dense(context) + input).
                            normBackward(k.attentionNorm, p + "attention.output.LayerNorm")
                            d[X].update(from: d[Y], count: N * C)
                            if let mask = k.attentionOutputDropout { Dropout.apply(d[Y], mask: acts[mask], count: N * C) }
                            d.zero(dContext, N * C)
                            pass.backward(k.attentionDense, dx: d[dContext], dy: d[Y], x: acts[k.context])
                            d.zero(dQuery, N * C); d.zero(dKey, N * C); d.zero(dValue, N * C)
                            attention.backward(d[dQuery], d[dKey], d[dValue], d[dContext], acts[k.probabilities],
                                               acts[k.query], acts[k.key], acts[k.value], scratch: scratch[0],
                                               dropout: k.attentionDropout.map { UnsafePointer(acts[$0]) })
                            pass.backward(k.queryLayer, dx: d[X], dy: d[dQuery], x: acts[k.input])
                            pass.backward(k.keyLayer, dx: d[X], dy: d[dKey], x: acts[k.input])
                            pass.backward(k.valueLayer, dx: d[X], dy: d[dValue], x: acts[k.input])
                        }
                        // X: gradient of the embeddings' LayerNorm output (after its dropout).
                        if let mask = embeddingMask { Dropout.apply(d[X], mask: acts[mask], count: N * C) }
                        normBackward(embeddingNorm, "bert.embeddings.LayerNorm")
                        if let dWords = baseGradient("bert.embeddings.word_embeddings.weight"),
                           let dPositions = baseGradient("bert.embeddings.position_embeddings.weight"),
                           let dTypes = baseGradient("bert.embeddings.token_type_embeddings.weight") {
                            for n in 0..<N {
                                let dRow = d[Y + n * C], word = dWords + ids[n] * C, position = dPositions + (n % T) * C
                                for i in 0..<C {
                                    word[i] += dRow[i]
                                    position[i] += dRow[i]
                                    dTypes[i] += dRow[i]
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
