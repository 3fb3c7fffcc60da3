import Testing
@testable import LabRun

@Suite struct ScoringPolicyTests {
    @Test func allOrNothingGivesFullCreditOnlyForExactlyTheKey() {
        let policy = ScoringPolicy.allOrNothing
        #expect(policy.credit(chosen: ["A", "C"], correct: ["A", "C"]) == 1)
        #expect(policy.credit(chosen: ["A"], correct: ["A", "C"]) == 0)
        #expect(policy.credit(chosen: ["A", "B", "C"], correct: ["A", "C"]) == 0)
        #expect(policy.credit(chosen: [], correct: ["A"]) == 0)
    }

    @Test(arguments: [
        ("AC", 1.0),   // both right
        ("A", 0.5),    // one of two right
        ("AB", 0.0),   // one right, one wrong
        ("ABC", 0.5),  // two right, one wrong
        ("BD", 0.0),   // only wrong: floored at 0, not −1
        ("", 0.0),     // blank
    ])
    func partialCreditIsRightMinusWrongOverTheNumberRight(chosen: String, expected: Double) {
        let letters = Set(chosen.map(String.init))
        #expect(ScoringPolicy.partialCredit.credit(chosen: letters, correct: ["A", "C"]) == expected)
    }

    @Test func policiesReadTheirFileSpelling() {
        #expect(ScoringPolicy(rawValue: "all-or-nothing") == .allOrNothing)
        #expect(ScoringPolicy(rawValue: "partial") == .partialCredit)
    }
}
