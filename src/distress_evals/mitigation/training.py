"""The paper's LoRA training settings (App. E) as ready TRL / PEFT configurations.

Training runs elsewhere (it needs a GPU and the model's weights); this module only records the
settings and builds the config objects. ``trl`` and ``peft`` (and through them ``torch``) come
from the optional ``train`` extra: ``pip install -e ".[train]"`` (torch pinned to 2.13.0, the
CPU build on this project's machines). They are imported only when a config is built.

Paper App. E (and the authors' DPO launch script for batch and length settings):

| | SFT | DPO |
|---|---|---|
| epochs | 2 | 1 |
| learning rate | 1e-4 | 5e-5 |
| LoRA rank / alpha | 64 / 128 | 64 / 64 |
| effective batch | 8 (2 x 4 accumulation) | 8 (2 x 4 accumulation) |
| DPO beta | - | 0.1 |

LoRA adapts the q, k, v, o, gate, up and down projections.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal

TrainingKind = Literal["sft", "dpo"]
TRAINING_KINDS: tuple[TrainingKind, ...] = ("sft", "dpo")

LORA_TARGET_MODULES = (
    "q_proj",
    "k_proj",
    "v_proj",
    "o_proj",
    "gate_proj",
    "up_proj",
    "down_proj",
)
"""Paper App. E: LoRA on the attention and MLP projections (Gemma/Llama module names)."""

LORA_RANK = 64
PER_DEVICE_BATCH = 2
GRADIENT_ACCUMULATION = 4
"""Effective batch 8 = 2 per device x 4 accumulation steps (authors' DPO launch script)."""

LORA_SETTINGS: dict[TrainingKind, dict[str, Any]] = {
    "sft": {"r": LORA_RANK, "lora_alpha": 128},
    "dpo": {"r": LORA_RANK, "lora_alpha": 64},
}
"""peft ``LoraConfig`` arguments besides the target modules."""

TRAINER_SETTINGS: dict[TrainingKind, dict[str, Any]] = {
    "sft": {
        "num_train_epochs": 2,
        "learning_rate": 1e-4,
        "per_device_train_batch_size": PER_DEVICE_BATCH,
        "gradient_accumulation_steps": GRADIENT_ACCUMULATION,
    },
    "dpo": {
        "num_train_epochs": 1,
        "learning_rate": 5e-5,
        "beta": 0.1,
        "per_device_train_batch_size": PER_DEVICE_BATCH,
        "gradient_accumulation_steps": GRADIENT_ACCUMULATION,
        "max_length": 2048,
    },
}
"""TRL ``SFTConfig`` / ``DPOConfig`` arguments (paper App. E; max length from the authors'
launch script, 2048 tokens)."""

CONFIG_CLASSES: dict[TrainingKind, str] = {"sft": "SFTConfig", "dpo": "DPOConfig"}


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"building training configs needs {module!r}: pip install -e '.[train]'"
        ) from error


def effective_batch_size(kind: TrainingKind) -> int:
    """Per-device batch times accumulation steps (one device), 8 for both kinds."""
    settings = TRAINER_SETTINGS[kind]
    return int(settings["per_device_train_batch_size"] * settings["gradient_accumulation_steps"])


def lora_config(kind: TrainingKind) -> Any:
    """The paper's LoRA adapter settings as a ``peft.LoraConfig``.

    Args:
        kind: ``sft`` or ``dpo``.

    Returns:
        The ``LoraConfig`` (causal LM, no dropout given in the paper: peft's default).
    """
    peft = _import("peft")
    return peft.LoraConfig(
        task_type="CAUSAL_LM", target_modules=list(LORA_TARGET_MODULES), **LORA_SETTINGS[kind]
    )


def trainer_config(kind: TrainingKind, output_dir: str, **overrides: Any) -> Any:
    """The paper's trainer settings as a ``trl.SFTConfig`` or ``trl.DPOConfig``.

    Args:
        kind: ``sft`` or ``dpo``.
        output_dir: Where the trainer writes checkpoints.
        **overrides: Any other config field (e.g. ``bf16=True``, ``report_to="none"``).

    Returns:
        The config object, ready for ``trl.SFTTrainer`` / ``trl.DPOTrainer``.

    Raises:
        ValueError: For an unknown kind.
    """
    if kind not in TRAINING_KINDS:
        raise ValueError(f"kind must be one of {', '.join(TRAINING_KINDS)}; got {kind!r}")
    trl = _import("trl")
    config_class = getattr(trl, CONFIG_CLASSES[kind])
    return config_class(output_dir=output_dir, **{**TRAINER_SETTINGS[kind], **overrides})
