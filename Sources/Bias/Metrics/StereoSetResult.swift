/// The StereoSet intrasentence result: overall scores and the same per domain (bias type).
public struct StereoSetResult: Sendable, Equatable, Codable {
    /// SS over all examples.
    public let ss: Double
    /// LMS over all examples.
    public let lms: Double
    /// ICAT over all examples.
    public let icat: Double
    /// The scores per domain (`gender`, `profession`, `race`, `religion`).
    public let byDomain: [String: StereoSetScores]
    /// The number of examples scored.
    public let n: Int

    /// A result from the overall scores and those per domain.
    public init(overall: StereoSetScores, byDomain: [String: StereoSetScores]) {
        ss = overall.ss
        lms = overall.lms
        icat = overall.icat
        n = overall.count
        self.byDomain = byDomain
    }
}
