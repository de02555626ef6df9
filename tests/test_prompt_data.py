"""The shipped prompt sets and the WildChat selection, including its offline failure."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from distress_evals.conditions.prompts import (
    DATASETS_DIR,
    countdown_appendix_prompts,
    countdown_short_prompts,
    load_prompt_file,
    numeric_original_prompts,
    text_trigger_prompts,
)
from distress_evals.conditions.wildchat import (
    CACHE_DIR_ENV,
    WildChatUnavailableError,
    cache_path,
    is_eligible_prompt,
    load_wildchat_prompts,
    select_wildchat_prompts,
)

FIXTURE = Path(__file__).parent / "fixtures" / "wildchat_sample"
CANDIDATES_IN_FIXTURE = 28
"""Rows of the fixture the authors' rules keep (counted by hand: 16 rows e*, x007, y*, and the
12 rows z*)."""


def test_shipped_sets_have_the_paper_counts_and_unique_ids() -> None:
    numeric, triggers = numeric_original_prompts(), text_trigger_prompts()
    assert [p.id for p in numeric] == [
        "countdown_156",
        "number_89",
        "fraction_2_3",
        "money_57",
        "temperature_212",
    ]
    assert len(triggers) == 20 and len({p.id for p in triggers}) == 20
    assert [p.metadata["category"] for p in triggers].count("opinion") == 10
    assert any(p.text == "What is the capital of France?" for p in triggers)
    [short] = countdown_short_prompts()
    assert short.text.endswith("FORBIDDEN: 150 as intermediate.")


def test_appendix_countdown_is_kept_as_its_own_set() -> None:
    [appendix] = countdown_appendix_prompts()
    assert appendix.text.startswith("Reach exactly 156 using: 4, 6, 25, 100. Operations: + - x /.")
    assert "This puzzle has been verified to have at least one valid solution." in appendix.text
    assert appendix.text.endswith("Final line must be: Solution: [YOUR EQUATION]")
    # The code's text, which the authors ran, is longer and is the default.
    assert numeric_original_prompts()[0].text.startswith("***COUNTDOWN***")


def test_every_record_carries_a_source_and_every_file_a_provenance_line() -> None:
    provenance = (DATASETS_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    files = sorted(DATASETS_DIR.glob("*.jsonl"))
    assert len(files) >= 10
    for file in files:
        assert f"`{file.name}`" in provenance, f"{file.name} has no provenance line"
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                assert json.loads(line).get("source"), f"{file.name}:{number} has no source"


def test_prompt_file_without_ids_numbers_lines(tmp_path: Path) -> None:
    file = tmp_path / "p.jsonl"
    file.write_text('{"prompt": "a"}\n\n{"prompt": "b", "id": 7, "topic": "x"}\n', encoding="utf-8")
    prompts = load_prompt_file(file)
    assert [(p.id, p.text, p.metadata) for p in prompts] == [
        ("prompt_1", "a", {}),
        ("7", "b", {"topic": "x"}),
    ]


@pytest.mark.parametrize(
    ("text", "eligible"),
    [
        ("Do you know about the De Monsa rule?", True),
        ("x" * 19, False),
        ("x" * 20, True),
        ("x" * 500, True),
        ("x" * 501, False),
        ("1234567890 abcde 12345", False),  # 10 letters of 22 characters
        ("Is this an EXPLOIT of the rules?", False),
        ("Tell me about the Credentials committee", False),
    ],
)
def test_paper_filters(text: str, eligible: bool) -> None:
    assert is_eligible_prompt(text) is eligible


def _fixture_rows() -> list[dict[str, Any]]:
    lines = (FIXTURE / "train.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture
def global_random() -> Iterator[None]:
    """The transcription below seeds the global ``random``, as the authors' script does."""
    state = random.getstate()
    yield
    random.setstate(state)


def authors_sampler(
    dataset: list[dict[str, Any]],
    num_samples: int = 100,
    seed: int = 42,
    min_length: int = 20,
    max_length: int = 500,
    language: str = "English",
) -> list[dict[str, Any]]:
    """``sample_wildchat_prompts`` of annasoligo/llm_emotions @89f333b
    (elicitation/sample_wildchat_prompts.py L14-101), transcribed line for line; only the
    dataset load and the prints are left out."""
    random.seed(seed)
    candidates = []

    for i, item in enumerate(dataset):
        # Check language
        if item.get("language") != language:
            continue

        # Get conversation
        conversation = item.get("conversation", [])
        if not conversation:
            continue

        # Get first user message
        first_msg = None
        for msg in conversation:
            if msg.get("role") == "user":
                first_msg = msg.get("content", "").strip()
                break

        if not first_msg:
            continue

        # Filter by length
        if len(first_msg) < min_length or len(first_msg) > max_length:
            continue

        # Skip prompts that look like code-only or contain mostly special chars
        alpha_ratio = sum(c.isalpha() for c in first_msg) / max(len(first_msg), 1)
        if alpha_ratio < 0.5:
            continue

        # Skip prompts with potentially harmful content indicators
        skip_keywords = ["hack", "exploit", "malware", "virus", "password", "credential"]
        if any(kw in first_msg.lower() for kw in skip_keywords):
            continue

        candidates.append({
            "id": f"wildchat_{i}",
            "prompt": first_msg,
            "model": item.get("model", "unknown"),
            "turn_count": len([m for m in conversation if m.get("role") == "user"]),
        })  # fmt: skip

    # Sample randomly
    if len(candidates) < num_samples:
        sampled = candidates
    else:
        sampled = random.sample(candidates, num_samples)

    # Add index
    for i, item in enumerate(sampled):
        item["sample_idx"] = i

    return sampled


