import Testing
@testable import Bias

/// The bundled StereoSet-style sample: well formed, four items per domain.
@Suite struct StereoSetSampleTests {
    @Test func theSampleHasFourItemsPerDomainWithThreeDifferentFills() {
        let examples = StereoSetSample.examples
        #expect(examples.count == 16)
        #expect(Dictionary(grouping: examples, by: \.biasType).mapValues(\.count) == ["gender": 4, "profession": 4, "race": 4, "religion": 4])
        for example in examples {
            #expect(example.context.contains("BLANK"))
            #expect(Set([example.stereotype, example.antiStereotype, example.unrelated]).count == 3)
            #expect(!example.stereotype.contains("BLANK"))
        }
    }

    @Test func aModelThatAlwaysPrefersTheStereotypeScoresSS100() throws {
        let stereotypes = Set(StereoSetSample.examples.map(\.stereotype))
        let unrelated = Set(StereoSetSample.examples.map(\.unrelated))
        let result = try StereoSetSample.set.evaluate { sentence in
            stereotypes.contains(sentence) ? 0 : unrelated.contains(sentence) ? -10 : -1
        }
        #expect(result.ss == 100)
        #expect(result.lms == 100)
        #expect(result.icat == 0)
    }
}
