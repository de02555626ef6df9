"""The paper's TRL/PEFT settings build offline, and DPOTrainer takes build-dpo's rows unchanged.

Needs the optional ``train`` extra (trl, peft, torch): ``pip install -e ".[train]"``. Without
it these tests are skipped; the settings themselves are checked without it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from distress_evals.mitigation.training import (
    LORA_TARGET_MODULES,
    effective_batch_size,
    lora_config,
    trainer_config,
)

TRAIN_EXTRA = "needs the optional train extra (trl, peft, torch): pip install -e '.[train]'"


def _require_train_extra() -> None:
    for module in ("torch", "trl", "peft"):
        pytest.importorskip(module, reason=TRAIN_EXTRA)


def test_settings_match_the_paper_without_the_extra() -> None:
    assert effective_batch_size("sft") == effective_batch_size("dpo") == 8
    assert {m.split("_")[0] for m in LORA_TARGET_MODULES} == {
        "q", "k", "v", "o", "gate", "up", "down",
    }  # fmt: skip
    with pytest.raises(ValueError, match="sft, dpo"):
        trainer_config("ppo", "out")  # type: ignore[arg-type]


def test_dpo_and_sft_configs_build_offline(tmp_path: Path) -> None:
    _require_train_extra()
    # use_cpu: these machines have no GPU, and TRL's default bf16 needs one or this flag.
    dpo = trainer_config("dpo", str(tmp_path), use_cpu=True, report_to="none")
    assert type(dpo).__name__ == "DPOConfig"
    assert (dpo.beta, dpo.learning_rate, dpo.num_train_epochs) == (0.1, 5e-5, 1)
    assert dpo.per_device_train_batch_size * dpo.gradient_accumulation_steps == 8
    sft = trainer_config("sft", str(tmp_path), use_cpu=True, report_to="none")
    assert type(sft).__name__ == "SFTConfig"
    assert (sft.learning_rate, sft.num_train_epochs) == (1e-4, 2)
    dpo_lora, sft_lora = lora_config("dpo"), lora_config("sft")
    assert (dpo_lora.r, dpo_lora.lora_alpha, sft_lora.r, sft_lora.lora_alpha) == (64, 64, 64, 128)
    assert set(dpo_lora.target_modules) == set(LORA_TARGET_MODULES)


def _tiny_tokenizer(texts: list[str]) -> Any:
    """A word-level tokenizer built from the data itself, with a chat template (no downloads)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = sorted({w for t in texts for w in t.split()})
    vocab = {
        w: i for i, w in enumerate(["<pad>", "<unk>", "<eos>", "<user>", "<assistant>", *words])
    }
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", unk_token="<unk>", eos_token="<eos>"
    )
    tokenizer.chat_template = (
        "{% for m in messages %}<{{ m['role'] }}> {{ m['content'] }} <eos> {% endfor %}"
        "{% if add_generation_prompt %}<assistant> {% endif %}"
    )
    return tokenizer


def test_dpo_trainer_takes_built_pairs_unchanged(tmp_path: Path) -> None:
    _require_train_extra()
    from test_builders import rollout
    from transformers import LlamaConfig, LlamaForCausalLM
    from trl import DPOTrainer

    from datasets import Dataset
    from distress_evals.mitigation.builders import build_dpo

    built = build_dpo(
        [rollout("q1", [0, 5], name="plain"), rollout("q1", [0, 1], calm=True, name="calm")]
    )
    path = tmp_path / "dpo.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in built.rows), encoding="utf-8")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    dataset = Dataset.from_list(rows)
    texts = [m["content"] for r in rows for k in ("prompt", "chosen", "rejected") for m in r[k]]
    tokenizer = _tiny_tokenizer(texts)
    model = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=len(tokenizer),
            hidden_size=16,
            intermediate_size=32,
            num_hidden_layers=1,
            num_attention_heads=2,
            num_key_value_heads=2,
        )
    )
    args = trainer_config(
        "dpo", str(tmp_path / "out"), use_cpu=True, bf16=False, report_to="none", max_steps=1
    )
    # The paper's LoRA adapters on the tiny model (it has all seven projections); with LoRA
    # the reference model is the base with adapters off, so nothing is loaded from the Hub.
    trainer = DPOTrainer(
        model=model,
        args=args,
        train_dataset=dataset,
        processing_class=tokenizer,
        peft_config=lora_config("dpo"),
    )
    trainer.train()
    assert trainer.state.global_step == 1
