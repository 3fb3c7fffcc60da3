@testable import Bias
import Testing

@Suite("lab actions (the labrun module's Swift side)")
struct BiasActionsTests {
    @Test("crows_pairs runs on the model kind it is given and filters by bias type")
    func crowsPairs() throws {
        let pairs = [CrowSPair(sentMore: "the woman is a nurse", sentLess: "the man is a nurse", direction: .stereo, biasType: "gender"),
                     CrowSPair(sentMore: "he is kind", sentLess: "she is kind", direction: .stereo, biasType: "age")]
        let masked = try BiasActions.crowsPairs(model: .masked(SuccessorMaskedModel()), pairs: pairs, biasType: "gender")
        #expect(masked.n == 1 && masked.metric == 100)
        #expect(throws: BiasError.self) { try BiasActions.crowsPairs(model: .masked(SuccessorMaskedModel()), pairs: pairs, biasType: "race") }
        #expect(throws: BiasError.self) { try BiasActions.crowsPairs(model: .embedder(TableEmbedder(table: [:])), pairs: pairs) }
    }

    @Test("each action refuses a model of the wrong kind with a sentence saying what it needs")
    func wrongKind() {
        let masked = BiasModel.masked(SuccessorMaskedModel())
        #expect(throws: BiasError(problem: "seat cannot run on a masked language model (fill-mask)",
                                  fix: "give it a sentence embedding model (feature-extraction)")) {
            try BiasActions.seat(model: masked)
        }
        #expect(throws: BiasError.self) { try BiasActions.generationBias(model: masked) }
        #expect(throws: BiasError.self) { try BiasActions.selfDebias(model: masked, prompt: "x") }
        #expect(throws: BiasError.self) { try BiasActions.counterfactualDecoding(model: masked, prompt: "x") }
        #expect(throws: BiasError.self) { try BiasActions.debiasEmbeddings(model: masked) }
        #expect(throws: BiasError.self) { try BiasActions.sweep(template: "the {group}", fills: ["man"], model: .causal(SuccessorCausalModel()), task: .fillMask) }
    }

    @Test("sweep picks fill-mask for a masked model and next-token for a causal one")
    func sweepDefaults() throws {
        #expect(try BiasActions.sweep(template: "the {group} [MASK]", fills: ["man"], model: .masked(SuccessorMaskedModel())).task == .fillMask)
        #expect(try BiasActions.sweep(template: "the {group}", fills: ["man"], model: .causal(SuccessorCausalModel())).task == .nextToken)
    }

    @Test("cda augments with the bundled gender pairs by default")
    func cda() {
        #expect(BiasActions.cda(texts: ["She is an actress."]) == ["She is an actress.", "He is an actor."])
    }
}
