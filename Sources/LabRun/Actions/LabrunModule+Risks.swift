import Bias
import Foundation
import LabScript

extension LabrunModule {
    static func defineRisks(in module: HostModule, loader: BiasModelArgument) {
        function("occupations", "occupations()",
                 computes: """
                 The bundled occupation lexicon used by generation_bias: one dict per occupation, {"word",
                 "share_of_women", "bls_occupation", "source"}; share_of_women is in [0, 1].
                 """,
                 definition: "shares of women employed per occupation, from \(OccupationLexicon.source).",
                 example: """
                 jobs = labrun.occupations()
                 print([j["word"] for j in jobs if j["share_of_women"] >= 0.7])
                 """,
                 used: [], positional: 0).define(in: module, models: loader.models) { _ in
            .list(OccupationLexicon.bundled.entries.map { entry -> Value in
                .dict([("word", .string(entry.word)), ("share_of_women", .float(entry.shareOfWomen)),
                       ("bls_occupation", .string(entry.blsOccupation)), ("source", .string(OccupationLexicon.source))])
            })
        }

        function("most_similar", "most_similar(embedder_or_model, query, candidates)",
                 computes: """
                 Ranks the candidate texts by the cosine similarity of their sentence embeddings to the query's: the
                 retrieval step of an extractive system. embedder_or_model is a feature-extraction pipeline or a
                 model id. Returns a list of {"text", "score", "index"}, most similar first.
                 """,
                 definition: "cos(q, c) = q·c / (|q| |c|) over the model's mean-pooled sentence embeddings.",
                 example: """
                 embed = pipeline("feature-extraction", model="sentence-transformers/all-MiniLM-L6-v2")
                 best = labrun.most_similar(embed, "What is the capital of France?", facts)
                 print(best[0]["text"])
                 """,
                 used: ["embedder_or_model", "query", "candidates"], positional: 3).define(in: module, models: loader.models) { arguments in
            let model = try loader.model(try arguments.required(0, "embedder_or_model"), action: "most_similar", task: .featureExtraction)
            guard case .embedder(let embedder) = model else {
                throw HostError.valueError("most_similar() needs a sentence embedding model (feature-extraction)")
            }
            let query = try arguments.string(1, "query")
            let candidates = try ValueBuilding.strings(try arguments.required(2, "candidates"), argument: "candidates", function: "most_similar")
            return try encode(try SimilarityRanking.rank(query: query, candidates: candidates, embedder: embedder))
        }

        function("flag_toxicity", "flag_toxicity(texts, lexicon=None)",
                 computes: """
                 Flags texts that contain a word of a toxicity lexicon (whole words, case-insensitive, plural -s
                 included). lexicon defaults to the project's small, mild list of insults (no slurs); pass your own
                 list of words or phrases. Returns one {"text", "flagged", "matches"} per text. A word list misses
                 toxicity without listed words and flags quoted or reclaimed uses: compare with a classifier.
                 """,
                 definition: "lexicon matching, as in word-list filters (e.g. the HurtLex lexicon of Bassignana et al. 2018); the bundled list is labrun's own.",
                 example: """
                 flags = labrun.flag_toxicity(["You idiot.", "Have a nice day."])
                 print([f["flagged"] for f in flags])
                 """,
                 used: ["texts", "lexicon"], positional: 2).define(in: module, models: loader.models) { arguments in
            let texts = try ValueBuilding.strings(try arguments.required(0, "texts"), argument: "texts", function: "flag_toxicity")
            let lexicon: ToxicityLexicon
            if let words = arguments.value(1, "lexicon"), !words.isNone {
                lexicon = ToxicityLexicon(words: try ValueBuilding.strings(words, argument: "lexicon", function: "flag_toxicity"))
            } else {
                lexicon = .bundled
            }
            return try encode(texts.map(lexicon.flag))
        }

        function("find_personal_data", "find_personal_data(text)",
                 computes: """
                 Finds e-mail addresses and phone numbers (national and international formats, 7–15 digits) in a
                 text. Returns a list of {"kind": "email" | "phone", "text", "start", "end"}, where
                 text[start:end] is the match. Names, addresses and ID numbers are not detected.
                 """,
                 definition: "pattern matching: local@domain.tld for e-mail; an optional + or 00 prefix and digit groups separated by spaces, dots or hyphens for phones (E.164 allows at most 15 digits).",
                 example: """
                 for f in labrun.find_personal_data("Mail ana@example.org or call +44 20 7946 0958."):
                     print(f["kind"], f["text"], f["start"], f["end"])
                 """,
                 used: ["text"], positional: 1).define(in: module, models: loader.models) { arguments in
            try encode(PersonalDataDetector.find(in: try arguments.string(0, "text")))
        }

        function("redact", "redact(text)",
                 computes: "The text with every e-mail address replaced by [EMAIL] and every phone number by [PHONE] (what find_personal_data finds).",
                 definition: "replacement of the spans of find_personal_data.",
                 example: """
                 print(labrun.redact("Contact Ana at ana.perez@example.org or +44 20 7946 0958."))
                 """,
                 used: ["text"], positional: 1).define(in: module, models: loader.models) { arguments in
            .string(PersonalDataDetector.redact(try arguments.string(0, "text")))
        }

        function("verbatim_overlap", "verbatim_overlap(generated, original)",
                 computes: """
                 How much of an original text a generation repeats word for word: the longest run of consecutive
                 words they share (lower case, punctuation ignored). Returns {"longest_run", "length", "share",
                 "original_words"}, share = length / original_words.
                 """,
                 definition: "longest common substring over word sequences (dynamic programming), a simple memorisation probe in the spirit of Carlini et al. 2021.",
                 example: """
                 print(labrun.verbatim_overlap(generated, original)["share"])
                 """,
                 used: ["generated", "original"], positional: 2).define(in: module, models: loader.models) { arguments in
            try encode(VerbatimOverlap(generated: try arguments.string(0, "generated"), original: try arguments.string(1, "original")))
        }

        function("gender_composition", "gender_composition(texts)",
                 computes: """
                 The gender composition of a corpus: occurrences of male and female terms of the project's gender
                 word pairs (he/she, man/woman, …), the male share, how many texts mention each side, and each term's
                 count. Returns {"male", "female", "male_share", "texts_mentioning_male", "texts_mentioning_female",
                 "texts", "terms"}.
                 """,
                 definition: "word counts over the bundled gender word pairs (male word first); a word on both sides counts for its first side.",
                 example: """
                 counts = labrun.gender_composition(["She is a nurse.", "He and his brother ..."])
                 print(counts["male"], counts["female"])
                 """,
                 used: ["texts"], positional: 1).define(in: module, models: loader.models) { arguments in
            try encode(GenderComposition(texts: try ValueBuilding.strings(try arguments.required(0, "texts"), argument: "texts", function: "gender_composition")))
        }

        function("npmi", "npmi(texts, identity_words, min_count=2)",
                 computes: """
                 Associations between identity words and the other words of a corpus, by normalised PMI at sentence
                 level. Returns rows {"identity", "word", "npmi", "count"} for pairs sharing at least min_count
                 sentences, sorted by npmi (highest first).
                 """,
                 definition: "Bouma 2009: nPMI(i, w) = log(p(i,w) / (p(i) p(w))) / −log p(i,w), p = share of sentences containing the word(s); in [−1, 1].",
                 example: """
                 for row in labrun.npmi(corpus, ["he", "she"], min_count=2)[:5]:
                     print(row)
                 """,
                 used: ["texts", "identity_words", "min_count"], positional: 3).define(in: module, models: loader.models) { arguments in
            let texts = try ValueBuilding.strings(try arguments.required(0, "texts"), argument: "texts", function: "npmi")
            let identities = try ValueBuilding.strings(try arguments.required(1, "identity_words"), argument: "identity_words", function: "npmi")
            return try encode(WordAssociation.npmi(texts: texts, identityWords: identities,
                                                   minCount: try BiasValues.positive(arguments, "min_count", at: 2, default: 2)))
        }

        function("model_card_bias_section", "model_card_bias_section(model_id, measurements={})",
                 computes: """
                 Renders the "Bias, risks and limitations" section of a model card as Markdown from measured results:
                 a table with every number, its sample size and unbiased value, details per bias type, and caveats.
                 measurements maps a name to a result of crows_pairs, stereoset, seat, generation_bias, honest or
                 gender_composition (recognised by their fields), or to a dict of numbers.
                 """,
                 definition: "the Hugging Face model card template's section (Mitchell et al. 2019, \"Model Cards for Model Reporting\").",
                 example: """
                 card = labrun.model_card_bias_section("HuggingFaceTB/SmolLM2-135M-Instruct",
                                                       measurements={"crows_pairs": pairs})
                 print(card)
                 """,
                 used: ["model_id", "measurements"], positional: 2).define(in: module, models: loader.models) { arguments in
            let modelID = try arguments.string(0, "model_id")
            var measurements: [(name: String, measurement: ModelCardBiasSection.Measurement)] = []
            if let value = arguments.value(1, "measurements"), !value.isNone {
                guard let entries = value.asDictionary else {
                    throw HostError.typeError("model_card_bias_section() argument 'measurements' must be a dict name -> result, not \(value.typeName)")
                }
                for (name, result) in entries { measurements.append((name, try measurement(name: name, result))) }
            }
            return .string(ModelCardBiasSection(modelID: modelID, measurements: measurements).markdown())
        }
    }

