import Bias
import Testing
@testable import LabRun

@Suite struct StableRandomTests {
    @Test func splitMix64MatchesTheReferenceSequenceFromSeedZero() {
        var generator = SplitMix64(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()]
            == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test(arguments: [("", 0xCBF2_9CE4_8422_2325 as UInt64), ("a", 0xAF63_DC4C_8601_EC8C), ("foobar", 0x8594_4171_F739_67E8)])
    func fnv1aMatchesThePublishedTestVectors(text: String, hash: UInt64) {
        #expect(FNV1a.hash64(text) == hash)
    }

    @Test func boundedDrawsStayBelowTheBoundAndReachEveryValue() {
        var generator = SplitMix64(seed: 42)
        for bound in 1...9 {
            var seen = Set<Int>()
            for _ in 0..<500 {
                let value = generator.next(below: bound)
                #expect((0..<bound).contains(value))
                seen.insert(value)
            }
            #expect(seen.count == bound)
        }
    }

    @Test func permutationsAreBijections() {
        var generator = SplitMix64(seed: 7)
        for count in 0...20 {
            #expect(generator.permutation(of: count).sorted() == Array(0..<count))
        }
    }
}
