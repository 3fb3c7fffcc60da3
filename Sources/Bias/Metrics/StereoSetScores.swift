/// StereoSet's three scores over a set of examples.
public struct StereoSetScores: Sendable, Equatable, Codable {
    /// Stereotype score: the mean over target terms of 100 · (stereotype preferred over
    /// anti-stereotype) / total. 50 is the ideal.
    public let ss: Double
    /// Language-model score: the mean over target terms of 100 · (meaningful sentence preferred over
    /// the unrelated one, counted for both meaningful sentences) / (2 · total). 100 is the ideal.
    public let lms: Double
    /// Idealized CAT score: LMS · min(SS, 100 − SS) / 50, from the averaged SS and LMS.
    public let icat: Double
    /// The number of examples.
    public let count: Int

    /// Scores given directly.
    public init(ss: Double, lms: Double, icat: Double, count: Int) {
        self.ss = ss
        self.lms = lms
        self.icat = icat
        self.count = count
    }
}
