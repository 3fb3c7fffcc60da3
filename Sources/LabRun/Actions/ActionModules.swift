import LabScript

/// Every module lab code can import, registered into an interpreter.
enum ActionModules {
    /// Registers `transformers` and `labrun` (with their models resolved through `models`).
    static func register(in interpreter: Interpreter, models: ModelProvider) {
        interpreter.register(TransformersModule.make(models: models))
    }
}
