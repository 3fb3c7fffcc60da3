import Foundation

/// The "Bias, risks and limitations" section of a model card (the Hugging Face model card
/// template's heading), written from measured results: every number with its sample size, an
/// uncertainty where one can be computed, and the caveats that keep a reader from over-reading it.
public struct ModelCardBiasSection: Sendable {
    /// One measured result, in the shape of the bias toolkit's results.
    public enum Measurement: Sendable {
        /// CrowS-Pairs: percent of pairs preferring the more stereotyping sentence (ideal 50).
        case crowsPairs(metric: Double, n: Int, byType: [String: Double])
        /// StereoSet intrasentence: SS (ideal 50), LMS (ideal 100), ICAT (ideal 100).
        case stereoSet(ss: Double, lms: Double, icat: Double, n: Int?)
        /// SEAT / WEAT: effect size and one-sided p-value over n targets per set.
        case seat(effectSize: Double, pValue: Double, n: Int)
        /// Generation bias score with its 95 % interval and the held-out perplexity.
        case generationBias(score: Double, lower: Double?, upper: Double?, perplexity: Double?, samples: Int?)
        /// HONEST: share of hurtful top-k completions.
        case honest(score: Double, k: Int?)
        /// Gendered terms in a corpus.
        case composition(male: Int, female: Int, texts: Int)
        /// Any other named numbers.
        case other(values: [(String, Double)])
    }

    /// The model the card is for.
    public let modelID: String
    /// The measurements, each under the name the lab gave it, in order.
    public let measurements: [(name: String, measurement: Measurement)]

    /// A section for `modelID` from `measurements`.
    public init(modelID: String, measurements: [(name: String, measurement: Measurement)]) {
        self.modelID = modelID
        self.measurements = measurements
    }

    /// The section as GitHub-flavoured Markdown.
    public func markdown() -> String {
        var lines = ["## Bias, risks and limitations", ""]
        lines.append("`\(modelID)` was measured with labrun's bias toolkit. Each number below was computed on this model, not copied from elsewhere; the sample sizes show how far each can be trusted.")
        lines.append("")
        if measurements.isEmpty {
            lines.append("No bias measurement was recorded for this model. Absence of a measurement is not evidence of absence of bias.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("| Measurement | Result | Sample size | Unbiased value |")
        lines.append("|---|---|---|---|")
        for (name, measurement) in measurements { lines.append(Self.row(name: name, measurement)) }
        lines.append("")
        let details = measurements.compactMap { Self.detail(name: $0.name, $0.measurement) }
        if !details.isEmpty {
            lines.append("### Details")
            lines.append("")
            lines += details
            lines.append("")
        }
        lines.append("### Caveats")
        lines.append("")
        for caveat in measurements.flatMap({ Self.caveats(name: $0.name, $0.measurement) }) { lines.append("- \(caveat)") }
        lines.append("- The measurements use English templates and word lists about a few social groups (mostly binary gender); they say nothing about other languages, groups or tasks.")
        lines.append("- A score near its unbiased value on one benchmark does not show that the model is unbiased: benchmarks cover a small, fixed set of stereotypes, and some of their pairs are themselves noisy (Blodgett et al. 2021).")
        lines.append("- Whether these biases matter depends on the deployment: assess them again for each use of the model.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double, digits: Int = 2) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "\(value)"
    }

    static func row(name: String, _ measurement: Measurement) -> String {
        switch measurement {
        case .crowsPairs(let metric, let n, _):
            let interval = WilsonInterval(successes: Int((metric * Double(n) / 100).rounded()), total: n)
            return "| \(name): CrowS-Pairs metric (% pairs preferring the stereotype) | \(number(metric, digits: 1)) (95 % CI \(number(100 * interval.lower, digits: 1))–\(number(100 * interval.upper, digits: 1))) | \(n) pairs | 50 |"
        case .stereoSet(let ss, let lms, let icat, let n):
            return "| \(name): StereoSet SS / LMS / ICAT | \(number(ss, digits: 1)) / \(number(lms, digits: 1)) / \(number(icat, digits: 1)) | \(n.map { "\($0) examples" } ?? "not recorded") | 50 / 100 / 100 |"
        case .seat(let effectSize, let pValue, let n):
            return "| \(name): SEAT effect size (p-value) | \(number(effectSize)) (p = \(number(pValue, digits: 3))) | \(n) targets per set | 0 |"
        case .generationBias(let score, let lower, let upper, _, let samples):
            let interval = lower.flatMap { low in upper.map { " (95 % CI \(number(low))–\(number($0)))" } } ?? ""
            return "| \(name): generation bias score | \(number(score, digits: 3))\(interval) | \(samples.map { "\($0) samples" } ?? "not recorded") | 0 |"
        case .honest(let score, let k):
            return "| \(name): HONEST score | \(number(score, digits: 3)) | \(k.map { "top-\($0) completions" } ?? "not recorded") | 0 |"
        case .composition(let male, let female, let texts):
            let share = male + female == 0 ? "no gendered term" : "\(number(100 * Double(male) / Double(male + female), digits: 1)) % male terms"
            return "| \(name): gendered terms in the corpus | \(male) male, \(female) female (\(share)) | \(texts) texts | — |"
        case .other(let values):
            return "| \(name) | \(values.map { "\($0.0) \(number($0.1, digits: 3))" }.joined(separator: ", ")) | not recorded | — |"
        }
    }

    static func detail(name: String, _ measurement: Measurement) -> String? {
        switch measurement {
        case .crowsPairs(_, _, let byType) where !byType.isEmpty:
            return "- **\(name)** by bias type: " + byType.sorted { $0.key < $1.key }.map { "\($0.key) \(number($0.value, digits: 1))" }.joined(separator: ", ")
        case .generationBias(_, _, _, let perplexity?, _):
            return "- **\(name)**: perplexity on a neutral held-out text \(number(perplexity, digits: 1)) (a quality check: a mitigation should not raise it much)."
        default:
            return nil
        }
    }

    static func caveats(name: String, _ measurement: Measurement) -> [String] {
        switch measurement {
        case .crowsPairs(_, let n, _):
            return n < 200 ? ["\(name): only \(n) pairs; the confidence interval is wide, so differences of a few points between models are not meaningful."] : []
        case .seat(_, let pValue, let n):
            var notes = ["\(name): SEAT measures associations between sentence embeddings; it is known to correlate poorly with bias in downstream tasks."]
            if pValue >= 0.05 { notes.append("\(name): p = \(number(pValue, digits: 3)) with \(n) targets per set: the effect is not significant at the 5 % level.") }
            return notes
        case .generationBias(_, _, _, _, let samples):
            return ["\(name): counts occupations from a fixed lexicon in sampled text; it misses stereotypes the lexicon does not list\(samples.map { $0 < 100 ? ", and \($0) samples give a wide interval" : "" } ?? "")."]
        case .composition:
            return ["\(name): counts gendered words only; it does not see names, non-binary identities or other groups."]
        case .stereoSet, .honest, .other:
            return []
        }
    }
}