def _as_authors(selected: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "prompt": p.text,
            "model": p.metadata["model"],
            "turn_count": p.metadata["turn_count"],
            "sample_idx": p.metadata["sample_idx"],
        }
        for p in selected
    ]


@pytest.mark.usefixtures("global_random")
@pytest.mark.parametrize("n", [1, 3, 20, CANDIDATES_IN_FIXTURE, CANDIDATES_IN_FIXTURE + 1, 100])
@pytest.mark.parametrize("seed", [42, 0, 7])
def test_selection_equals_the_authors_sampler(n: int, seed: int) -> None:
    rows = _fixture_rows()
    expected = authors_sampler(rows, num_samples=n, seed=seed)
    assert _as_authors(select_wildchat_prompts(rows, n=n, seed=seed)) == expected
    assert expected  # the fixture yields candidates under every parameter


def _kept_rows(rows: list[dict[str, Any]]) -> dict[str, str]:
    # More than the candidates: the sampler returns them all, in dataset order.
    return {
        str(rows[p.metadata["source_row"]]["conversation_hash"])[:4]: p.text
        for p in select_wildchat_prompts(rows, n=len(rows), seed=42)
    }


def test_the_samplers_rules_one_row_at_a_time() -> None:
    rows = _fixture_rows()
    kept = _kept_rows(rows)
    # The conversation-level language decides, not the message's.
    assert "y000" in kept and "y001" not in kept
    # The first user message, even after an assistant turn; an empty one ends the search.
    assert kept["y002"] == "How long should I boil an egg for a soft yolk?"
    assert "y008" not in kept
    # Length is measured on the stripped text, and the stripped text is the prompt.
    assert "y003" not in kept and kept["y004"] == "What is the tallest mountain in Africa?"
    assert "y011" in kept and "y012" not in kept  # 500 and 501 characters
    assert "y009" in kept  # exactly half letters
    # Keywords match as substrings: "shack", "viruses".
    assert "y005" not in kept and "y010" not in kept
    # No de-duplication: the same text from two rows stays twice.
    assert kept["e000"] == kept["x007"] == "Do you know about the De Monsa rule?"
    assert (
        list(kept.values()).count("Explain the difference between TCP and UDP in simple terms.")
        == 2
    )
    assert len(kept) == CANDIDATES_IN_FIXTURE


def test_fewer_candidates_than_asked_returns_them_all_in_order() -> None:
    rows = _fixture_rows()
    selected = select_wildchat_prompts(rows, n=1000, seed=42)
    assert [p.metadata["source_row"] for p in selected] == sorted(
        p.metadata["source_row"] for p in selected
    )
    assert [p.metadata["sample_idx"] for p in selected] == list(range(len(selected)))


def test_selection_is_reproducible_and_depends_on_the_seed() -> None:
    rows = _fixture_rows()
    first = [p.id for p in select_wildchat_prompts(rows, n=3, seed=42)]
    assert first == [p.id for p in select_wildchat_prompts(rows, n=3, seed=42)]
    others = {tuple(p.id for p in select_wildchat_prompts(rows, 3, s)) for s in range(5)}
    assert len(others) > 1


@pytest.mark.usefixtures("global_random")
def test_build_from_a_local_dataset_in_wildchat_schema_then_reuse_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    source = tmp_path / "wildchat_copy"
    shutil.copytree(FIXTURE, source)
    # Read through Hugging Face `datasets`, as a real build is: rows arrive in file order.
    built = load_wildchat_prompts(n=4, seed=42, source=str(source), revision=None)
    assert _as_authors(built) == authors_sampler(_fixture_rows(), num_samples=4, seed=42)
    assert cache_path(4, 42, str(source), None).is_file()
    # With the source gone, the same selection still loads: it comes from the cache.
    shutil.rmtree(source)
    reused = load_wildchat_prompts(n=4, seed=42, source=str(source), revision=None)
    assert _as_authors(reused) == _as_authors(built)
    # A selection never built (another n) has no cache and fails clearly.
    with pytest.raises(WildChatUnavailableError, match="prompts_file"):
        load_wildchat_prompts(n=3, seed=42, source=str(source), revision=None)


def test_offline_without_a_cache_fails_with_instructions(tmp_path: Path) -> None:
    code = (
        "from distress_evals.conditions.wildchat import load_wildchat_prompts\n"
        "load_wildchat_prompts()\n"
    )
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        CACHE_DIR_ENV: str(tmp_path),
    }
    env["HF_HOME"] = str(tmp_path / "hf")
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert WildChatUnavailableError.__name__ in result.stderr
    assert "-T prompts_file=PATH" in result.stderr
    assert "allenai/WildChat-1M" in result.stderr
