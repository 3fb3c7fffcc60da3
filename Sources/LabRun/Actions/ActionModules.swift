import LabScript

/// Every module lab code can import, registered into an interpreter.
public enum ActionModules {
    /// Registers `transformers`, `peft`, `labrun` and `evaluate` (with their models resolved through `models`).
    public static func register(in interpreter: Interpreter, models: ModelProvider = ModelProvider()) {
        for module in modules(models: models, output: { [weak interpreter] in interpreter?.output($0) }) {
            interpreter.register(module)
        }
    }

    /// The modules, with their models resolved through `models` and what they print sent to
    /// `output`; each also says what calls of its members do (`HostModule.explanation(of:_:)`),
    /// which `labrun explain` reads.
    static func modules(models: ModelProvider, output: @escaping (String) -> Void = { _ in }) -> [HostModule] {
        [TransformersModule.make(models: models, output: output), PeftModule.make(models: models),
         LabrunModule.make(models: models, output: output), EvaluateModule.make(models: models)]
    }
}
