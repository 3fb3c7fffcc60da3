"""Makes Tests/TrainingTests/Fixtures/generated: tiny random Llama, GPT-2 and BERT models, PEFT
adapters whose B is not zero (so that A's gradient is tested too), and for each case the batch,
the loss, every trainable parameter's gradient and a short run of the plain training loop
(loss, backward, clip_grad_norm_, torch.optim.AdamW), in training_public.json's format.

The tests never run this: they read what it wrote. To regenerate, in a throwaway venv:

    python3 -m venv /tmp/train-venv
    /tmp/train-venv/bin/pip install torch transformers peft safetensors
    /tmp/train-venv/bin/python scripts/training-fixtures/make_training_cases.py

Models use a 256-token vocabulary so that the folder stays small.
"""
import json
import os
import sys

import torch
from peft import LoraConfig, get_peft_model
from safetensors.torch import save_file
from transformers import (BertConfig, BertForMaskedLM, GPT2Config, GPT2LMHeadModel, LlamaConfig,
                          LlamaForCausalLM, get_scheduler)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "TrainingTests", "Fixtures")
OUT = os.path.join(ROOT, "generated")
VOCAB = 256


def batch(rows, lengths, causal, generator, prompt=0, mask_every=3):
    """Right-padded random ids (pad 0); causal labels = ids with padding (and `prompt` leading
    tokens of row 0) ignored; masked labels at every `mask_every`-th real token."""
    time = max(lengths)
    ids, mask, labels = [], [], []
    for row, length in enumerate(lengths):
        tokens = torch.randint(1, VOCAB, (length,), generator=generator).tolist()
        pad = time - length
        ids.append(tokens + [0] * pad)
        mask.append([1] * length + [0] * pad)
        if causal:
            label = list(tokens)
            if row == 0:
                label[:prompt] = [-100] * prompt
        else:
            label = [-100] * length
            for position in range(1, length, mask_every):
                label[position] = tokens[position]
                ids[row][position] = 3  # a stand-in [MASK] id
        labels.append(label + [-100] * pad)
    return ids, mask, labels


def run_case(name, model, model_folder, kind, ids, mask, labels, trainer, adapter_folder=None, lora=None):
    tensors = dict(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask), labels=torch.tensor(labels))
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    model.zero_grad()
    out = model(**tensors)
    out.loss.backward()
    grads = {n.replace(".default", ""): p.grad.detach().clone().contiguous() for n, p in trainable}
    grads_file = f"generated/grads/{name}.safetensors"
    save_file(grads, os.path.join(ROOT, grads_file))
    grad_norm = torch.sqrt(sum((g.double() ** 2).sum() for g in grads.values())).item()
    # The plain loop.
    optimizer = torch.optim.AdamW([p for _, p in trainable], lr=trainer["learning_rate"], betas=(0.9, 0.999), eps=1e-8,
                                  weight_decay=trainer["weight_decay"])
    schedule = trainer.get("lr_scheduler_type", "constant")
    scheduler = get_scheduler(schedule, optimizer, num_warmup_steps=trainer.get("warmup_steps", 0),
                              num_training_steps=trainer["max_steps"])
    losses, norms, rates = [], [], []
    for _ in range(trainer["max_steps"]):
        optimizer.zero_grad()
        loss = model(**tensors).loss
        loss.backward()
        norms.append(torch.nn.utils.clip_grad_norm_([p for _, p in trainable], trainer["max_grad_norm"]).item())
        losses.append(loss.item())
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    case = dict(name=name, model=model_folder, kind=kind, input_ids=ids, attention_mask=mask, labels=labels,
                loss=out.loss.item(), grad_norm=grad_norm, grads_file=grads_file,
                trainer=dict(dict(lr_scheduler_type="constant", warmup_steps=0), **trainer, losses=losses, grad_norms=norms,
                             learning_rates=rates))
    if adapter_folder:
        case["adapter_init"] = adapter_folder
        case["lora"] = lora
    return case


def save_model(model, folder):
    path = os.path.join(ROOT, folder)
    model.save_pretrained(path)
    for extra in ["generation_config.json"]:
        if os.path.exists(os.path.join(path, extra)):
            os.remove(os.path.join(path, extra))


