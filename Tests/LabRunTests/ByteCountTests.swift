import Testing
@testable import LabRun

@Suite struct ByteCountTests {
    @Test(arguments: [
        (Int64(0), "0 B"), (612, "612 B"), (1000, "1.0 kB"), (98_362_432, "98.4 MB"), (3_000_000_000, "3.0 GB"),
    ])
    func formatsInDecimalUnits(bytes: Int64, expected: String) {
        #expect(ByteCount.format(bytes) == expected)
    }
}
