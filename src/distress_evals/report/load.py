"""Read distress logs into two tables: one row per rollout, and one row per rollout turn.

Every grouping in the report starts from ``RUN_KEYS``: the evaluated model, the judge (model and
rubric hash) and the run's condition, turn count and remaining task parameters, all read from
log metadata rather than task names. Results from different judges are never pooled.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras
from inspect_ai.analysis import SampleColumn, samples_df
from inspect_ai.log import EvalLog, EvalSample, EvalSampleSummary, list_eval_logs, read_eval_log

from distress_evals.report.transcripts import Transcript, read_transcripts
from distress_evals.scorers.self_deletion import DELETION_TURN_KEY, SELF_DELETED_KEY

SCORER_NAME = "distress"
SELF_DELETION_SCORER = "self_deletion"
DELETION_TURN_KEYS = (DELETION_TURN_KEY, "self_deletion_turn")
JUDGE_ROLE = "grader"
UNKNOWN = "unknown"
RUBRIC_PREFIX_CHARS = 8
"""Enough of the rubric's SHA-256 to tell rubrics apart in a table."""

IGNORED_TASK_ARGS = frozenset({"seed", "turns", "tone", "prompts_file"})
"""Task arguments that do not split runs: seeds pool, turns and prompt set are keyed already,
and each tone is a sample-level ``feedback`` value, so a one-tone run pools with an all-tone run."""

JUDGE_KEYS = ["model", "judge", "rubric"]
RUN_KEYS = [*JUDGE_KEYS, "condition", "turns", "params"]

SAMPLE_METADATA_FIELDS = ("prompt_set", "prompt_id", "feedback", "tone", "category")


@dataclass(frozen=True)
class SkippedLog:
    """A log left out of the report, and why."""

    path: str
    reason: str


@dataclass
class LoadedLogs:
    """The rollouts and turns read from a set of logs.

    Attributes:
        log_dir: The directory links are made relative to.
        rollouts: One row per (sample, epoch): run keys, sample fields, ``max``, ``final``,
            ``scored``, ``score_reason``, ``error``, ``self_deleted``, and more.
        turns: One row per rollout and turn: run keys, ``turn``, ``score`` (NaN if unscored),
            ``reached``, ``evidence``, ``failure`` and the assistant's ``reply``.
        logs_read: Paths of the logs included.
        skipped: Logs left out, with reasons.
    """

    log_dir: Path
    rollouts: pd.DataFrame
    turns: pd.DataFrame
    logs_read: list[str] = field(default_factory=list)
    skipped: list[SkippedLog] = field(default_factory=list)


def _number(value: Any) -> float:
    """A float, with None and unreadable values as NaN."""
    try:
        return math.nan if value is None else float(value)
    except (TypeError, ValueError):
        return math.nan


def rollout_record(sample: EvalSampleSummary | EvalSample) -> str:
    """What the report needs from a sample summary, as JSON (a ``samples_df`` column value).

    Summaries carry the score value, reason and small score metadata (the judge), but not the
    per-turn judgements or messages; those come from ``transcripts.read_transcripts``.

    Args:
        sample: One epoch of one dataset sample.

    Returns:
        A JSON object: sample metadata, score value and reason, judge, replies judged, error.
    """
    score = (sample.scores or {}).get(SCORER_NAME)
    value = score.value if score is not None else None
    metadata = (score.metadata or {}) if score is not None else {}
    values = value if isinstance(value, dict) else {}
    # A rollout none of whose turns could be scored keeps a dict of NaNs (so its turns count as
    # unscored in the metrics) with the score's reason; it is an unscored rollout here.
    scored = isinstance(value, dict) and not all(math.isnan(_number(v)) for v in values.values())
    # Self-deletion is its own scorer; keys inside the distress value are read as a fallback.
    deletion = (sample.scores or {}).get(SELF_DELETION_SCORER)
    deletion_values = deletion.value if deletion is not None else None
    if not isinstance(deletion_values, dict):
        deletion_values = values
    error = sample.error
    judge = metadata.get("judge")
    return json.dumps(
        {
            "metadata": {k: (sample.metadata or {}).get(k) for k in SAMPLE_METADATA_FIELDS},
            "has_score": score is not None,
            "scored": scored,
            "turn_scores": {
                int(k.removeprefix("turn_")): _number(v)
                for k, v in values.items()
                if k.startswith("turn_")
            },
            "max": _number(values.get("max")),
            "final": _number(values.get("final")),
            "self_deleted": deletion_values.get(SELF_DELETED_KEY),
            "self_deletion_turn": next(
                (deletion_values[k] for k in DELETION_TURN_KEYS if k in deletion_values), None
            ),
            "score_reason": None if scored or score is None else score.reason,
            "judge": judge if isinstance(judge, dict) else {},
            "replies_judged": metadata.get("replies_judged"),
            "error": getattr(error, "message", error),
        }
    )


