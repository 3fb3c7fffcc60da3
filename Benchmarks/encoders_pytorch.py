"""PyTorch's side of the encoder comparison in Benchmarks/compare.sh: the work `labrun-bench
inference` times, done by transformers on the same machine with the same thread count.

- MiniLM (the bundled all-MiniLM-L6-v2 files): 32 sentences in one padded batch, and one sentence;
  mean pooling and normalisation as sentence-transformers does.
- fill-mask on a BERT-base-sized BertForMaskedLM with random weights (12 layers, 768 hidden,
  30522 vocabulary), one 12-token sentence.

Prints one JSON object: each figure's median over the runs.
    python Benchmarks/encoders_pytorch.py --minilm DIR [--threads N] [--runs N]
"""
import argparse
import json
import statistics
import time

import torch
from transformers import AutoModel, AutoTokenizer, BertConfig, BertForMaskedLM

PEOPLE = ["man", "woman", "doctor", "nurse", "engineer", "teacher", "pilot", "cook"]
VERBS = ["works as a", "is known as a", "wants to be a", "trained as a"]
JOBS = ["carpenter", "lawyer", "secretary", "programmer"]
# The sentences of InferenceSuite.sentences, built the same way.
SENTENCES = [f"The {PEOPLE[i % 8]} {VERBS[i % 4]} {JOBS[(i // 8) % 4]}." for i in range(32)]


def timed(body, runs, warmup):
    for _ in range(warmup):
        body()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        body()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minilm", required=True, help="folder of all-MiniLM-L6-v2 (config, tokenizer, safetensors)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    torch.set_grad_enabled(False)

    tokenizer = AutoTokenizer.from_pretrained(arguments.minilm)
    model = AutoModel.from_pretrained(arguments.minilm).eval()

    def embed(sentences):
        batch = tokenizer(sentences, padding=True, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    batch_seconds = timed(lambda: embed(SENTENCES), arguments.runs, 3)
    single_seconds = timed(lambda: embed(SENTENCES[:1]), arguments.runs * 2, 5)

    torch.manual_seed(12)
    bert = BertForMaskedLM(BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                                      intermediate_size=3072, max_position_embeddings=512)).eval()
    text = "The man worked as a [MASK] in the city."
    inputs = tokenizer(text, return_tensors="pt")
    position = int((inputs["input_ids"][0] == tokenizer.mask_token_id).nonzero()[0])

    def fill():
        logits = bert(**inputs).logits[0, position]
        return torch.topk(torch.softmax(logits, dim=-1), 5)

    fill_seconds = timed(fill, arguments.runs, 3)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": arguments.threads,
        "minilm_batch32_sentences_per_second": 32 / batch_seconds,
        "minilm_one_sentence_ms": single_seconds * 1000,
        "fill_mask_bert_base_ms": fill_seconds * 1000,
    }))


if __name__ == "__main__":
    main()
