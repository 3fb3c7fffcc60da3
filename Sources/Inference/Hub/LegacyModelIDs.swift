/// Model ids from before the Hub gave every model an owner, and the ids the Hub moved them to.
///
/// In 2024 the Hugging Face Hub moved its "canonical" models (those with no organisation in the id)
/// into organisations (`bert-base-uncased` → `google-bert/bert-base-uncased`), and it redirects the old
/// ids to the new ones: `https://huggingface.co/bert-base-uncased/resolve/main/config.json` answers
/// with a redirect to `/google-bert/bert-base-uncased/resolve/main/config.json`. transformers replaced
/// the old ids in its documentation at the same time (huggingface/transformers#29001, "Update all
/// references to canonical models"). labrun maps them itself so that the same id names the same cache
/// folder with or without a network.
public enum LegacyModelIDs {
    /// Old id → the id the Hub redirects it to.
    public static let table: [String: String] = {
        var table: [String: String] = [:]
        func move(_ organisation: String, _ names: [String]) {
            for name in names { table[name] = "\(organisation)/\(name)" }
        }
        move("google-bert", [
            "bert-base-uncased", "bert-base-cased", "bert-large-uncased", "bert-large-cased",
            "bert-base-multilingual-uncased", "bert-base-multilingual-cased", "bert-base-chinese",
            "bert-base-german-cased", "bert-large-uncased-whole-word-masking", "bert-large-cased-whole-word-masking",
            "bert-large-uncased-whole-word-masking-finetuned-squad",
            "bert-large-cased-whole-word-masking-finetuned-squad", "bert-base-cased-finetuned-mrpc",
            "bert-base-german-dbmdz-cased", "bert-base-german-dbmdz-uncased",
        ])
        move("openai-community", [
            "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "openai-gpt",
            "roberta-base-openai-detector", "roberta-large-openai-detector",
        ])
        move("distilbert", [
            "distilgpt2", "distilbert-base-uncased", "distilbert-base-cased",
            "distilbert-base-uncased-distilled-squad", "distilbert-base-cased-distilled-squad",
            "distilbert-base-multilingual-cased", "distilbert-base-uncased-finetuned-sst-2-english",
            "distilbert-base-german-cased", "distilroberta-base",
        ])
        move("FacebookAI", [
            "roberta-base", "roberta-large", "roberta-large-mnli", "xlm-roberta-base", "xlm-roberta-large",
            "xlm-roberta-large-finetuned-conll02-dutch", "xlm-roberta-large-finetuned-conll02-spanish",
            "xlm-roberta-large-finetuned-conll03-english", "xlm-roberta-large-finetuned-conll03-german",
            "xlm-mlm-en-2048", "xlm-mlm-ende-1024", "xlm-mlm-enfr-1024", "xlm-mlm-enro-1024",
            "xlm-mlm-tlm-xnli15-1024", "xlm-mlm-xnli15-1024", "xlm-clm-enfr-1024", "xlm-clm-ende-1024",
            "xlm-mlm-17-1280", "xlm-mlm-100-1280",
        ])
        move("google-t5", ["t5-small", "t5-base", "t5-large", "t5-3b", "t5-11b"])
        move("albert", [
            "albert-base-v1", "albert-large-v1", "albert-xlarge-v1", "albert-xxlarge-v1",
            "albert-base-v2", "albert-large-v2", "albert-xlarge-v2", "albert-xxlarge-v2",
        ])
        move("xlnet", ["xlnet-base-cased", "xlnet-large-cased"])
        move("Salesforce", ["ctrl"])
        move("almanach", ["camembert-base"])
        move("transfo-xl", ["transfo-xl-wt103"])
        move("flaubert", [
            "flaubert_small_cased", "flaubert_base_uncased", "flaubert_base_cased", "flaubert_large_cased",
        ])
        return table
    }()

    /// The id the Hub uses today for `id`: the moved id for an old one, `id` itself otherwise.
    public static func canonical(_ id: String) -> String {
        table[id] ?? id
    }
}
