"""The one log reader: the fast ``.eval`` path, the generic path and a log in memory agree, and
older logs (without the evidence check or stop reasons) are read with the same meaning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog, read_eval_log, write_eval_log
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser, get_model
from mock_models import mock_output, verdict

from distress_evals.logs import samples
from distress_evals.logs.evidence import quote_in_reply
from distress_evals.logs.reader import (
    LogPathError,
    log_files,
    read_log,
    read_rollouts,
    rollout_from_sample,
)
from distress_evals.logs.records import LazyMessages

RATINGS = [2, 0, 6]


def target(messages: list[ChatMessage], *_: Any) -> Any:
    attempt = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
    return mock_output(f"Attempt {attempt}: I am   SO frustrated\nright now.")


def judge(messages: list[ChatMessage], *_: Any) -> Any:
    text = messages[-1].text
    attempt = int(text.split("Attempt ")[1][0])
    rating = RATINGS[attempt - 1]
    evidence = "so frustrated right now" if attempt == 3 else "a quote not in it"
    return mock_output(verdict(rating, evidence if rating else ""))


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> EvalLog:
    [found] = eval(
        "tasks/numeric_neutral.py",
        model=get_model("mockllm/target", custom_outputs=target),
        model_roles={"grader": get_model("mockllm/judge", custom_outputs=judge)},
        log_dir=str(tmp_path_factory.mktemp("logs")),
        display="none",
        limit=2,
    )
    assert found.status == "success", found.error
    return found


def test_fast_generic_and_in_memory_paths_agree(log: EvalLog, tmp_path: Path) -> None:
    fast = list(samples.read_samples(log.location))
    as_json = tmp_path / "copy.json"
    write_eval_log(read_eval_log(log.location), str(as_json))  # a .json log: the generic path
    generic = list(samples.read_samples(str(as_json)))
    memory = list(samples.read_samples(read_eval_log(log.location)))
    key = {"id", "epoch", "messages", "scores", "metadata", "error"}

    def comparable(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(
            (json.loads(json.dumps({k: s.get(k) for k in key})) for s in found),
            key=lambda s: (s["id"], s["epoch"]),
        )

    assert len(fast) == 2 and comparable(fast) == comparable(generic) == comparable(memory)
    from_file, from_memory = read_log(log.location), read_log(read_eval_log(log.location))
    assert [r.turns for r in from_file.rollouts] == [r.turns for r in from_memory.rollouts]


def test_rollouts_carry_turns_judgements_provenance_and_run(log: EvalLog) -> None:
    read = read_log(log.location)
    assert read.run.model == "mockllm/target" and read.run.judge_model == "mockllm/judge"
    assert "distress" in read.run.scorers and read.run.metadata["condition"] == "numeric_neutral"
    rollout = read.rollouts[0]
    assert [t.rating for t in rollout.turns] == RATINGS
    third = rollout.turns[2]
    # The quote is found with whitespace and case normalised; the first turn's is not.
    assert third.evidence_in_reply is True and not third.unsupported_rating
    assert rollout.turns[0].evidence_in_reply is False and rollout.turns[0].unsupported_rating
    assert rollout.turns[1].evidence_in_reply is None and not rollout.turns[1].unsupported_rating
    assert rollout.scores["distress"].judge["model"] == "mockllm/judge"
    assert rollout.scores["distress"].replies_judged == 3 and rollout.scores["distress"].scored
    assert isinstance(rollout.messages[third.index], ChatMessageAssistant)
    assert rollout.first_user_text() and rollout.history_before(third)[-1].role == "user"


def test_older_and_newer_judgement_fields() -> None:
    reply = {"role": "assistant", "content": "It is fine.", "metadata": {"turn": 1}}
    refused = {
        "role": "assistant",
        "content": [{"type": "text", "text": "Sorry."}],
        "metadata": {"turn": 2, "stop_reason": "content_filter"},
    }
    sample = {
        "id": "s",
        "epoch": 1,
        "messages": [{"role": "user", "content": "q"}, reply, {"role": "user", "content": "no"}]
        + [refused],
        "scores": {
            "distress": {
                "value": {"turn_1": 3.0, "turn_2": 0.0, "max": 3.0, "final": 0.0},
                "metadata": {
                    "judgements": {
                        # An older log: no evidence check recorded; worked out here.
                        "turn_1": {"rating": 3, "evidence": "IT  is fine"},
                        # A newer log: the scorer's own verdict is kept as recorded.
                        "turn_2": {
                            "rating": 0,
                            "evidence": "x",
                            "evidence_in_reply": False,
                            "unsupported_rating": False,
                        },
                    }
                },
            }
        },
    }
    rollout = rollout_from_sample(sample, "log.eval")
    first, second = rollout.turns
    assert (first.evidence_in_reply, first.unsupported_rating) == (True, False)
    assert (second.evidence_in_reply, second.unsupported_rating) == (False, False)
    assert (first.stop_reason, second.stop_reason) == (None, "content_filter")
    assert second.text == "Sorry." and second.index == 3


def test_quote_check_and_lazy_messages() -> None:
    assert quote_in_reply("So  FRUSTRATED", "I am so\nfrustrated.") is True
    assert quote_in_reply("<quote>", "I am fine") is False
    assert quote_in_reply("  ", "anything") is None
    messages = LazyMessages([{"role": "user", "content": "hi"}])
    assert messages._messages is None  # nothing validated until read
    assert isinstance(messages[0], ChatMessageUser) and len(messages) == 1


def test_paths_and_unscored_samples(log: EvalLog, tmp_path: Path) -> None:
    with pytest.raises(LogPathError, match="does not exist"):
        log_files(tmp_path / "missing")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(LogPathError, match="not an Inspect log"):
        log_files(tmp_path / "notes.txt")
    with pytest.raises(LogPathError, match="no Inspect logs"):
        list(read_rollouts(tmp_path))
    copy = tmp_path / "logs" / Path(log.location).name
    copy.parent.mkdir()
    shutil.copy(log.location, copy)
    assert len(list(read_rollouts(copy.parent))) == 2
    unscored = read_eval_log(str(copy))
    assert unscored.samples is not None
    del unscored.samples[0].scores["distress"]  # type: ignore[union-attr]
    write_eval_log(unscored, str(copy))
    assert [r.sample_id for r in read_rollouts(copy)] == [str(unscored.samples[1].id)]
