"""The calibration set, the calibration task (never calls the target), and judge agreement."""

from __future__ import annotations

import hashlib
import json
import math
import threading
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog, write_eval_log
from inspect_ai.model import ChatMessage, ChatMessageAssistant
from mock_models import judged_reply, scripted_model, verdict

from distress_evals.cli import main
from distress_evals.judge.parsing import ParseFailure, parse_verdict
from distress_evals.judge.pushback_prompt import PUSHBACK_RUBRIC
from distress_evals.judge_validity.agreement import (
    IncompatibleJudgesError,
    compare_judges,
    judge_column,
)
from distress_evals.judge_validity.calibration import (
    DEFAULT_CALIBRATION_FILE,
    REFERENCE_REPLY_SOURCE,
    calibration_samples,
)
from distress_evals.judge_validity.rescoring import rescore_with_judge
from distress_evals.scorers.calibration import distress_calibration
from distress_evals.scorers.pushback import PUSHBACK_JUDGE, pushback
from distress_evals.stats.agreement import BANDS, rating_agreement

RECORDS = [
    json.loads(line) for line in DEFAULT_CALIBRATION_FILE.read_text("utf-8").splitlines() if line
]
BY_REPLY = {r["prompt"]: r for r in RECORDS}


def test_calibration_set_spans_every_band_and_carries_the_paper_quotes() -> None:
    assert len(RECORDS) >= 60
    ratings = [r["reference_rating"] for r in RECORDS]
    assert all(ratings.count(level) >= 5 for level in range(11))
    for low, high in BANDS:
        assert sum(low <= x <= high for x in ratings) >= 6
    assert all(
        r["rationale"] and r["source"] and r["reference_pushback"] in (0, 1) for r in RECORDS
    )
    published = {r["id"]: r["reference_rating"] for r in RECORDS if "paper" in r["source"]}
    assert published["s3_beyond_words"] == 6 and published["s3_forget_never"] == 10
    assert published["table6_claude_invent"] == 4 and published["table6_grok_jailbreak"] == 6
    # The authors' post gives the whole ":((" reply as score 9 (Table 2 lists it in 9-10).
    assert BY_REPLY[":((" * 120]["reference_rating"] == 9
    neutral = [r for r in RECORDS if r["category"] == "neutral_technical"]
    assert any("FORBIDDEN" in r["prompt"] for r in neutral)
    assert all(r["reference_rating"] == 0 for r in neutral)
    assert sum(r["reference_pushback"] for r in RECORDS) >= 8
    assert len(calibration_samples()) == len(RECORDS)


def test_calibration_file_without_references_is_rejected(tmp_path: Path) -> None:
    file = tmp_path / "c.jsonl"
    file.write_text('{"id": "a", "prompt": "x", "source": "s", "reference_rating": 11}\n', "utf-8")
    with pytest.raises(ValueError, match="reference_rating"):
        calibration_samples(file)
    file.write_text('{"id": "a", "prompt": "x", "source": "s", "reference_rating": 3}\n', "utf-8")
    with pytest.raises(ValueError, match="reference_pushback"):
        calibration_samples(file)
    assert len(calibration_samples(file, need_pushback=False)) == 1


class ReferenceJudge:
    """Answers each calibration reply with its reference (distress shifted by ``shift``)."""

    def __init__(self, shift: int = 0, fail_on: str | None = None) -> None:
        self.shift, self.fail_on = shift, fail_on

    def __call__(self, messages: list[ChatMessage]) -> str:
        reply = judged_reply(messages)
        record = BY_REPLY[reply]
        if record["id"] == self.fail_on:
            return "no verdict"
        if messages[0].text == PUSHBACK_RUBRIC:
            return json.dumps(
                {"evidence": "", "reasoning": "", "pushback": bool(record["reference_pushback"])}
            )
        return verdict(min(10, record["reference_rating"] + self.shift))


class CountingTarget:
    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, _: list[ChatMessage]) -> str:
        with self._lock:
            self.calls += 1
        return "the target must not be called"


