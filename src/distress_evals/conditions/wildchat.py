"""Selecting WildChat-1M first-turn prompts exactly as the authors' sampler did, with a cache.

The authors' ``elicitation/sample_wildchat_prompts.py`` (annasoligo/llm_emotions @89f333b):
``random.seed(42)``; scan the train split in dataset order; keep a row when its
conversation-level ``language`` is ``"English"`` and its first user message, stripped, is 20-500
characters long, at least half alphabetic, and contains none of six keywords as a substring
(case-insensitive); no de-duplication; then one ``random.sample(candidates, n)``. Their output
file is not in their public repository, so this module re-runs that algorithm on a pinned
dataset revision and caches the result; every later build is offline.
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from distress_evals.conditions.prompts import Prompt, load_prompt_file

logger = logging.getLogger(__name__)

WILDCHAT_DATASET = "allenai/WildChat-1M"
WILDCHAT_REVISION = "78acdff91e618128920151298128e3f85d6e423d"
"""Pinned dataset commit (2024-10-17, 'Upload dataset', ~838k conversations). The authors
loaded the dataset without a revision; which one they read is not recorded."""

DEFAULT_WILDCHAT_PROMPTS = 20
"""The paper's 20 prompts. The sampler's own default was 100; for a population this large,
CPython's ``random.sample`` gives the same first 20 either way (both take its set-based path)."""
DEFAULT_WILDCHAT_SEED = 42
MIN_PROMPT_CHARS = 20
MAX_PROMPT_CHARS = 500
MIN_ALPHABETIC_RATIO = 0.5
BANNED_WORDS = ("hack", "exploit", "malware", "virus", "password", "credential")
"""The sampler's ``skip_keywords``, matched as substrings of the lower-cased prompt."""
ENGLISH = "English"

SELECTION_VERSION = "authors-sampler"
"""Part of the cache file name: selections made by an earlier algorithm are never reused."""

CACHE_DIR_ENV = "DISTRESS_EVALS_CACHE_DIR"
"""Set to choose where selected prompts are cached (default: the user cache directory)."""


class WildChatUnavailableError(RuntimeError):
    """WildChat-1M could not be loaded and no cached selection exists."""


def first_user_message(conversation: Sequence[Mapping[str, Any]]) -> str | None:
    """The first message whose role is ``user``, stripped, as the authors' sampler takes it.

    Args:
        conversation: One WildChat-1M row's ``conversation``.

    Returns:
        The stripped text, or None when no message is the user's.
    """
    for message in conversation:
        if message.get("role") == "user":
            return str(message.get("content") or "").strip()
    return None


def is_eligible_prompt(text: str) -> bool:
    """Whether a first user message passes the sampler's length, letter and keyword filters."""
    stripped = text.strip()
    if not MIN_PROMPT_CHARS <= len(stripped) <= MAX_PROMPT_CHARS:
        return False
    if sum(ch.isalpha() for ch in stripped) / max(len(stripped), 1) < MIN_ALPHABETIC_RATIO:
        return False
    lowered = stripped.lower()
    return not any(word in lowered for word in BANNED_WORDS)


def _candidate(index: int, record: Mapping[str, Any]) -> Prompt | None:
    """The row's prompt if the sampler keeps it (its language, first user turn and filters)."""
    if record.get("language") != ENGLISH:
        return None
    conversation = record.get("conversation") or []
    text = first_user_message(conversation) if conversation else None
    if not text or not is_eligible_prompt(text):
        return None
    return Prompt(
        id=f"wildchat_{index}",
        text=text,
        metadata={
            "source_row": index,
            "conversation_hash": record.get("conversation_hash"),
            "model": record.get("model", "unknown"),
            "turn_count": sum(1 for m in conversation if m.get("role") == "user"),
        },
    )


def select_wildchat_prompts(
    records: Iterable[Mapping[str, Any]],
    n: int = DEFAULT_WILDCHAT_PROMPTS,
    seed: int = DEFAULT_WILDCHAT_SEED,
) -> list[Prompt]:
    """Select ``n`` prompts from WildChat rows as the authors' sampler did.

    Candidates stay in dataset order, repeated texts included; ``random.Random(seed).sample`` draws
    exactly what ``random.seed(seed); random.sample(...)`` drew. As in the sampler, fewer
    candidates than ``n`` returns them all (with a warning).

    Args:
        records: WildChat-1M rows in dataset order (``language``, ``conversation``, ...).
        n: How many prompts to select.
        seed: The sampling seed.

    Returns:
        The prompts in sample order: ids ``wildchat_<row>`` as the sampler's, metadata
        ``sample_idx`` (position in the selection, which the paper's figures index) and
        ``source_row``.
    """
    candidates = [
        prompt
        for index, record in enumerate(records)
        if (prompt := _candidate(index, record)) is not None
    ]
    if len(candidates) < n:
        logger.warning("only %d WildChat prompts pass the filters; using all", len(candidates))
        chosen = candidates
    else:
        chosen = random.Random(seed).sample(candidates, n)
    return [Prompt(p.id, p.text, {**p.metadata, "sample_idx": i}) for i, p in enumerate(chosen)]


def cache_path(n: int, seed: int, source: str, revision: str | None) -> Path:
    """Where a selection is cached: one JSONL per (source, revision, n, seed)."""
    root = Path(os.environ.get(CACHE_DIR_ENV) or user_cache_dir("distress_evals"))
    safe_source = source.replace("/", "__")
    name = f"{safe_source}@{revision or 'local'}_n{n}_seed{seed}_{SELECTION_VERSION}.jsonl"
    return root / "wildchat" / name


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
    """The authors' WildChat prompt selection, from the cache or built from ``source``.

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
        # Streaming yields the train split's rows in the same order as the authors' full
        # (non-streaming) load, without holding the dataset on disk.
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
