@testable import Bias
import Testing

@Suite("difflib alignment")
struct SequenceMatcherTests {
    @Test("a one-word substitution leaves the words around it as two equal blocks")
    func substitution() {
        let blocks = SequenceMatcher([101, 1996, 2158, 2001, 102], [101, 1996, 2450, 2001, 102]).matchingBlocks()
        #expect(blocks == [.init(a: 0, b: 0, size: 2), .init(a: 3, b: 3, size: 2), .init(a: 5, b: 5, size: 0)])
    }

    @Test("shared positions pair up the equal tokens of both sentences")
    func sharedPositions() {
        let (a, b) = SequenceMatcher([1, 2, 3, 4], [1, 9, 9, 3, 4]).sharedPositions()
        #expect(a == [0, 2, 3])
        #expect(b == [0, 3, 4])
    }

    @Test("the longest match wins over an earlier shorter one, as difflib's recursion picks it")
    func longestFirst() {
        // difflib: [1,1,1,2] vs [2,1,1,1] → the block 1,1,1 then nothing else.
        #expect(SequenceMatcher([1, 1, 1, 2], [2, 1, 1, 1]).matchingBlocks() == [.init(a: 0, b: 1, size: 3), .init(a: 4, b: 4, size: 0)])
    }

    @Test("matches Python difflib's matching blocks on every reference case, autojunk included")
    func reference() throws {
        let cases = try #require(ReferenceFixture.load()["difflib"] as? [[String: Any]])
        #expect(cases.count > 20)
        for item in cases {
            let a = ReferenceFixture.ints(item["a"]), b = ReferenceFixture.ints(item["b"])
            let expected = (item["blocks"] as? [[Any]] ?? []).map { ReferenceFixture.ints($0) }.map { SequenceMatcher<Int>.Block(a: $0[0], b: $0[1], size: $0[2]) }
            #expect(SequenceMatcher(a, b).matchingBlocks() == expected, "a=\(a.count) items, b=\(b.count) items")
        }
    }
}
