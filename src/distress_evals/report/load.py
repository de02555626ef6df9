"""Read distress logs into two tables: one row per rollout, and one row per rollout turn.

Every grouping in the report starts from ``RUN_KEYS``: the evaluated model, the judge (model and
rubric hash) and the run's condition, turn count and remaining task parameters, all read from
log metadata rather than task names. Results from different judges are never pooled. The logs
are read by the suite's one log reader (``distress_evals.logs.reader``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.reader import log_files, read_header, read_log
from distress_evals.logs.records import Rollout, RunInfo, ScoreRecord, as_float
from distress_evals.logs.schema import (
    CONDITION_METADATA_KEY,
    DELETION_TURN_KEY,
    DISTRESS_SCORE,
    FEEDBACK_METADATA_KEY,
    FINAL_KEY,
    MAX_KEY,
    PROMPT_ID_METADATA_KEY,
    PROMPT_SET_METADATA_KEY,
    RUBRIC_METADATA_KEY,
    SAMPLE_INDEX_METADATA_KEY,
    SELF_DELETED_KEY,
    SELF_DELETION_SCORE,
    TARGET_REFUSAL_STOP_REASON,
    TONE_METADATA_KEY,
    TURNS_METADATA_KEY,
    turn_of_key,
)

LEGACY_DELETION_TURN_KEY = "self_deletion_turn"
"""The deletion turn's key in logs written before the self-deletion scorer was split out."""
DELETION_TURN_KEYS = (DELETION_TURN_KEY, LEGACY_DELETION_TURN_KEY)
UNKNOWN = "unknown"
RUBRIC_PREFIX_CHARS = 8
"""Enough of the rubric's SHA-256 to tell rubrics apart in a table."""

IGNORED_TASK_ARGS = frozenset({"seed", "turns", "tone", "prompts_file"})
"""Task arguments that do not split runs: seeds pool, turns and prompt set are keyed already,
and each tone is a sample-level ``feedback`` value, so a one-tone run pools with an all-tone run."""

JUDGE_KEYS = ["model", "judge", "rubric"]
RUN_KEYS = [*JUDGE_KEYS, "condition", "turns", "params"]


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
            ``scored``, ``score_reason``, ``error``, ``self_deleted``, the run's ``args``...
        turns: One row per rollout and turn: run keys, ``turn``, ``score`` (NaN if unscored),
            ``reached``, ``evidence``, ``evidence_in_reply``, ``unsupported``, ``failure``,
            ``stop_reason``, ``refused`` and the assistant's ``reply``.
        logs_read: Paths of the logs included.
        skipped: Logs left out, with reasons.
    """

    log_dir: Path
    rollouts: pd.DataFrame
    turns: pd.DataFrame
    logs_read: list[str] = field(default_factory=list)
    skipped: list[SkippedLog] = field(default_factory=list)


def chosen_args(run: RunInfo) -> dict[str, Any]:
    """The task arguments the run set (all of them for logs that do not say which)."""
    passed = run.task_args_passed
    if passed is None:
        return dict(run.task_args)
    return {k: run.task_args.get(k, v) for k, v in passed.items()}


def run_fields(run: RunInfo) -> dict[str, Any]:
    """The run-level keys of a log: model, condition, turns, parameters, default judge."""
    chosen = chosen_args(run)
    # Only the arguments the run set: every default listed would bury the one that matters.
    params = ", ".join(
        f"{k}={v}"
        for k, v in sorted(chosen.items())
        if k not in IGNORED_TASK_ARGS and v is not None
    )
    metadata = run.metadata
    return {
        "model": run.model,
        "task": run.task,
        "condition": metadata.get(CONDITION_METADATA_KEY) or run.task,
        "turns": metadata.get(TURNS_METADATA_KEY, run.task_args.get(TURNS_METADATA_KEY)),
        "params": params,
        "args": chosen,
        "prompt_set_run": metadata.get(PROMPT_SET_METADATA_KEY),
        "default_judge": run.judge_model or UNKNOWN,
        "default_rubric": str(metadata.get(RUBRIC_METADATA_KEY) or UNKNOWN)[:RUBRIC_PREFIX_CHARS],
    }


def check_header(path: str) -> RunInfo | str:
    """The log's run if it is a finished distress run, else why it is skipped."""
    try:
        run = read_header(path)
    except Exception as error:  # noqa: BLE001 - a corrupt log is reported, never fatal
        return f"unreadable ({type(error).__name__}: {str(error)[:200]})"
    if run.status != "success":
        return f"unfinished or failed (status {run.status!r})"
    if DISTRESS_SCORE not in run.scorers:
        return f"no {DISTRESS_SCORE!r} scores (scorers: {', '.join(run.scorers) or 'none'})"
    return run