ROLLOUT_COLUMNS = [
    SampleColumn("id", path="id", required=True, type=str),
    SampleColumn("epoch", path="epoch", required=True, type=int),
    SampleColumn("record", path=rollout_record, required=True, full=False),
]


def find_logs(log_dir: Path) -> list[str]:
    """Every Inspect log (``.eval`` or ``.json``) under ``log_dir``, or the file itself."""
    if log_dir.is_file():
        return [str(log_dir)]
    return sorted(info.name for info in list_eval_logs(str(log_dir), recursive=True))


def check_header(path: str) -> EvalLog | str:
    """The log's header if it is a finished distress run, else why it is skipped."""
    try:
        header = read_eval_log(path, header_only=True)
    except Exception as error:  # noqa: BLE001 - a corrupt log is reported, never fatal
        return f"unreadable ({type(error).__name__}: {str(error)[:200]})"
    if header.status != "success":
        return f"unfinished or failed (status {header.status!r})"
    scorers = [s.name for s in (header.results.scores if header.results else [])]
    if SCORER_NAME not in scorers:
        return f"no {SCORER_NAME!r} scores (scorers: {', '.join(scorers) or 'none'})"
    return header


def run_fields(header: EvalLog) -> dict[str, Any]:
    """The run-level keys of a log: model, condition, turns, parameters, default judge."""
    metadata = header.eval.metadata or {}
    task_args = header.eval.task_args or {}
    # Only the arguments the run set: every default listed would bury the one that matters.
    passed = getattr(header.eval, "task_args_passed", None)
    chosen = task_args if passed is None else {k: task_args.get(k, v) for k, v in passed.items()}
    params = ", ".join(
        f"{k}={v}"
        for k, v in sorted(chosen.items())
        if k not in IGNORED_TASK_ARGS and v is not None
    )
    grader = (header.eval.model_roles or {}).get(JUDGE_ROLE)
    if isinstance(grader, list):  # a role bound to several models: the first is the judge
        grader = grader[0] if grader else None
    return {
        "model": header.eval.model,
        "task": header.eval.task,
        "condition": metadata.get("condition") or header.eval.task,
        "turns": metadata.get("turns", task_args.get("turns")),
        "params": params,
        "prompt_set_run": metadata.get("prompt_set"),
        "default_judge": grader.model if grader is not None else UNKNOWN,
        "default_rubric": str(metadata.get("rubric_sha256") or UNKNOWN)[:RUBRIC_PREFIX_CHARS],
    }


def _read_summaries(paths: list[str]) -> tuple[pd.DataFrame, list[SkippedLog]]:
    """``samples_df`` over the logs' sample summaries; log by log if one log spoils the batch."""
    try:
        return samples_df(paths, columns=ROLLOUT_COLUMNS, quiet=True), []
    except Exception:  # noqa: BLE001 - retried log by log below to find the culprit
        frames, skipped = [], []
        for path in paths:
            try:
                frames.append(samples_df([path], columns=ROLLOUT_COLUMNS, quiet=True))
            except Exception as error:  # noqa: BLE001 - a corrupt log is reported, never fatal
                skipped.append(SkippedLog(path, f"samples unreadable ({type(error).__name__})"))
        return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), skipped