    /// A toolkit result recognised by its fields.
    static func measurement(name: String, _ value: Value) throws -> ModelCardBiasSection.Measurement {
        guard let entries = value.asDictionary else {
            throw HostError.typeError("model_card_bias_section(): measurement '\(name)' must be a result dict, not \(value.typeName)")
        }
        let fields = Dictionary(entries, uniquingKeysWith: { _, last in last })
        func number(_ key: String) -> Double? {
            guard let field = fields[key], field.asBool == nil else { return nil }
            return field.asDouble
        }
        func count(_ key: String) -> Int? {
            guard let field = fields[key], field.asBool == nil else { return nil }
            return field.asInt
        }
        if let metric = number("metric"), let n = count("n") {
            var byType: [String: Double] = [:]
            for (type, score) in fields["by_type"]?.asDictionary ?? [] { byType[type] = score.asDouble }
            return .crowsPairs(metric: metric, n: n, byType: byType)
        }
        if let ss = number("ss"), let lms = number("lms"), let icat = number("icat") {
            return .stereoSet(ss: ss, lms: lms, icat: icat, n: count("n"))
        }
        if let effect = number("effect_size"), let p = number("p_value"), let n = count("n") {
            return .seat(effectSize: effect, pValue: p, n: n)
        }
        if let score = number("score"), fields["samples"] != nil || fields["ci"] != nil {
            let ci = Dictionary(fields["ci"]?.asDictionary ?? [], uniquingKeysWith: { _, last in last })
            return .generationBias(score: score, lower: ci["lower"]?.asDouble, upper: ci["upper"]?.asDouble,
                                   perplexity: number("perplexity"), samples: fields["samples"]?.asArray?.count)
        }
        if let score = number("honest_score") {
            return .honest(score: score, k: count("k"))
        }
        if let male = count("male"), let female = count("female"), let texts = count("texts") {
            return .composition(male: male, female: female, texts: texts)
        }
        let numbers = entries.compactMap { (key: String, field: Value) -> (String, Double)? in
            guard field.asBool == nil, let number = field.asDouble else { return nil }
            return (key, number)
        }
        guard !numbers.isEmpty else {
            throw HostError.valueError("model_card_bias_section(): measurement '\(name)' is not a toolkit result (crows_pairs, stereoset, seat, generation_bias, honest, gender_composition) and has no numbers")
        }
        return .other(values: numbers)
    }
}
