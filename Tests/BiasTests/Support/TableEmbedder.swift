import Bias

/// A test embedder that looks each sentence up in a table.
struct TableEmbedder: SentenceEmbedder {
    let table: [String: [Float]]

    func embed(_ sentences: [String]) throws -> [[Float]] {
        try sentences.map { sentence in
            guard let vector = table[sentence] else {
                throw BiasError(problem: "no vector for \(sentence)", fix: "add it to the table")
            }
            return vector
        }
    }
}
