import LabScript

/// Every module lab code can import, registered into an interpreter.
public enum ActionModules {
    /// Registers `transformers`, `labrun` and `evaluate` (with their models resolved through `models`).
    public static func register(in interpreter: Interpreter, models: ModelProvider = ModelProvider()) {
        for module in modules(models: models) { interpreter.register(module) }
    }

    /// The modules, with their models resolved through `models`; each also says what
    /// calls of its members do (`HostModule.explanation(of:_:)`), which `labrun explain` reads.
    static func modules(models: ModelProvider) -> [HostModule] {
        [TransformersModule.make(models: models), LabrunModule.make(models: models), EvaluateModule.make(models: models)]
    }
}
