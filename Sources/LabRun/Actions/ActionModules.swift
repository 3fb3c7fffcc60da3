import LabScript

/// Every module lab code can import, registered into an interpreter.
public enum ActionModules {
    /// Registers `transformers`, `labrun` and `evaluate` (with their models resolved through `models`).
    public static func register(in interpreter: Interpreter, models: ModelProvider = ModelProvider()) {
        interpreter.register(TransformersModule.make(models: models))
        interpreter.register(LabrunModule.make(models: models))
        interpreter.register(EvaluateModule.make(models: models))
    }
}