def lora_model(base, lora, adapter_folder, generator, ids, mask, labels):
    """`base` wrapped by a fresh PEFT adapter whose B is randomised, saved to `adapter_folder`.

    AdamW's first step moves every parameter by about lr · sign(gradient), so a gradient element
    within float32 rounding of zero takes a full step in a direction no two implementations agree
    on, and the trajectories part after one step. B is drawn again until every adapter gradient
    element is at least 5e-5 of the largest of its tensor (float32 noise is about 3e-6 of it), so that the case tests the arithmetic, not that luck."""
    config = LoraConfig(r=lora["r"], lora_alpha=lora["lora_alpha"], target_modules=lora["target_modules"], lora_dropout=0.0)
    model = get_peft_model(base, config)
    tensors = dict(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask), labels=torch.tensor(labels))
    for attempt in range(100):
        with torch.no_grad():
            for name, parameter in model.named_parameters():
                if "lora_B" in name:
                    parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.2)
        model.zero_grad()
        model(**tensors).loss.backward()
        grads = [p.grad.abs() for p in model.parameters() if p.requires_grad]
        if all(g.min() >= 5e-5 * g.max() for g in grads):
            break
    else:
        raise SystemExit(f"{adapter_folder}: no draw of B without near-zero gradients")
    model.zero_grad()
    model.save_pretrained(os.path.join(ROOT, adapter_folder))
    os.remove(os.path.join(ROOT, adapter_folder, "README.md"))  # PEFT's model card
    return model


