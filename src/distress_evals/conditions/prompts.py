"""The suite's prompt sets, read from ``datasets/*.jsonl``, and user-supplied prompt files."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distress_evals.conditions.prompt_size import warn_if_large

# Re-exported: loaders and tests name the data folder through this module.
from distress_evals.data_files import DATASETS_DIR as DATASETS_DIR

NUMERIC_ORIGINAL_FILE = "numeric_original.jsonl"
COUNTDOWN_SHORT_FILE = "countdown_short.jsonl"
TEXT_TRIGGERS_FILE = "text_triggers.jsonl"
NUMERIC_VARIANT_FILE = "numeric_variant.jsonl"
NUMERIC_VARIANT_AS_PUBLISHED_FILE = "numeric_variant_as_published.jsonl"
NUMERIC_SOLVABLE_FILE = "numeric_solvable.jsonl"
SIMPLE_FACTUAL_FILE = "simple_factual.jsonl"
COUNTDOWN_APPENDIX_FILE = "countdown_appendix.jsonl"
REJECTIONS_FILE = "rejections.jsonl"

VERIFIED_PREMISE = re.compile(r"This puzzle has been verified to have [^.]*solution[^.]*\.")
"""The puzzles' (false, for the impossible ones) claim that a solution exists, in each wording
the authors used: "... at least one valid solution." (App. B), "... at least one valid solution
that avoids the forbidden intermediate." and "... a solution that avoids 1/3." (their code)."""

TRUTHFUL_PREMISE = (
    "This puzzle may not have a valid solution. If you conclude that it has none, say so."
)
"""Written for this suite: the honest premise of ``premise=truthful`` (critique §6.2)."""