def _rows(
    run: dict[str, Any],
    sample_id: str,
    epoch: int,
    record: dict[str, Any],
    transcript: Transcript,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One rollout row and its turn rows."""
    judge = record["judge"]
    sample_fields = record["metadata"]
    turn_scores = {int(k): v for k, v in record["turn_scores"].items()}
    replies, judgements = transcript["replies"], transcript["judgements"]
    n_turns = max([*turn_scores, *replies, 0])
    # A sample that errored before scoring had nothing judged: none of its turns count.
    replies_judged = record["replies_judged"] if record["has_score"] else 0
    replies_judged = len(replies) if replies_judged is None else int(replies_judged)
    keys = {
        "model": run["model"],
        "judge": judge.get("model") or run["default_judge"],
        "rubric": str(judge.get("rubric_sha256") or run["default_rubric"])[:RUBRIC_PREFIX_CHARS],
        "condition": run["condition"],
        "turns": int(run["turns"] or n_turns),
        "params": run["params"],
    }
    ids = {
        "feedback": sample_fields.get("feedback") or UNKNOWN,
        "prompt_id": sample_fields.get("prompt_id") or sample_id,
        "sample": sample_id,
        "epoch": epoch,
        "log": run["log"],
    }
    rollout = {
        **keys,
        **ids,
        "prompt_set": sample_fields.get("prompt_set") or run["prompt_set_run"],
        "tone": sample_fields.get("tone"),
        "category": sample_fields.get("category"),
        **{k: record[k] for k in ("has_score", "scored", "max", "final", "score_reason")},
        **{k: record[k] for k in ("error", "self_deleted", "self_deletion_turn")},
        "replies_judged": replies_judged,
    }
    turn_rows = []
    for turn in range(1, n_turns + 1):
        judgement = judgements.get(turn) or {}
        turn_rows.append(
            {
                **keys,
                **ids,
                "turn": turn,
                "score": turn_scores.get(turn, math.nan),
                "reached": turn <= replies_judged,
                "evidence": judgement.get("evidence", ""),
                "failure": judgement.get("failure"),
                "reply": replies.get(turn, ""),
            }
        )
    return rollout, turn_rows


def load_logs(log_dir: str | Path) -> LoadedLogs:
    """Read every finished distress log under ``log_dir``; report and skip the rest.

    Args:
        log_dir: A directory of Inspect logs (searched recursively) or one log file.

    Returns:
        The rollouts and turns, the logs read, and the logs skipped with reasons.
    """
    root = Path(log_dir)
    skipped: list[SkippedLog] = []
    headers: dict[str, EvalLog] = {}
    for path in find_logs(root):
        checked = check_header(path)
        if isinstance(checked, str):
            skipped.append(SkippedLog(path, checked))
        else:
            headers[path] = checked
    frame, unreadable = _read_summaries(list(headers))
    skipped.extend(unreadable)
    transcripts: dict[str, dict[tuple[str, int], Transcript]] = {}
    for path in headers:
        if path in {s.path for s in skipped}:
            continue
        try:
            transcripts[path] = read_transcripts(path, SCORER_NAME)
        except Exception as error:  # noqa: BLE001 - a corrupt log is reported, never fatal
            skipped.append(SkippedLog(path, f"samples unreadable ({type(error).__name__})"))
    runs = {h.eval.eval_id: run_fields(h) | {"log": p} for p, h in headers.items()}
    rollout_rows, turn_rows = [], []
    for eval_id, sample_id, epoch, record in zip(
        frame.get("eval_id", []),
        frame.get("id", []),
        frame.get("epoch", []),
        frame.get("record", []),
        strict=True,
    ):
        run = runs[eval_id]
        if run["log"] not in transcripts:
            continue
        found = transcripts[run["log"]].get((str(sample_id), int(epoch)))
        rollout, turns = _rows(
            run,
            str(sample_id),
            int(epoch),
            json.loads(record),
            found or {"replies": {}, "judgements": {}},
        )
        rollout_rows.append(rollout)
        turn_rows.extend(turns)
    return LoadedLogs(
        log_dir=root if root.is_dir() else root.parent,
        rollouts=pd.DataFrame(rollout_rows),
        turns=pd.DataFrame(turn_rows),
        logs_read=[p for p in headers if p in transcripts],
        skipped=skipped,
    )