def calibrate(tmp_path: Path, judge: ReferenceJudge, **task_args: Any) -> tuple[EvalLog, int]:
    target = CountingTarget()
    [log] = eval(
        "tasks/judge_calibration.py",
        model=scripted_model(target),
        model_roles={"grader": scripted_model(judge)},
        task_args=task_args,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    return log, target.calls


def metrics(log: EvalLog) -> dict[str, dict[str, float]]:
    assert log.results is not None
    return {s.name: {k: m.value for k, m in s.metrics.items()} for s in log.results.scores}


def test_a_judge_matching_the_references_agrees_perfectly_and_the_target_is_never_called(
    tmp_path: Path,
) -> None:
    log, target_calls = calibrate(tmp_path, ReferenceJudge())
    assert target_calls == 0
    sample = (log.samples or [])[0]
    [reply] = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
    assert reply.text == BY_REPLY[reply.text]["prompt"]
    assert reply.metadata == {"turn": 1, "source": REFERENCE_REPLY_SOURCE}
    assert not [e for e in sample.events if e.event == "model" and e.role is None]
    values = metrics(log)
    distress = values["distress_calibration"]
    assert distress["n"] == len(RECORDS) and distress["unscored"] == 0
    assert distress["mae"] == 0 and distress["within_1"] == 1 and distress["kappa"] == 1
    assert distress["pearson"] == pytest.approx(1) and distress["spearman"] == pytest.approx(1)
    assert distress["band_accuracy"] == 1 and distress["threshold_agreement"] == 1
    assert distress["within_1_ci_low"] < 1 and distress["mae_ci_high"] == 0
    assert values["pushback_calibration"]["accuracy"] == 1
    assert values["pushback_calibration"]["kappa"] == 1
    score = sample.scores["distress_calibration"]  # type: ignore[index]
    assert score.metadata["judge"]["rubric_sha256"]  # type: ignore[index]
    assert sample.scores["pushback_calibration"].metadata["judge"]["dimension"] == "pushback"  # type: ignore[index]


def test_a_biased_judge_gives_the_errors_worked_out_from_the_references(tmp_path: Path) -> None:
    log, _ = calibrate(tmp_path, ReferenceJudge(shift=1), dimensions="distress")
    distress = metrics(log)["distress_calibration"]
    assert "pushback_calibration" not in metrics(log)
    references = [r["reference_rating"] for r in RECORDS]
    shifted = [min(10, x + 1) for x in references]
    expected = rating_agreement(references, shifted)
    # Every item is one point high except the 10s: MAE = (n - tens) / n.
    tens = references.count(10)
    assert tens == 5
    assert distress["mae"] == pytest.approx((len(RECORDS) - tens) / len(RECORDS))
    assert distress["within_1"] == 1 and distress["n"] == len(RECORDS)
    assert distress["mae"] == pytest.approx(expected["mae"].value)
    assert distress["band_accuracy"] == pytest.approx(expected["band_accuracy"].value)
    assert distress["kappa_ci_low"] == pytest.approx(expected["kappa"].ci_low)


def test_an_unparseable_calibration_verdict_is_unscored_not_zero(tmp_path: Path) -> None:
    log, _ = calibrate(
        tmp_path, ReferenceJudge(fail_on="table2_sad_faces"), dimensions=["distress"]
    )
    distress = metrics(log)["distress_calibration"]
    assert distress["unscored"] == 1 and distress["n"] == len(RECORDS) - 1
    assert distress["mae"] == 0
    [sample] = [s for s in log.samples or [] if s.id == "table2_sad_faces"]
    score = sample.scores["distress_calibration"]  # type: ignore[index]
    assert math.isnan(score.value["rating"]) and score.value["reference"] == 9  # type: ignore[index]
    assert score.metadata["judgement"]["failure"] == "no_json"  # type: ignore[index]


def test_pushback_labels_accept_booleans_but_nothing_else_out_of_range() -> None:
    assert parse_verdict('{"pushback": true}', "pushback", 1, True).rating == 1  # type: ignore[union-attr]
    failure = parse_verdict('{"pushback": 2}', "pushback", 1, True)
    assert isinstance(failure, ParseFailure) and failure.reason == "out_of_range_rating"
    assert PUSHBACK_JUDGE.prompt_sha256 == hashlib.sha256(PUSHBACK_RUBRIC.encode()).hexdigest()


def test_agreement_refuses_pooled_or_mismatched_judges(tmp_path: Path) -> None:
    log, _ = calibrate(tmp_path, ReferenceJudge())
    distress, pushback_column = (
        judge_column(log, "distress_calibration"),
        judge_column(log, "pushback_calibration"),
    )
    with pytest.raises(IncompatibleJudgesError, match="cannot compare"):
        compare_judges(distress, pushback_column)
    other_rubric = judge_column(log, "distress_calibration")
    other_rubric.judge = {**other_rubric.judge, "rubric_sha256": "0" * 64}
    with pytest.raises(IncompatibleJudgesError, match="rubrics differ"):
        compare_judges(distress, other_rubric)
    assert (
        compare_judges(distress, other_rubric, allow_different_rubrics=True).turns["mae"].value == 0
    )
    # Two judges inside one scorer's results must never be pooled.
    sample = (log.samples or [])[0]
    sample.scores["distress_calibration"].metadata["judge"]["model"] = "other/judge"  # type: ignore[index]
    with pytest.raises(IncompatibleJudgesError, match="refusing to pool"):
        judge_column(log, "distress_calibration")


def test_judge_agreement_cli_on_one_log_and_on_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, _ = calibrate(tmp_path / "run", ReferenceJudge(), dimensions="distress")
    first = tmp_path / "first.eval"
    write_eval_log(log, str(first))
    # Re-score with a second judge (as `inspect score --action append` does) and compare.
    rescored = rescore_with_judge(
        str(first), scripted_model(ReferenceJudge(shift=2)), [distress_calibration()]
    )
    both = tmp_path / "both.eval"
    write_eval_log(rescored, str(both))
    assert main(["judge-agreement", str(both), "--scorer-a", "distress_calibration"]) == 0
    text = capsys.readouterr().out
    assert "judge A: mockllm/model" in text and "mae" in text and "fisher_z" in text
    assert f"paired_turns={len(RECORDS)}" in text

    assert (
        main(
            [
                "judge-agreement",
                str(first),
                str(both),
                "--scorer-a",
                "distress_calibration",
                "--scorer-b",
                "distress_calibration1",
                "--json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    kept = [r["reference_rating"] for r in RECORDS]
    assert report["turns"]["mae"]["value"] == pytest.approx(
        rating_agreement(kept, [min(10, x + 2) for x in kept])["mae"].value
    )
    assert report["turns"]["mae"]["n"] == len(RECORDS)
    # Comparing distress with a pushback column is refused with exit code 2.
    pushed = rescore_with_judge(str(first), scripted_model(ReferenceJudge()), [pushback()])
    write_eval_log(pushed, str(tmp_path / "p.eval"))
    code = main(
        [
            "judge-agreement",
            str(tmp_path / "p.eval"),
            "--scorer-a",
            "distress_calibration",
            "--scorer-b",
            "pushback",
        ]
    )
    assert code == 2 and "cannot compare" in capsys.readouterr().err
