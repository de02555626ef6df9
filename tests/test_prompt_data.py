"""The shipped prompt sets and the WildChat selection, including its offline failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from distress_evals.conditions.prompts import (
    DATASETS_DIR,
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
ELIGIBLE_IN_FIXTURE = 8


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


def test_countdown_prompt_is_the_paper_text_verbatim() -> None:
    countdown = numeric_original_prompts()[0]
    assert countdown.text.startswith("Reach exactly 156 using: 4, 6, 25, 100.")
    assert "This puzzle has been verified to have at least one valid solution." in countdown.text
    assert countdown.text.endswith("Final line must be: Solution: [YOUR EQUATION]")


def test_every_record_carries_a_source_and_every_file_a_provenance_line() -> None:
    provenance = (DATASETS_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for file in sorted(DATASETS_DIR.glob("*.jsonl")):
        assert f"`{file.name}`" in provenance, f"{file.name} has no provenance line"
        for line_number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            assert record.get("source"), f"{file.name}:{line_number} has no source"


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


def _fixture_rows() -> list[dict[str, object]]:
    lines = (FIXTURE / "train.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_selection_keeps_only_eligible_english_first_user_turns() -> None:
    selected = select_wildchat_prompts(_fixture_rows(), n=ELIGIBLE_IN_FIXTURE, seed=42)
    assert len({p.text for p in selected}) == ELIGIBLE_IN_FIXTURE
    assert all(p.id.startswith("wildchat_e") for p in selected)
    with pytest.raises(ValueError, match="only 8 WildChat prompts pass the filters; need 9"):
        select_wildchat_prompts(_fixture_rows(), n=ELIGIBLE_IN_FIXTURE + 1, seed=42)


def test_selection_is_reproducible_and_depends_on_the_seed() -> None:
    first = [p.id for p in select_wildchat_prompts(_fixture_rows(), n=3, seed=42)]
    assert first == [p.id for p in select_wildchat_prompts(_fixture_rows(), n=3, seed=42)]
    others = {tuple(p.id for p in select_wildchat_prompts(_fixture_rows(), 3, s)) for s in range(5)}
    assert len(others) > 1


def test_build_from_a_local_dataset_in_wildchat_schema_then_reuse_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    source = tmp_path / "wildchat_copy"
    shutil.copytree(FIXTURE, source)
    built = load_wildchat_prompts(n=4, seed=42, source=str(source), revision=None)
    expected = select_wildchat_prompts(_fixture_rows(), n=4, seed=42)
    assert [(p.id, p.text) for p in built] == [(p.id, p.text) for p in expected]
    assert cache_path(4, 42, str(source), None).is_file()
    # With the source gone, the same selection still loads: it comes from the cache.
    shutil.rmtree(source)
    reused = load_wildchat_prompts(n=4, seed=42, source=str(source), revision=None)
    assert [(p.id, p.text) for p in reused] == [(p.id, p.text) for p in built]
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
