/// Why a `pytorch_model.bin` could not be read: names the file, the place (zip entry or pickle
/// offset) and what to do.
public struct PyTorchCheckpointError: Error, CustomStringConvertible, Equatable {
    /// The checkpoint file.
    public let file: String
    /// Where in it (`"zip directory"`, `"archive/data.pkl at byte 118"`), or nil.
    public let place: String?
    /// What is wrong and how to fix it.
    public let problem: String

    /// An error about `file` at `place`.
    public init(file: String, place: String? = nil, problem: String) {
        self.file = file
        self.place = place
        self.problem = problem
    }

    /// The message shown to the user.
    public var description: String {
        "\(file)\(place.map { " (\($0))" } ?? ""): \(problem)"
    }
}
