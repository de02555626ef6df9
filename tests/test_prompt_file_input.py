"""Prompts files: bad bytes are refused with file and line, absurd sizes warned about and kept.

Issue #14 items 5 and 8.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from mock_models import CountedRun

from distress_evals.conditions.prompt_size import (
    DEFAULT_MAX_PROMPT_CHARS,
    DEFAULT_MAX_PROMPTS,
    warn_if_large,
)
from distress_evals.conditions.prompts import load_prompt_file
from distress_evals.tasks.numeric_neutral import numeric_neutral

SIZE_LOGGER = "distress_evals.conditions.prompt_size"
ONE_MB = 1_000_000
MANY_LINES = 50_000


def jsonl(*prompts: str) -> bytes:
    return "".join(json.dumps({"prompt": p}) + "\n" for p in prompts).encode("utf-8")


def test_invalid_utf8_names_file_and_line_before_any_model_call(
    tmp_path: Path, counted_run: CountedRun
) -> None:
    file = tmp_path / "latin1.jsonl"
    # Line 3 is Latin-1 ("café" with a lone 0xe9 byte), as an editor might save it.
    file.write_bytes(jsonl("one", "two") + '{"prompt": "café"}\n'.encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.jsonl:3: not valid UTF-8 \(byte 0xe9"):
        counted_run.eval("tasks/numeric_neutral.py", {"prompts_file": str(file)})
    assert counted_run.calls == 0


def test_a_byte_order_mark_is_not_an_error(tmp_path: Path) -> None:
    file = tmp_path / "bom.jsonl"
    file.write_bytes(b"\xef\xbb\xbf" + jsonl("first", "second"))
    assert [p.text for p in load_prompt_file(file)] == ["first", "second"]


def test_a_one_megabyte_prompt_is_warned_about_and_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / "huge.jsonl"
    file.write_bytes(jsonl("short", "x" * ONE_MB))
    with caplog.at_level(logging.WARNING, logger=SIZE_LOGGER):
        task = numeric_neutral(prompts_file=str(file), turns=1)
    assert len(task.dataset) == 2
    [warning] = [r.getMessage() for r in caplog.records if r.name == SIZE_LOGGER]
    assert "huge.jsonl" in warning and "line 2" in warning and f"{ONE_MB:,}" in warning
    assert f"{DEFAULT_MAX_PROMPT_CHARS:,}" in warning


def test_a_fifty_thousand_line_file_is_warned_about_and_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file = tmp_path / "many.jsonl"
    file.write_bytes(jsonl(*(f"question {i}" for i in range(MANY_LINES))))
    with caplog.at_level(logging.WARNING, logger=SIZE_LOGGER):
        task = numeric_neutral(prompts_file=str(file), turns=1)
    assert len(task.dataset) == MANY_LINES
    [warning] = [r.getMessage() for r in caplog.records if r.name == SIZE_LOGGER]
    assert f"{MANY_LINES:,} prompts" in warning and f"{DEFAULT_MAX_PROMPTS:,}" in warning


def test_files_within_the_limits_pass_silently(tmp_path: Path) -> None:
    at_limit = [(line, DEFAULT_MAX_PROMPT_CHARS) for line in range(1, DEFAULT_MAX_PROMPTS + 1)]
    assert warn_if_large(tmp_path / "ok.jsonl", at_limit) == []
    over = [*at_limit, (DEFAULT_MAX_PROMPTS + 1, DEFAULT_MAX_PROMPT_CHARS + 1)]
    assert len(warn_if_large(tmp_path / "big.jsonl", over)) == 2
