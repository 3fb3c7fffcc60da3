"""PyTorch's side of the training-speed comparison: one step (forward, backward, clip, AdamW) on a
SmolLM2-135M-shaped LlamaForCausalLM with random weights, sequence 64, batch 8, for LoRA r=8 on
q_proj and v_proj and for full fine-tuning: the configuration of labrun's TrainingSpeedTests
(`LABRUN_TRAINING_SPEED=1 swift test --skip-build --filter TrainingSpeedTests`).

Run where torch, transformers and peft are installed (a throwaway venv is enough):
    python Benchmarks/train_step_pytorch.py [--threads N]
"""
import argparse
import time

import torch
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM


def measure(name, model, steps=3):
    batch = torch.randint(0, 49152, (8, 64), generator=torch.Generator().manual_seed(2))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-4)
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        times.append(time.perf_counter() - start)
    seconds = sum(times[1:]) / (steps - 1)
    print(f"{name}: {seconds:.2f} s a step, {int(8 * 64 / seconds)} tokens/s (torch threads {torch.get_num_threads()})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    config = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=2048, rope_theta=100000.0,
                         rms_norm_eps=1e-5, tie_word_embeddings=True)
    torch.manual_seed(1)
    lora = get_peft_model(LlamaForCausalLM(config), LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"]))
    measure("LoRA r=8 q,v", lora)
    torch.manual_seed(1)
    measure("full fine-tuning", LlamaForCausalLM(config))


if __name__ == "__main__":
    main()
