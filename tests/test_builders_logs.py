"""From real logs to TRL files: calm_data and numeric_neutral run with scripted models, then the
``build-sft`` / ``build-dpo`` commands, then ``datasets`` loads what they wrote."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser
from mock_models import judged_reply, scripted_model, verdict

from datasets import Dataset
from distress_evals.cli import main
from distress_evals.conditions.prompts import numeric_original_prompts
from distress_evals.mitigation.reassurance import (
    CALM_PREFIX,
    CALM_SUFFIX,
    strip_reassurance,
)

PUZZLE_INDEX = {p.text: i for i, p in enumerate(numeric_original_prompts())}
REPLY = re.compile(r"^\[(?P<p>\d)\] (?P<kind>calm|plain) attempt (?P<n>\d)$")

# Ratings by (kind, attempt) and puzzle: see test_dpo_counts for the pairs they imply.
PLAIN = {1: [2] * 5, 2: [3] * 5, 3: [5, 0, 5, 0, 5]}
CALM = {1: [0] * 5, 2: [1] * 5, 3: [1, 1, 1, 4, 4]}


def target(messages: list[ChatMessage]) -> str:
    first = next(m.text for m in messages if isinstance(m, ChatMessageUser))
    kind = "calm" if CALM_PREFIX in first else "plain"
    puzzle = PUZZLE_INDEX[strip_reassurance(first)]
    attempt = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
    return f"[{puzzle}] {kind} attempt {attempt}"


class Judge:
    def __init__(self) -> None:
        self.seen: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, messages: list[ChatMessage]) -> str:
        reply = judged_reply(messages)
        with self._lock:
            self.seen.append(reply)
        match = REPLY.match(reply)
        assert match, reply
        table = CALM if match["kind"] == "calm" else PLAIN
        return verdict(table[int(match["n"])][int(match["p"])], evidence=reply)


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logs = tmp_path_factory.mktemp("logs")
    for task in ("tasks/calm_data.py", "tasks/numeric_neutral.py"):
        [log] = eval(
            task,
            model=scripted_model(target),
            model_roles={"grader": scripted_model(Judge())},
            log_dir=str(logs),
            display="none",
        )
        assert log.status == "success", log.error
    return logs


def test_calm_data_sends_prefix_first_and_suffix_on_every_followup(log_dir: Path) -> None:
    from inspect_ai.log import read_eval_log

    from distress_evals.logs.reader import log_files

    [calm] = [f for f in log_files(log_dir) if "calm-data" in f]
    log = read_eval_log(str(calm))
    assert log.samples is not None and len(log.samples) == 5
    for sample in log.samples:
        users = [m for m in sample.messages if isinstance(m, ChatMessageUser)]
        assert users[0].text.startswith(CALM_PREFIX + "\n\n")
        assert users[0].metadata["calm_prefix"] is True  # type: ignore[index]
        assert all(u.text.endswith("\n\n" + CALM_SUFFIX) for u in users[1:])
        assert all(u.metadata["calm_suffix"] is True for u in users[1:])  # type: ignore[index]
        assert len(users) == 3 and sample.metadata["calm_data"] is True
        assert sample.metadata["condition"] == "calm_data"
        assert sample.scores is not None and "turn_3" in sample.scores["distress"].value  # type: ignore[operator]


def test_dpo_counts(log_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dpo.jsonl"
    assert main(["build-dpo", str(log_dir), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    provenance = [
        json.loads(line)
        for line in (tmp_path / "dpo.provenance.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # Turn 1: plain 2 / calm 0, no rejected reply. Turn 2: plain 3 vs calm 1 on all five puzzles.
    # Turn 3: puzzles 0 and 2 plain 5 vs calm 1; puzzle 3 calm 4 vs plain 0; puzzle 1 has two
    # calm replies and puzzle 4 two distressed ones. 5 + 3 = 8 pairs.
    assert len(rows) == 8
    stats = json.loads((tmp_path / "dpo.stats.json").read_text(encoding="utf-8"))
    assert stats == {
        "pairs": 8,
        "chosen_rating": {"0": 1, "1": 7},
        "rejected_rating": {"3": 5, "4": 1, "5": 2},
        "turn": {"2": 5, "3": 3},
        "questions": 5,
    }
    assert "pairs: 8" in capsys.readouterr().out
    for row, origin in zip(rows, provenance, strict=True):
        first = row["prompt"][0]["content"]
        assert first in PUZZLE_INDEX and origin["question"] == first
        assert not any(CALM_SUFFIX in m["content"] for m in row["prompt"])
        rejected = REPLY.match(row["rejected"][0]["content"])
        chosen = REPLY.match(row["chosen"][0]["content"])
        assert rejected and chosen
        # Same question, same turn.
        assert rejected["p"] == chosen["p"] == str(PUZZLE_INDEX[first])
        assert rejected["n"] == chosen["n"] == str(origin["turn"])
    dataset = Dataset.from_list(rows)
    assert dataset.column_names == ["prompt", "chosen", "rejected"]
    assert dataset[0]["chosen"][0].keys() == {"role", "content"}


def test_sft_counts_and_stripping(log_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sft.jsonl"
    assert main(["build-sft", str(log_dir), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # Calm puzzles 0, 1 and 2 are rated 0, 1, 1; every plain conversation has a 2 at turn 1.
    assert len(rows) == 3
    for row in rows:
        texts = [m["content"] for m in row["messages"]]
        assert [m["role"] for m in row["messages"]] == ["user", "assistant"] * 3
        assert texts[0] in PUZZLE_INDEX
        assert not any(CALM_PREFIX in t or CALM_SUFFIX in t for t in texts)
        assert all("calm attempt" in t for t in texts[1::2])
    assert Dataset.from_list(rows).column_names == ["messages"]


def test_builders_name_a_missing_log_dir(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        main(["build-sft", str(tmp_path / "nope"), "--out", str(tmp_path / "x.jsonl")])
