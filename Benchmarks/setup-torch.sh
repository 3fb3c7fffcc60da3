#!/usr/bin/env bash
# Creates .build/torch-venv with torch, transformers and peft from PyPI, for the PyTorch side of
# `labrun-bench train` (Benchmarks/train_step_pytorch.py). Idempotent; run from anywhere.
#
# Plain `pip install torch` from PyPI gets the CUDA build (a 540 MB wheel plus about 3 GB of
# nvidia-* wheels) whose CPU kernels are the same as the CPU build's. Where pip already has a CPU
# wheel at hand (a find-links folder, as on the workshop machines), TORCH_SPEC picks it without
# downloading the CUDA libraries:
#     TORCH_SPEC='torch==2.13.0+cpu' Benchmarks/setup-torch.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/torch-venv"
python="${PYTHON:-python3}"
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet "${TORCH_SPEC:-torch}" transformers peft
"$venv/bin/python" -c 'import torch, transformers, peft; print("torch", torch.__version__, "transformers", transformers.__version__, "peft", peft.__version__)'
