#!/usr/bin/env bash
# Runs labrun and its peers on the same work, alternating round by round on this machine, and
# prints each figure with the ratio labrun / peer:
#   - SmolLM2-135M Q4_1 decode and 64-token prefill: labrun-bench llama against llama.cpp's
#     llama-bench on the same GGUF file, built here from the llama-cpp-python source package
#     (PyPI, pinned by version and SHA-256; needs cmake and g++, installed here when run as root);
#   - MiniLM batches of 32 and one sentence, BERT-base fill-mask: labrun-bench inference against
#     transformers on PyTorch (Benchmarks/encoders_pytorch.py in the venv Benchmarks/setup-torch.sh makes).
# A peer that is not available is skipped with a line saying why.
#
#     Benchmarks/compare.sh [rounds]        (default 3 rounds; THREADS=2 by default)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="/opt/swift/usr/bin:$PATH"
rounds="${1:-3}"
threads="${THREADS:-2}"
export LABRUN_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads"
work="$root/.build/compare"
mkdir -p "$work"
models="${LABRUN_HOME:-$HOME/.local/share/labrun}/models"
gguf="$models/HuggingFaceTB/SmolLM2-135M-Instruct/SmolLM2-135M-Instruct.Q4_1.gguf"
minilm="$models/sentence-transformers/all-MiniLM-L6-v2"

swift build -c release --product labrun-bench >/dev/null
bench="$root/.build/release/labrun-bench"

# llama.cpp from the llama-cpp-python sdist (its vendor/llama.cpp), built once.
LLAMA_CPP_PYTHON_VERSION=0.3.36
LLAMA_CPP_PYTHON_SHA256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
llama_bench="$work/llama.cpp-build/bin/llama-bench"
if [[ ! -x "$llama_bench" ]]; then
    if { ! command -v cmake >/dev/null || ! command -v g++ >/dev/null; } && [[ $(id -u) == 0 ]]; then
        apt-get install -y -qq cmake g++ >/dev/null
    fi
    if ! command -v cmake >/dev/null || ! command -v g++ >/dev/null; then
        echo "compare: llama.cpp skipped: cmake and g++ are needed to build it (apt-get install cmake g++)" >&2
    else
        python3 - "$work" "$LLAMA_CPP_PYTHON_VERSION" "$LLAMA_CPP_PYTHON_SHA256" <<'PY'
import hashlib, json, sys, tarfile, urllib.request
work, version, expected = sys.argv[1:4]
# PyPI's simple index as JSON (PEP 691): the file's URL; the pinned SHA-256 decides.
request = urllib.request.Request("https://pypi.org/simple/llama-cpp-python/",
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
files = json.load(urllib.request.urlopen(request))["files"]
name = f"llama_cpp_python-{version}.tar.gz"
sdist = next(f for f in files if f["filename"] == name)
data = urllib.request.urlopen(sdist["url"]).read()
digest = hashlib.sha256(data).hexdigest()
if digest != expected:
    sys.exit(f"compare: {name} has SHA-256 {digest}, not the pinned {expected}; refusing to build it")
path = f"{work}/{name}"
open(path, "wb").write(data)
with tarfile.open(path) as archive:
    archive.extractall(work, filter="data")
print(f"compare: {name} verified", file=sys.stderr)
PY
        source_dir="$(ls -d "$work"/llama_cpp_python-*/vendor/llama.cpp | head -1)"
        cmake -S "$source_dir" -B "$work/llama.cpp-build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
            -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF >/dev/null
        cmake --build "$work/llama.cpp-build" --target llama-bench -j "$threads" >/dev/null
    fi
fi

torch_python="$root/.build/torch-venv/bin/python"
if [[ ! -x "$torch_python" ]] || ! "$torch_python" -c 'import torch, transformers' 2>/dev/null; then
    echo "compare: PyTorch skipped: run Benchmarks/setup-torch.sh first" >&2
    torch_python=""
fi

results="$work/results.jsonl"
: > "$results"
for round in $(seq 1 "$rounds"); do
    echo "compare: round $round of $rounds" >&2
    "$bench" llama --json | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(json.dumps({"who":"labrun","results":r}))' >> "$results"
    if [[ -x "$llama_bench" ]]; then
        "$llama_bench" -m "$gguf" -p 64 -n 64 -t "$threads" -r 5 -o json \
            | python3 -c 'import json,sys; print(json.dumps({"who":"llama.cpp","results":json.load(sys.stdin)}))' >> "$results"
    fi
    "$bench" inference --json | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(json.dumps({"who":"labrun","results":r}))' >> "$results"
    if [[ -n "$torch_python" ]]; then
        "$torch_python" Benchmarks/encoders_pytorch.py --minilm "$minilm" --threads "$threads" \
            | python3 -c 'import json,sys; print(json.dumps({"who":"pytorch","results":json.load(sys.stdin)}))' >> "$results"
    fi
done

python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
figures = {}
def add(key, value):
    figures.setdefault(key, []).append(value)
for row in rows:
    if row["who"] == "labrun":
        for result in row["results"]:
            name = result["name"]
            if name.startswith("decode (fast"): add("labrun decode", result["value"])
            if name.startswith("prefill 64 tokens (fast"): add("labrun prefill", result["value"])
            if name.startswith("MiniLM embed, batch of 32 (goal"): add("labrun minilm batch", result["value"])
            if name.startswith("MiniLM embed, 1 sentence (goal"): add("labrun minilm one", result["value"])
            if name.startswith("fill-mask, BERT-base random (goal"): add("labrun fill-mask", result["value"])
    elif row["who"] == "llama.cpp":
        for test in row["results"]:
            if test.get("n_gen", 0) > 0: add("llama.cpp decode", test["avg_ts"])
            elif test.get("n_prompt", 0) > 0: add("llama.cpp prefill", test["avg_ts"])
    elif row["who"] == "pytorch":
        r = row["results"]
        add("pytorch minilm batch", r["minilm_batch32_sentences_per_second"])
        add("pytorch minilm one", r["minilm_one_sentence_ms"])
        add("pytorch fill-mask", r["fill_mask_bert_base_ms"])
def spread(key):
    values = figures.get(key)
    return None if not values else (min(values), statistics.median(values), max(values))
print(f"{'work':38} {'labrun':>22} {'peer':>22}  ratio (higher is better for labrun)")
for work, ours, theirs, unit, higher in [
        ("SmolLM2 Q4_1 decode", "labrun decode", "llama.cpp decode", "tokens/s", True),
        ("SmolLM2 Q4_1 prefill, 64 tokens", "labrun prefill", "llama.cpp prefill", "tokens/s", True),
        ("MiniLM, batches of 32", "labrun minilm batch", "pytorch minilm batch", "sentences/s", True),
        ("MiniLM, one sentence", "labrun minilm one", "pytorch minilm one", "ms", False),
        ("BERT-base fill-mask", "labrun fill-mask", "pytorch fill-mask", "ms", False)]:
    a, b = spread(ours), spread(theirs)
    if not a:
        continue
    text = lambda s: f"{s[0]:.1f}-{s[2]:.1f} {unit}" if s else "n/a"
    ratio = "" if not b else f"{(a[1] / b[1] if higher else b[1] / a[1]):.2f}x"
    print(f"{work:38} {text(a):>22} {text(b):>22}  {ratio}")
PY