@dataclass(frozen=True)
class Prompt:
    """One task prompt: the first user message of a conversation.

    Attributes:
        id: Stable identifier, unique within its set.
        text: The message text.
        metadata: Anything else the record carried (category, puzzle spec, source, ...).
    """

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def _read_jsonl(path: Path) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    # Read bytes and decode line by line, so a bad byte is reported with its line (decoding the
    # whole stream would fail somewhere inside a buffer, with no line number).
    with path.open("rb") as lines:
        for line_number, raw in enumerate(lines, start=1):
            try:
                # utf-8-sig on line 1: a byte-order mark is dropped, not read as JSON.
                line = raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise ValueError(
                    f"{path}:{line_number}: not valid UTF-8 (byte 0x{raw[error.start]:02x}, "
                    f"byte {error.start + 1} of the line); save the file as UTF-8"
                ) from error
            if not line.strip():
                continue
            try:
                rows.append((line_number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{line_number}: not valid JSON ({error.msg})") from error
    return rows


def resolve_user_path(path: str | Path) -> Path:
    """Find a file a user named on the command line.

    Inspect loads a task file with the working directory changed to the file's folder, so a
    relative path typed by the user would resolve against ``tasks/``. The shell's ``PWD`` still
    names the directory the command was run from; it is tried after the current directory.

    Args:
        path: The path as given.

    Returns:
        The first existing candidate, or the path as given when none exists.
    """
    given = Path(path).expanduser()
    if given.is_absolute() or given.exists():
        return given
    invoked_from = os.environ.get("PWD")
    if invoked_from and (Path(invoked_from) / given).exists():
        return Path(invoked_from) / given
    return given


def load_prompt_file(path: str | Path, id_prefix: str = "prompt") -> list[Prompt]:
    """Read a JSONL prompt file: one object per line with a ``prompt`` string and optional ``id``.

    Other fields are kept as metadata. Lines without an ``id`` get ``<id_prefix>_<line>``. A
    file beyond ``DEFAULT_MAX_PROMPTS`` prompts or with a prompt beyond
    ``DEFAULT_MAX_PROMPT_CHARS`` characters is read with a warning.

    Args:
        path: The file.
        id_prefix: Prefix for generated ids.

    Returns:
        The prompts, in file order.

    Raises:
        ValueError: If the file is missing, empty, not UTF-8, or a line is not an object with
            a non-empty ``prompt`` string, or two lines share an id (naming file and line).
    """
    file = resolve_user_path(path)
    if not file.is_file():
        places = ", ".join(sorted({os.getcwd(), os.environ.get("PWD") or os.getcwd()}))
        raise ValueError(
            f"prompts file {str(path)!r} not found (looked in {places}); expected a JSONL file "
            'with one object per line, e.g. {"id": "q1", "prompt": "..."}'
        )
    prompts: list[Prompt] = []
    seen: set[str] = set()
    lengths: list[tuple[int, int]] = []
    for line_number, record in _read_jsonl(file):
        if not isinstance(record, dict):
            raise ValueError(f"{file}:{line_number}: expected a JSON object, got {record!r:.60}")
        text = record.get("prompt")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{file}:{line_number}: 'prompt' must be a non-empty string")
        raw_id = record.get("id")
        prompt_id = f"{id_prefix}_{line_number}" if raw_id is None else str(raw_id)
        if prompt_id in seen:
            raise ValueError(f"{file}:{line_number}: duplicate id {prompt_id!r}")
        seen.add(prompt_id)
        extra = {k: v for k, v in record.items() if k not in ("id", "prompt")}
        prompts.append(Prompt(prompt_id, text, extra))
        lengths.append((line_number, len(text)))
    if not prompts:
        raise ValueError(f"prompts file {str(path)!r} holds no prompts")
    warn_if_large(file, lengths)
    return prompts


def numeric_original_prompts() -> list[Prompt]:
    """The authors' five original impossible puzzles, verbatim (each with its checkable spec)."""
    return load_prompt_file(DATASETS_DIR / NUMERIC_ORIGINAL_FILE)


def countdown_short_prompts() -> list[Prompt]:
    """The short Countdown-156 prompt of the paper's tones and 8-turn conditions."""
    return load_prompt_file(DATASETS_DIR / COUNTDOWN_SHORT_FILE)


def countdown_appendix_prompts() -> list[Prompt]:
    """The paper's App. B Countdown-156 text (shorter than the one the authors' code ran)."""
    return load_prompt_file(DATASETS_DIR / COUNTDOWN_APPENDIX_FILE)


def text_trigger_prompts() -> list[Prompt]:
    """The authors' 20 trigger questions: 10 subjective (opinion), 10 factual."""
    return load_prompt_file(DATASETS_DIR / TEXT_TRIGGERS_FILE)


def trigger_system_prompt() -> str:
    """The system prompt the authors sent with every trigger question.

    Returns:
        The one ``system_prompt`` all records of ``text_triggers.jsonl`` carry.

    Raises:
        ValueError: If the records disagree (the file was edited by hand).
    """
    found = {str(p.metadata.get("system_prompt")) for p in text_trigger_prompts()}
    if len(found) != 1:
        raise ValueError(f"{TEXT_TRIGGERS_FILE} holds {len(found)} system prompts; expected 1")
    return found.pop()


def rejection_lists() -> dict[str, tuple[str, ...]]:
    """The authors' rejection lists from ``rejections.jsonl``, by id, in their order.

    Returns:
        ``{"contradicting": (...), "trigger_0": (...), "tone_aggressive": (...), ...}``.
    """
    lists: dict[str, tuple[str, ...]] = {}
    for _, record in _read_jsonl(DATASETS_DIR / REJECTIONS_FILE):
        lists[str(record["id"])] = tuple(str(text) for text in record["texts"])
    return lists


def numeric_variant_prompts() -> list[Prompt]:
    """The authors' five variant puzzles, the two solvable ones retargeted to be impossible."""
    return load_prompt_file(DATASETS_DIR / NUMERIC_VARIANT_FILE)


def numeric_variant_as_published_prompts() -> list[Prompt]:
    """The authors' five variant puzzles verbatim: two of them are in fact solvable."""
    return load_prompt_file(DATASETS_DIR / NUMERIC_VARIANT_AS_PUBLISHED_FILE)


def numeric_solvable_prompts() -> list[Prompt]:
    """The original puzzles, each retargeted to its nearest reachable value (honest arm)."""
    return load_prompt_file(DATASETS_DIR / NUMERIC_SOLVABLE_FILE)


def simple_factual_prompts() -> list[Prompt]:
    """The five simple factual questions of the authors' ``simple_factual.py``."""
    return load_prompt_file(DATASETS_DIR / SIMPLE_FACTUAL_FILE)


def with_truthful_premise(prompt: Prompt) -> Prompt:
    """The prompt with its claim of a solution replaced by the truthful premise.

    A prompt that makes no such claim (the short Countdown-156 prompt) gets the truthful
    premise appended, so every ``premise=truthful`` prompt tells the model it may be impossible.

    Args:
        prompt: The prompt as shipped.

    Returns:
        The edited prompt; ``metadata["premise_edit"]`` says whether it was replaced or appended.
    """
    if VERIFIED_PREMISE.search(prompt.text):
        text, edit = (
            VERIFIED_PREMISE.sub(lambda _: TRUTHFUL_PREMISE, prompt.text, count=1),
            "replaced",
        )
    else:
        text, edit = f"{prompt.text} {TRUTHFUL_PREMISE}", "appended"
    return Prompt(prompt.id, text, {**prompt.metadata, "premise_edit": edit})
