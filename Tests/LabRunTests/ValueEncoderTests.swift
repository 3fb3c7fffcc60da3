import LabScript
import Testing
@testable import LabRun

@Suite struct ValueEncoderTests {
    struct Inner: Encodable { let effectSize: Double; let pValue: Double }
    struct Result: Encodable {
        let metric: Double
        let byType: [String: Double]
        let n: Int
        let names: [String]
        let inner: Inner
        let missing: String?
    }

    @Test func structsBecomeDictsInFieldOrderWithSnakeCaseKeys() throws {
        let value = try ValueEncoder().encode(Result(
            metric: 62.5, byType: ["race-color": 50, "Gender": 75], n: 8, names: ["a", "b"],
            inner: Inner(effectSize: 0.25, pValue: 0.5), missing: nil))
        #expect(value.repr == "{'metric': 62.5, 'by_type': {'Gender': 75.0, 'race-color': 50.0}, 'n': 8, 'names': ['a', 'b'], 'inner': {'effect_size': 0.25, 'p_value': 0.5}}")
    }

    @Test func snakeCaseSplitsAtCapitals() {
        #expect(ValueEncoder.snakeCase("topKOverlap") == "top_k_overlap")
        #expect(ValueEncoder.snakeCase("ss") == "ss")
    }
}
