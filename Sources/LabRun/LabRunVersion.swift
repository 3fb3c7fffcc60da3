/// The version of labrun, printed by `labrun --version` and recorded with every result.
public enum LabRunVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