def main():
    os.makedirs(os.path.join(OUT, "grads"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "models"), exist_ok=True)
    generator = torch.Generator().manual_seed(2026)
    torch.manual_seed(2026)
    cases = []

    # Llama: 3 query heads per KV head, untied head, another rope theta and epsilon, a prompt
    # masked out of row 0's labels, weight decay, clipping at 0.5.
    llama_config = LlamaConfig(vocab_size=VOCAB, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                               num_attention_heads=6, num_key_value_heads=2, max_position_embeddings=64,
                               rms_norm_eps=1e-6, rope_theta=50000.0, tie_word_embeddings=False,
                               attention_dropout=0.0, pad_token_id=0, bos_token_id=1, eos_token_id=2)
    llama = LlamaForCausalLM(llama_config).float()
    llama_folder = "generated/models/tiny-llama-gqa3-untied"
    save_model(llama, llama_folder)
    ids, mask, labels = batch(3, [11, 7, 9], True, generator, prompt=4)
    llama_ids, llama_mask, llama_labels = ids, mask, labels
    trainer = dict(max_steps=4, learning_rate=2e-3, weight_decay=0.1, max_grad_norm=0.5, per_device_train_batch_size=3)
    cases.append(run_case("tiny-llama-gqa3-untied-full", llama, llama_folder, "causal", ids, mask, labels, trainer))

    # LoRA on every Llama projection, B random.
    llama = LlamaForCausalLM.from_pretrained(os.path.join(ROOT, llama_folder)).float()
    lora = dict(r=3, lora_alpha=6, target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
                lora_dropout=0.0)
    adapter = "generated/models/tiny-llama-gqa3-untied-lora-all"
    model = lora_model(llama, lora, adapter, generator, ids, mask, labels)
    trainer = dict(max_steps=4, learning_rate=5e-3, weight_decay=0.0, max_grad_norm=1.0, per_device_train_batch_size=3)
    cases.append(run_case("tiny-llama-gqa3-untied-lora-all", model, llama_folder, "causal-lora", ids, mask, labels, trainer,
                          adapter, lora))

    # Llama with one KV head, head_dim 12 (so q_proj is 48 x 32), q/k/v/o and MLP biases, tied head.
    config = LlamaConfig(vocab_size=VOCAB, hidden_size=32, intermediate_size=56, num_hidden_layers=2, num_attention_heads=4,
                         num_key_value_heads=1, head_dim=12, attention_bias=True, mlp_bias=True, max_position_embeddings=64,
                         rms_norm_eps=1e-5, tie_word_embeddings=True, attention_dropout=0.0, pad_token_id=0, bos_token_id=1,
                         eos_token_id=2)
    biased = LlamaForCausalLM(config).float()
    with torch.no_grad():
        for name, parameter in biased.named_parameters():
            if name.endswith(".bias"):
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.05)
    folder = "generated/models/tiny-llama-mqa-headdim12-bias"
    save_model(biased, folder)
    ids, mask, labels = batch(2, [8, 13], True, generator)
    trainer = dict(max_steps=3, learning_rate=1e-3, weight_decay=0.0, max_grad_norm=1.0, per_device_train_batch_size=2)
    cases.append(run_case("tiny-llama-mqa-headdim12-bias-full", biased, folder, "causal", ids, mask, labels, trainer))

    # GPT-2 with LoRA on c_attn, c_proj (both) and c_fc.
    gpt2_config = GPT2Config(vocab_size=VOCAB, n_positions=64, n_embd=32, n_layer=2, n_head=4, resid_pdrop=0.0,
                             embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=1, eos_token_id=2, pad_token_id=0)
    gpt2 = GPT2LMHeadModel(gpt2_config).float()
    gpt2_folder = "generated/models/tiny-gpt2-small-vocab"
    save_model(gpt2, gpt2_folder)
    ids, mask, labels = batch(2, [10, 6], True, generator)
    gpt2_ids, gpt2_mask, gpt2_labels = ids, mask, labels
    trainer = dict(max_steps=4, learning_rate=1e-3, weight_decay=0.05, max_grad_norm=1.0, per_device_train_batch_size=2)
    cases.append(run_case("tiny-gpt2-small-vocab-full", gpt2, gpt2_folder, "causal", ids, mask, labels, trainer))
    gpt2 = GPT2LMHeadModel.from_pretrained(os.path.join(ROOT, gpt2_folder)).float()
    lora = dict(r=2, lora_alpha=8, target_modules=["c_attn", "c_proj", "c_fc"], lora_dropout=0.0)
    adapter = "generated/models/tiny-gpt2-small-vocab-lora"
    model = lora_model(gpt2, lora, adapter, generator, ids, mask, labels)
    trainer = dict(max_steps=4, learning_rate=5e-3, weight_decay=0.0, max_grad_norm=1.0, per_device_train_batch_size=2)
    cases.append(run_case("tiny-gpt2-small-vocab-lora", model, gpt2_folder, "causal-lora", ids, mask, labels, trainer, adapter, lora))

    # BERT with LoRA on query, value and every dense layer.
    bert_config = BertConfig(vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                             intermediate_size=48, max_position_embeddings=64, hidden_dropout_prob=0.0,
                             attention_probs_dropout_prob=0.0, pad_token_id=0)
    bert = BertForMaskedLM(bert_config).float()
    bert_folder = "generated/models/tiny-bert-small-vocab"
    save_model(bert, bert_folder)
    ids, mask, labels = batch(3, [9, 12, 5], False, generator)
    bert = BertForMaskedLM.from_pretrained(os.path.join(ROOT, bert_folder)).float()
    lora = dict(r=4, lora_alpha=4, target_modules=["query", "value", "dense"], lora_dropout=0.0)
    adapter = "generated/models/tiny-bert-small-vocab-lora"
    model = lora_model(bert, lora, adapter, generator, ids, mask, labels)
    trainer = dict(max_steps=4, learning_rate=5e-3, weight_decay=0.01, max_grad_norm=1.0, per_device_train_batch_size=3)
    cases.append(run_case("tiny-bert-small-vocab-lora", model, bert_folder, "masked-lora", ids, mask, labels, trainer, adapter, lora))

    # Schedules with warm-up, stepped after each optimizer step as the Trainer does.
    llama = LlamaForCausalLM.from_pretrained(os.path.join(ROOT, llama_folder)).float()
    trainer = dict(max_steps=5, learning_rate=3e-3, weight_decay=0.0, max_grad_norm=1.0, per_device_train_batch_size=3,
                   lr_scheduler_type="linear", warmup_steps=2)
    cases.append(run_case("tiny-llama-gqa3-untied-linear-warmup", llama, llama_folder, "causal", llama_ids, llama_mask, llama_labels,
                          trainer))
    gpt2 = GPT2LMHeadModel.from_pretrained(os.path.join(ROOT, gpt2_folder)).float()
    trainer = dict(max_steps=5, learning_rate=3e-3, weight_decay=0.0, max_grad_norm=1.0, per_device_train_batch_size=2,
                   lr_scheduler_type="cosine", warmup_steps=1)
    cases.append(run_case("tiny-gpt2-small-vocab-cosine-warmup", gpt2, gpt2_folder, "causal", gpt2_ids, gpt2_mask, gpt2_labels, trainer))

    # GPT-2 variants: erf GELU, scores also divided by the layer index + 1.
    config = GPT2Config(vocab_size=VOCAB, n_positions=64, n_embd=32, n_layer=3, n_head=2, resid_pdrop=0.0, embd_pdrop=0.0,
                        attn_pdrop=0.0, activation_function="gelu", scale_attn_by_inverse_layer_idx=True, bos_token_id=1,
                        eos_token_id=2, pad_token_id=0)
    variant = GPT2LMHeadModel(config).float()
    folder = "generated/models/tiny-gpt2-erf-gelu-layer-scaled"
    save_model(variant, folder)
    ids, mask, labels = batch(3, [7, 12, 9], True, generator)
    trainer = dict(max_steps=3, learning_rate=2e-3, weight_decay=0.0, max_grad_norm=1.0, per_device_train_batch_size=3)
    cases.append(run_case("tiny-gpt2-erf-gelu-layer-scaled-full", variant, folder, "causal", ids, mask, labels, trainer))

    made_with = f"torch {torch.__version__}, transformers, peft (scripts/training-fixtures/make_training_cases.py)"
    with open(os.path.join(OUT, "training_generated.json"), "w") as file:
        json.dump(dict(made_with=made_with, cases=cases), file, indent=1)
    print(f"{len(cases)} cases in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
