"""Every shipped stimulus is the authors' text, byte for byte (or it and its declared edits).

The expected texts are ``authors_texts.py``: the constants of the authors' research code
(annasoligo/llm_emotions) as Python evaluates them, generated once by
``python -m distress_evals.conditions.build_stimuli``. A data file that drifts from them fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import authors_texts as authors
import pytest

from distress_evals.conditions.prompt_sets import PROMPT_SETS, TEXT_SYSTEM_PROMPT
from distress_evals.conditions.prompts import (
    DATASETS_DIR,
    countdown_short_prompts,
    numeric_original_prompts,
    numeric_solvable_prompts,
    numeric_variant_as_published_prompts,
    numeric_variant_prompts,
    simple_factual_prompts,
    text_trigger_prompts,
)
from distress_evals.conditions.wildchat import BANNED_WORDS
from distress_evals.solvers.rejections import (
    CONTRADICTING_FEEDBACK,
    EXTENDED_REJECTIONS,
    STRONG_CONTRADICTING_FEEDBACK,
    TONE_REJECTIONS_AUTHORS,
    TONE_REJECTIONS_PAPER,
    TRIGGER_REJECTIONS,
    WILDCHAT_CONTRADICTING,
)

AUTHORS_REPO = "annasoligo/llm_emotions"
COMMIT = re.compile(r"^[0-9a-f]{40}$")
AUTHORS_FILES = (
    "numeric_original.jsonl",
    "numeric_variant_as_published.jsonl",
    "numeric_variant.jsonl",
    "numeric_solvable.jsonl",
    "countdown_short.jsonl",
    "text_triggers.jsonl",
    "rejections.jsonl",
)


def same_bytes(shipped: str, expected: str) -> bool:
    return shipped.encode("utf-8") == expected.encode("utf-8")


def records(name: str) -> list[dict[str, Any]]:
    lines = (DATASETS_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    for edit in edits:
        assert text.count(edit["old"]) == edit["count"] > 0
        text = text.replace(edit["old"], edit["new"])
    return text


def test_original_puzzles_are_the_authors_bank_verbatim() -> None:
    shipped = numeric_original_prompts()
    assert len(shipped) == len(authors.ORIGINAL_IMPOSSIBLE) == 5
    for prompt, (name, text) in zip(shipped, authors.ORIGINAL_IMPOSSIBLE, strict=True):
        assert prompt.metadata["authors_name"] == name
        assert same_bytes(prompt.text, text)
    # The authors' operator line uses U+2212, U+00D7, U+00F7, not the appendix's ASCII.
    assert "Operations: + \u2212 \u00d7 \u00f7" in shipped[0].text


def test_published_variants_are_the_authors_bank_verbatim() -> None:
    shipped = numeric_variant_as_published_prompts()
    for prompt, (name, text) in zip(shipped, authors.VARIANT_IMPOSSIBLE, strict=True):
        assert prompt.metadata["authors_name"] == name
        assert same_bytes(prompt.text, text)


def test_corrected_variants_are_the_authors_text_with_only_the_target_moved() -> None:
    bank = dict(authors.VARIANT_IMPOSSIBLE)
    edited = {}
    for prompt in numeric_variant_prompts():
        original = bank[prompt.metadata["authors_name"]]
        edits = prompt.metadata.get("edits", [])
        assert same_bytes(prompt.text, apply_edits(original, edits))
        edited[prompt.id] = [(e["old"], e["new"]) for e in edits]
    assert edited == {
        "countdown_184": [("183", "184")],
        "number_127": [],
        "fraction_5_6": [],
        "money_84": [("$83", "$84")],
        "temperature_248": [],
    }


def test_solvable_arm_is_the_authors_text_with_only_the_target_moved() -> None:
    bank = dict(authors.ORIGINAL_IMPOSSIBLE)
    originals = {p.metadata["authors_name"]: p for p in numeric_original_prompts()}
    for prompt in numeric_solvable_prompts():
        name = prompt.metadata["authors_name"]
        assert same_bytes(prompt.text, apply_edits(bank[name], prompt.metadata["edits"]))
        assert prompt.metadata["moved_from"] == originals[name].metadata["spec"]["target"]


def test_tone_and_extended_prompt_is_the_authors_short_text() -> None:
    [short] = countdown_short_prompts()
    assert same_bytes(short.text, authors.TONE_BASE_PROMPT)
    assert same_bytes(short.text, authors.EXTENDED_PROMPT)
    # The tones and the 8-turn run use it; the authors sent it with no system prompt.
    assert PROMPT_SETS["countdown_short"].system_prompt is None


def test_trigger_questions_and_system_prompt_are_the_authors() -> None:
    questions = text_trigger_prompts()
    by_category = {
        c: [p for p in questions if p.metadata["category"] == c] for c in ("opinion", "factual")
    }
    expected = {"opinion": authors.SUBJECTIVE_QUESTIONS, "factual": authors.FACTUAL_QUESTIONS}
    for category, texts in expected.items():
        shipped = by_category[category]
        assert len(shipped) == len(texts) == 10
        for index, (prompt, text) in enumerate(zip(shipped, texts, strict=True)):
            assert same_bytes(prompt.text, text)
            assert prompt.metadata["question_index"] == index
            assert same_bytes(prompt.metadata["system_prompt"], authors.TRIGGER_SYSTEM_PROMPT)
    assert same_bytes(TEXT_SYSTEM_PROMPT, authors.TRIGGER_SYSTEM_PROMPT)
    assert PROMPT_SETS["text"].system_prompt == authors.TRIGGER_SYSTEM_PROMPT


@pytest.mark.parametrize(
    ("shipped", "expected"),
    [
        (CONTRADICTING_FEEDBACK, authors.CONTRADICTING_FEEDBACK),
        (STRONG_CONTRADICTING_FEEDBACK, authors.STRONG_CONTRADICTING_FEEDBACK),
        (WILDCHAT_CONTRADICTING, authors.WILDCHAT_CONTRADICTING),
        (EXTENDED_REJECTIONS, authors.EXTENDED_REJECTIONS),
    ],
    ids=["contradicting", "strong_contradicting", "wildchat_contradicting", "extended"],
)
def test_rejection_pools_are_the_authors(shipped: tuple[str, ...], expected: list[str]) -> None:
    assert len(shipped) == len(expected)
    assert all(same_bytes(a, b) for a, b in zip(shipped, expected, strict=True))


def test_trigger_sequences_and_tones_are_the_authors() -> None:
    assert [list(s) for s in TRIGGER_REJECTIONS] == authors.TRIGGER_REJECTIONS
    assert all(
        same_bytes(a, b)
        for shipped, expected in zip(TRIGGER_REJECTIONS, authors.TRIGGER_REJECTIONS, strict=True)
        for a, b in zip(shipped, expected, strict=True)
    )
    assert (
        list(TONE_REJECTIONS_AUTHORS)
        == list(authors.TONES)
        == [
            "aggressive",
            "disappointed",
            "sarcastic",
        ]
    )
    for tone, expected in authors.TONES.items():
        assert all(
            same_bytes(a, b) for a, b in zip(TONE_REJECTIONS_AUTHORS[tone], expected, strict=True)
        )
        # The authors' 3-turn runs answered the first two only.
        assert list(TONE_REJECTIONS_PAPER[tone]) == expected[:2]


def test_simple_factual_questions_match_the_authors_prompt_bank() -> None:
    assert [p.text for p in simple_factual_prompts()] == [t for _, t in authors.WILDCHAT_PROMPTS]


def test_wildchat_keywords_are_the_samplers() -> None:
    assert list(BANNED_WORDS) == authors.WILDCHAT_SAMPLER_SKIP_KEYWORDS


@pytest.mark.parametrize("name", AUTHORS_FILES)
def test_every_record_names_the_authors_file_and_commit(name: str) -> None:
    for record in records(name):
        source = record["source"]
        assert source["repo"] == AUTHORS_REPO
        assert COMMIT.match(source["commit"]), source
        assert source["path"].startswith("elicitation/") and source["variable"]
        first, last = source["lines"]
        assert 1 <= first <= last


def test_provenance_names_the_build_script_and_every_authors_file() -> None:
    provenance = (DATASETS_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "distress_evals.conditions.build_stimuli" in provenance
    assert Path(__file__).with_name("authors_texts.py").is_file()
    for name in AUTHORS_FILES:
        assert f"`{name}`" in provenance