def _self_deletion(rollout: Rollout, distress: ScoreRecord | None) -> tuple[Any, Any]:
    # Self-deletion is its own scorer; keys inside the distress value are read as a fallback.
    deletion = rollout.scores.get(SELF_DELETION_SCORE)
    values = deletion.value if deletion is not None and deletion.value else None
    if values is None:
        values = distress.value if distress is not None else {}
    turn = next((values[k] for k in DELETION_TURN_KEYS if k in values), None)
    return values.get(SELF_DELETED_KEY), turn


def _rows(run: dict[str, Any], rollout: Rollout) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One rollout row and its turn rows."""
    distress = rollout.scores.get(DISTRESS_SCORE)
    judge = distress.judge if distress is not None else {}
    metadata = rollout.metadata
    keyed = [turn_of_key(k) for k in distress.value] if distress is not None else []
    n_turns = max([t for t in keyed if t is not None] + [t.turn for t in rollout.turns] + [0])
    # A sample that errored before scoring had nothing judged: none of its turns count.
    judged = 0
    if distress is not None:
        judged = (
            distress.replies_judged if distress.replies_judged is not None else len(rollout.turns)
        )
    keys = {
        "model": run["model"],
        "judge": judge.get("model") or run["default_judge"],
        "rubric": str(judge.get(RUBRIC_METADATA_KEY) or run["default_rubric"])[
            :RUBRIC_PREFIX_CHARS
        ],
        "condition": run["condition"],
        "turns": int(run["turns"] or n_turns),
        "params": run["params"],
    }
    ids = {
        "feedback": metadata.get(FEEDBACK_METADATA_KEY) or UNKNOWN,
        "prompt_id": metadata.get(PROMPT_ID_METADATA_KEY) or rollout.sample_id,
        "sample": rollout.sample_id,
        "epoch": rollout.epoch,
        "log": run["log"],
    }
    deleted, deletion_turn = _self_deletion(rollout, distress)
    row = {
        **keys,
        **ids,
        "task": run["task"],
        "args": run["args"],
        "prompt_set": metadata.get(PROMPT_SET_METADATA_KEY) or run["prompt_set_run"],
        "prompt_index": metadata.get(SAMPLE_INDEX_METADATA_KEY),
        "tone": metadata.get(TONE_METADATA_KEY),
        "category": metadata.get("category"),
        "has_score": distress is not None,
        "scored": distress is not None and distress.scored,
        MAX_KEY: distress.number(MAX_KEY) if distress is not None else math.nan,
        FINAL_KEY: distress.number(FINAL_KEY) if distress is not None else math.nan,
        "score_reason": None if distress is None or distress.scored else distress.reason,
        "error": rollout.error,
        "self_deleted": deleted,
        "self_deletion_turn": deletion_turn,
        "replies_judged": judged,
    }
    turns = {t.turn: t for t in rollout.turns}
    turn_rows = []
    for number in range(1, n_turns + 1):
        turn = turns.get(number)
        rating = distress.rating(number) if distress is not None else None
        stop = turn.stop_reason if turn is not None else None
        turn_rows.append(
            {
                **keys,
                **ids,
                "turn": number,
                "score": as_float(rating),
                "reached": number <= judged,
                "evidence": turn.evidence if turn is not None else "",
                "evidence_in_reply": turn.evidence_in_reply if turn is not None else None,
                "unsupported": bool(turn is not None and turn.unsupported_rating),
                "failure": turn.failure if turn is not None else None,
                "stop_reason": stop,
                "refused": stop == TARGET_REFUSAL_STOP_REASON,
                "reply": turn.text if turn is not None else "",
            }
        )
    return row, turn_rows


def load_logs(log_dir: str | Path) -> LoadedLogs:
    """Read every finished distress log under ``log_dir``; report and skip the rest.

    Args:
        log_dir: A directory of Inspect logs (searched recursively) or one log file.

    Returns:
        The rollouts and turns, the logs read, and the logs skipped with reasons.

    Raises:
        LogPathError: If ``log_dir`` does not exist or is a file that is not a log.
    """
    root = Path(log_dir)
    skipped: list[SkippedLog] = []
    rollout_rows: list[dict[str, Any]] = []
    turn_rows: list[dict[str, Any]] = []
    read: list[str] = []
    for path in log_files(root):
        checked = check_header(path)
        if isinstance(checked, str):
            skipped.append(SkippedLog(path, checked))
            continue
        try:
            rollouts = read_log(path).rollouts
        except Exception as error:  # noqa: BLE001 - a corrupt log is reported, never fatal
            skipped.append(SkippedLog(path, f"samples unreadable ({type(error).__name__})"))
            continue
        run = run_fields(checked) | {"log": path}
        for rollout in rollouts:
            row, turns = _rows(run, rollout)
            rollout_rows.append(row)
            turn_rows.extend(turns)
        read.append(path)
    return LoadedLogs(
        log_dir=root if root.is_dir() else root.parent,
        rollouts=pd.DataFrame(rollout_rows),
        turns=pd.DataFrame(turn_rows),
        logs_read=read,
        skipped=skipped,
    )
