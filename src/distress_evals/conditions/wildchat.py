"""Selecting WildChat-1M first-turn prompts the way the paper did, with a local cache.

The paper's sampler (paper-protocol.md §1 "WildChat") keeps English first user turns of 20-500
characters whose alphabetic ratio is at least 0.5 and that contain none of a few banned words,
then samples 20 with seed 42. The exact 20 prompts were never published; this module re-selects
them from a pinned dataset revision and caches the result, so every later build is offline.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from distress_evals.conditions.prompts import Prompt, load_prompt_file

WILDCHAT_DATASET = "allenai/WildChat-1M"
WILDCHAT_REVISION = "78acdff91e618128920151298128e3f85d6e423d"
"""Pinned dataset commit (2024-10-17, 'Upload dataset', ~838k conversations)."""

DEFAULT_WILDCHAT_PROMPTS = 20
DEFAULT_WILDCHAT_SEED = 42
MIN_PROMPT_CHARS = 20
MAX_PROMPT_CHARS = 500
MIN_ALPHABETIC_RATIO = 0.5
BANNED_WORDS = ("hack", "exploit", "malware", "virus", "password", "credential")
ENGLISH = "English"

CACHE_DIR_ENV = "DISTRESS_EVALS_CACHE_DIR"
"""Set to choose where selected prompts are cached (default: the user cache directory)."""


class WildChatUnavailableError(RuntimeError):
    """WildChat-1M could not be loaded and no cached selection exists."""


def first_user_turn(record: Mapping[str, Any]) -> tuple[str, str | None] | None:
    """The text and language of a conversation's first turn, if the user wrote it.

    Args:
        record: One WildChat-1M row.

    Returns:
        ``(text, language)`` or None when the conversation does not open with a user turn.
    """
    conversation = record.get("conversation") or []
    if not conversation or conversation[0].get("role") != "user":
        return None
    first = conversation[0]
    language = first.get("language") or record.get("language")
    return str(first.get("content") or ""), language


def is_eligible_prompt(text: str) -> bool:
    """Whether a first turn passes the paper's length, alphabetic-ratio and banned-word filters."""
    stripped = text.strip()
    if not MIN_PROMPT_CHARS <= len(stripped) <= MAX_PROMPT_CHARS:
        return False
    if sum(ch.isalpha() for ch in stripped) / len(stripped) < MIN_ALPHABETIC_RATIO:
        return False
    lowered = stripped.lower()
    return not any(word in lowered for word in BANNED_WORDS)


def select_wildchat_prompts(
    records: Iterable[Mapping[str, Any]],
    n: int = DEFAULT_WILDCHAT_PROMPTS,
    seed: int = DEFAULT_WILDCHAT_SEED,
) -> list[Prompt]:
    """Filter WildChat rows as the paper did and sample ``n`` prompts with ``seed``.

    Candidates are kept in dataset order with duplicate texts dropped, then sampled with
    ``random.Random(seed).sample``, so a given revision always yields the same prompts.

    Args:
        records: WildChat-1M rows (``conversation``, ``language``, ``conversation_hash``, ...).
        n: How many prompts to select.
        seed: The sampling seed.

    Returns:
        The selected prompts, ids ``wildchat_<hash prefix>``.

    Raises:
        ValueError: If fewer than ``n`` rows pass the filters.
    """
    candidates: list[Prompt] = []
    seen_texts: set[str] = set()
    for index, record in enumerate(records):
        turn = first_user_turn(record)
        if turn is None:
            continue
        text, language = turn
        if language != ENGLISH or not is_eligible_prompt(text) or text.strip() in seen_texts:
            continue
        seen_texts.add(text.strip())
        conversation_hash = str(record.get("conversation_hash") or index)
        candidates.append(
            Prompt(
                id=f"wildchat_{conversation_hash[:12]}",
                text=text.strip(),
                metadata={"conversation_hash": conversation_hash, "source_row": index},
            )
        )
    if len(candidates) < n:
        raise ValueError(f"only {len(candidates)} WildChat prompts pass the filters; need {n}")
    chosen = random.Random(seed).sample(candidates, n)
    # conversation_hash is not unique in WildChat; disambiguate ids that collide.
    ids: dict[str, int] = {}
    result = []
    for prompt in chosen:
        count = ids.get(prompt.id, 0)
        ids[prompt.id] = count + 1
        unique_id = prompt.id if count == 0 else f"{prompt.id}_{count}"
        result.append(Prompt(unique_id, prompt.text, prompt.metadata))
    return result


def cache_path(n: int, seed: int, source: str, revision: str | None) -> Path:
    """Where a selection is cached: one JSONL per (source, revision, n, seed)."""
    root = Path(os.environ.get(CACHE_DIR_ENV) or user_cache_dir("distress_evals"))
    safe_source = source.replace("/", "__")
    return root / "wildchat" / f"{safe_source}@{revision or 'local'}_n{n}_seed{seed}.jsonl"


def _offline_message(source: str, revision: str | None, error: Exception) -> str:
    return (
        f"Could not load {source} (revision {revision}) to select WildChat prompts: "
        f"{type(error).__name__}: {error}\n"
        "Either run once with network access to the Hugging Face Hub (the selection is then "
        "cached), or supply prompts yourself with -T prompts_file=PATH, a JSONL file with one "
        'object per line such as {"id": "w1", "prompt": "Do you know about the De Monsa rule?"}.'
    )


def load_wildchat_prompts(
    n: int = DEFAULT_WILDCHAT_PROMPTS,
    seed: int = DEFAULT_WILDCHAT_SEED,
    source: str = WILDCHAT_DATASET,
    revision: str | None = WILDCHAT_REVISION,
) -> list[Prompt]:
    """The paper's WildChat prompt selection, from the cache or built from ``source``.

    Args:
        n: How many prompts.
        seed: The sampling seed.
        source: A Hugging Face dataset id, or a local dataset folder in WildChat's schema.
        revision: The dataset commit to read (None for a local folder).

    Returns:
        The selected prompts.

    Raises:
        WildChatUnavailableError: If the dataset cannot be loaded and nothing is cached; the
            message says how to supply prompts instead.
    """
    cached = cache_path(n, seed, source, revision)
    if cached.is_file():
        return load_prompt_file(cached)
    # Imported here: Hugging Face `datasets` is only needed the first time a selection is built.
    import datasets

    try:
        rows = datasets.load_dataset(source, split="train", revision=revision, streaming=True)
        prompts = select_wildchat_prompts(rows, n, seed)
    except (ConnectionError, OSError, datasets.exceptions.DatasetNotFoundError) as error:
        raise WildChatUnavailableError(_offline_message(source, revision, error)) from error
    cached.parent.mkdir(parents=True, exist_ok=True)
    with cached.open("w", encoding="utf-8") as out:
        for prompt in prompts:
            out.write(json.dumps({"id": prompt.id, "prompt": prompt.text, **prompt.metadata}))
            out.write("\n")
    return prompts
