@testable import Bias
import Testing

@Suite("CDA")
struct CounterfactualAugmentationTests {
    let cda = CounterfactualAugmentation()

    @Test("swaps both ways, keeping case and punctuation", arguments: [
        ("He told his sister.", "She told her brother."),
        ("The WOMAN and the Man!", "The MAN and the Woman!"),
        ("My mother's car, not my father's.", "My father's car, not my mother's."),
        ("Mr. Smith met the actresses.", "Mrs. Smith met the actors."),
        ("I saw him there.", "I saw her there."),
        ("Nothing to swap here.", "Nothing to swap here."),
    ])
    func swaps(original: String, expected: String) {
        #expect(cda.counterfactual(of: original) == expected)
    }

    @Test("words inside longer words are not swapped")
    func wholeWords() {
        #expect(cda.counterfactual(of: "Shepherds and manners") == "Shepherds and manners")
    }

    @Test("augment keeps the originals and adds each text's counterfactual when it differs")
    func augment() {
        #expect(cda.augment(["she runs", "it rains"]) == ["she runs", "it rains", "he runs"])
    }

    @Test("a user pair list replaces the bundled one; the list format is read with line errors")
    func userPairs() throws {
        let pairs = try WordPair.list(text: "# names\nJohn\tMary\nking, queen\n", file: "p.txt")
        #expect(CounterfactualAugmentation(pairs: pairs).counterfactual(of: "Mary met the king.") == "John met the queen.")
        #expect(throws: BiasError(file: "p.txt", line: 2, problem: "expected two words, found 3", fix: "write one pair a line, e.g. \"he\tshe\"")) {
            try WordPair.list(text: "a b\na b c\n", file: "p.txt")
        }
    }

    @Test("the public WinoBias swap list reads as pairs")
    func publicList() throws {
        guard let data = ReferenceFixture.sharedData else {
            print("skipped: the shared data folder (../shared/data) is absent")
            return
        }
        let text = try String(contentsOf: data.appendingPathComponent("swaps/generalized_swaps.txt"), encoding: .utf8)
        let pairs = try WordPair.list(text: text, file: "generalized_swaps.txt")
        #expect(pairs.contains(WordPair("actor", "actress")))
    }
}
