"""PyTorch's side of the training-speed comparison: one step (forward, backward, clip, AdamW) on
LlamaForCausalLM with SmolLM2-135M's configuration and random weights (same shapes as the bundled
model, so the same work), sequence 64, batch 8, for LoRA r=8 on q_proj and v_proj or for full
fine-tuning.

`labrun-bench train` starts it with --serve and alternates with labrun's own steps: on each line
`steps K` read from stdin it runs K steps and prints one JSON line with each step's seconds, the
CPU seconds of all K and the process's peak RSS. Without --serve it times a few steps of both configurations and prints them.

Run where torch, transformers and peft are installed (Benchmarks/setup-torch.sh makes a venv):
    python Benchmarks/train_step_pytorch.py [--threads N] [--config lora|full] [--serve]
"""
import argparse
import json
import resource
import sys
import time

import torch
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM

BATCH, SEQUENCE, VOCABULARY = 8, 64, 49152


def make_model(config_name):
    config = LlamaConfig(vocab_size=VOCABULARY, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192, rope_theta=100000.0,
                         rms_norm_eps=1e-5, tie_word_embeddings=True)
    torch.manual_seed(1)
    model = LlamaForCausalLM(config)
    if config_name == "lora":
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"]))
    model.train()
    return model


class Stepper:
    """One model, its optimizer and a fixed batch; `run(k)` times k steps."""

    def __init__(self, config_name):
        self.model = make_model(config_name)
        self.batch = torch.randint(0, VOCABULARY, (BATCH, SEQUENCE), generator=torch.Generator().manual_seed(2))
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(self.params, lr=1e-4)

    def run(self, steps):
        """Each step's wall-clock seconds and the process's CPU seconds over all of them."""
        times = []
        cpu_start = time.process_time()
        for _ in range(steps):
            start = time.perf_counter()
            self.optimizer.zero_grad()
            loss = self.model(input_ids=self.batch, labels=self.batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, 1.0)
            self.optimizer.step()
            times.append(time.perf_counter() - start)
        return times, time.process_time() - cpu_start


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--config", choices=["lora", "full"], default=None)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.serve:
        stepper = Stepper(args.config or "lora")
        print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
        for line in sys.stdin:
            words = line.split()
            if len(words) == 2 and words[0] == "steps":
                seconds, cpu_seconds = stepper.run(int(words[1]))
                print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mib": peak_rss_mib()}), flush=True)
        return
    for name in [args.config] if args.config else ["lora", "full"]:
        times = Stepper(name).run(3)[0][1:]
        seconds = sum(times) / len(times)
        print(f"{name}: {seconds:.2f} s a step, {int(BATCH * SEQUENCE / seconds)} tokens/s (torch threads {torch.get_num_threads()})")


if __name__ == "__main__":
    main()
