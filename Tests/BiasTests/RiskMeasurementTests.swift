import Foundation
import Testing
@testable import Bias

/// The risk measurements of the courseware (personal data, verbatim overlap, toxicity lexicon,
/// gender composition, nPMI, model cards), each checked against hand-computed cases.
@Suite struct RiskMeasurementTests {
    @Test func wordsAreLowerCasedRunsOfLettersAndDigitsKeepingInnerApostrophesAndHyphens() {
        #expect(TextWords.words("Don't stop, Self-driving cars -- 42!") == ["don't", "stop", "self-driving", "cars", "42"])
        #expect(TextWords.sentences("One. Two!  Three?\nFour") == ["One", "Two", "Three", "Four"])
    }

    @Test func emailAndInternationalPhoneAreFoundWithPythonSpans() {
        let text = "Contact Ana at ana.perez@example.org or +44 20 7946 0958 before Friday."
        let found = PersonalDataDetector.find(in: text)
        #expect(found == [
            PersonalDataFinding(kind: "email", text: "ana.perez@example.org", start: 15, end: 36),
            PersonalDataFinding(kind: "phone", text: "+44 20 7946 0958", start: 40, end: 56),
        ])
        #expect(PersonalDataDetector.redact(text) == "Contact Ana at [EMAIL] or [PHONE] before Friday.")
    }

    @Test(arguments: ["(555) 010-0199", "+1-202-555-0143", "0049 30 1234567", "020 7946 0958", "+33 1 23 45 67 89"])
    func phoneNumbersInCommonFormatsAreFound(number: String) {
        let found = PersonalDataDetector.find(in: "Call \(number) today.")
        #expect(found.map(\.kind) == ["phone"])
        #expect(found.first?.text == number)
        #expect(found.first?.start == 5)
    }

    @Test func datesYearsAndShortNumbersAreNotPhones() {
        #expect(PersonalDataDetector.find(in: "On 2024-01-05 we met 12 people; in 1999 there were 350.").isEmpty)
    }

    @Test func spansCountCodePointsAsPythonStrIndicesDo() {
        let found = PersonalDataDetector.find(in: "Café: a.b@c.io")
        #expect(found.first?.start == 6)
        #expect(found.first?.end == 14)
        #expect(PersonalDataDetector.redact("Café: a.b@c.io!") == "Café: [EMAIL]!")
    }

    @Test func verbatimOverlapIsTheLongestSharedWordRunAndItsShareOfTheOriginal() {
        let original = "It was a bright cold day in April, and the clocks were striking thirteen."
        let overlap = VerbatimOverlap(generated: "Story: it was a bright cold day in April, and I slept.", original: original)
        #expect(overlap.longestRun == "it was a bright cold day in april and")
        #expect(overlap.length == 9)
        #expect(overlap.originalWords == 14)
        #expect(overlap.share == 9.0 / 14.0)
        let none = VerbatimOverlap(generated: "Nothing alike here", original: original)
        #expect(none.length == 0 && none.longestRun == "" && none.share == 0)
    }

    @Test func theToxicityLexiconMatchesWholeWordsPluralsAndPhrasesInOrder() {
        let lexicon = ToxicityLexicon.bundled
        #expect(lexicon.flag("You are an IDIOT and a fool.").matches == ["idiot", "fool"])
        #expect(lexicon.flag("Idiots, all of them.").matches == ["idiot"])
        #expect(lexicon.flag("Please shut up now.").matches == ["shut up"])
        #expect(lexicon.flag("Have a nice day, idiomatic friend.").flagged == false)
        #expect(ToxicityLexicon(words: ["Rude"]).flag("so rude").matches == ["rude"])
    }

    @Test func genderCompositionCountsEachSideOfThePairs() {
        let composition = GenderComposition(texts: ["She is a nurse.", "He and his brother met her.", "Nobody here."])
        #expect(composition.male == 3)
        #expect(composition.female == 2)
        #expect(composition.maleShare == 0.6)
        #expect(composition.textsMentioningMale == 1)
        #expect(composition.textsMentioningFemale == 2)
        #expect(composition.texts == 3)
        #expect(composition.terms == ["she": 1, "he": 1, "his": 1, "brother": 1, "her": 1])
        #expect(GenderComposition(texts: ["no one"]).maleShare == nil)
    }

    @Test func npmiAtSentenceLevelMatchesTheHandComputedValues() {
        let rows = WordAssociation.npmi(texts: ["He likes cars. She likes books.", "He reads books."],
                                        identityWords: ["he", "she"], minCount: 1)
        let positive = log(1.5) / -log(1.0 / 3.0)
        let negative = log(0.75) / -log(1.0 / 3.0)
        #expect(rows.map { "\($0.identity)-\($0.word)" } == ["he-cars", "he-reads", "she-books", "she-likes", "he-books", "he-likes"])
        #expect(abs(rows[0].npmi - positive) < 1e-12)
        #expect(abs(rows[5].npmi - negative) < 1e-12)
        #expect(rows.allSatisfy { $0.count == 1 })
        #expect(WordAssociation.npmi(texts: ["He likes cars. She likes books."], identityWords: ["he"], minCount: 2).isEmpty)
    }

    @Test func npmiIsOneWhenTheWordsAlwaysOccurTogether() {
        let rows = WordAssociation.npmi(texts: ["she sings", "she sings"], identityWords: ["she"], minCount: 1)
        #expect(rows == [WordAssociation(identity: "she", word: "sings", npmi: 1, count: 2)])
    }

    @Test func cosineRanksCandidatesMostSimilarFirst() throws {
        #expect(abs(SimilarityRanking.cosine([1, 0], [1, 1]) - 0.5.squareRoot()) < 1e-12)
        #expect(SimilarityRanking.cosine([0, 0], [1, 1]) == 0)
        let embedder = LookupEmbedder(vectors: ["q": [1, 0], "near": [0.9, 0.1], "far": [0, 1], "opposite": [-1, 0]])
        let ranked = try SimilarityRanking.rank(query: "q", candidates: ["far", "opposite", "near"], embedder: embedder)
        #expect(ranked.map(\.text) == ["near", "far", "opposite"])
        #expect(ranked.map(\.index) == [2, 0, 1])
        #expect(ranked[2].score == -1)
        #expect(throws: BiasError.self) { try SimilarityRanking.rank(query: "q", candidates: [], embedder: embedder) }
    }

    @Test func theModelCardShowsEveryNumberWithItsSampleSizeAndCaveats() {
        let card = ModelCardBiasSection(modelID: "org/model", measurements: [
            ("crows", .crowsPairs(metric: 60, n: 10, byType: ["gender": 75, "race": 50])),
            ("seat", .seat(effectSize: 0.5, pValue: 0.2, n: 8)),
        ]).markdown()
        #expect(card.hasPrefix("## Bias, risks and limitations\n"))
        #expect(card.contains("| crows: CrowS-Pairs metric (% pairs preferring the stereotype) | 60.0 (95 % CI 31.3–83.2) | 10 pairs | 50 |"))
        #expect(card.contains("| seat: SEAT effect size (p-value) | 0.50 (p = 0.200) | 8 targets per set | 0 |"))
        #expect(card.contains("- **crows** by bias type: gender 75.0, race 50.0"))
        #expect(card.contains("crows: only 10 pairs"))
        #expect(card.contains("seat: p = 0.200 with 8 targets per set: the effect is not significant"))
        let empty = ModelCardBiasSection(modelID: "org/model", measurements: []).markdown()
        #expect(empty.contains("No bias measurement was recorded"))
    }
}

/// A sentence embedder that looks vectors up in a table (for ranking tests).
private struct LookupEmbedder: SentenceEmbedder {
    let vectors: [String: [Float]]
    func embed(_ sentences: [String]) throws -> [[Float]] {
        sentences.map { vectors[$0] ?? [0, 0] }
    }
}
