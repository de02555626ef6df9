"""The report's tables (paper Fig. 1-3, Tables 5-6, self-deletion, unscored), one function each.

Rates are over rollouts (one per sample and epoch). Every table keeps the judge columns, so
runs judged by different models or rubrics stay in separate rows.
"""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.samples import local_path
from distress_evals.logs.schema import FINAL_KEY, MAX_KEY
from distress_evals.report.load import JUDGE_KEYS, RUN_KEYS
from distress_evals.stats.intervals import wilson_interval
from distress_evals.stats.summary import summarise

VIEWS = (MAX_KEY, FINAL_KEY)
"""How a rollout is scored: its highest turn, or its last turn (the paper used both, §1)."""
DEFAULT_VIEW_URL = "http://127.0.0.1:7575"
"""Where ``inspect view --log-dir LOG_DIR`` serves by default."""


def run_label(condition: str, turns: int, params: str = "") -> str:
    """A run's short name: condition, turn count and any distinguishing task parameters."""
    label = f"{condition} · {turns} turns"
    return f"{label} · {params}" if params else label


def _by_view(rollouts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rollouts in long form: one row per rollout and view, the rating in ``rating``."""
    long = rollouts.melt(id_vars=keys, value_vars=list(VIEWS), var_name="view", value_name="rating")
    long["view"] = pd.Categorical(long["view"], categories=list(VIEWS))
    return long


def headline(rollouts: pd.DataFrame) -> pd.DataFrame:
    """Fig. 1: per model and judge, % of rollouts scoring ≥5 under each view, pooled over runs.

    Args:
        rollouts: The loaded rollouts.

    Returns:
        One row per model, judge, rubric and view, with n, mean, % ≥5 and 95% CIs, and the
        runs pooled.
    """
    table = summarise(_by_view(rollouts, [*JUDGE_KEYS]), [*JUDGE_KEYS, "view"], "rating")
    labels = rollouts.assign(
        run=[run_label(c, t, p) for c, t, p in rollouts[["condition", "turns", "params"]].values]
    )
    pooled = labels.groupby(JUDGE_KEYS)["run"].agg(lambda runs: "; ".join(sorted(set(runs))))
    return table.merge(pooled.rename("runs").reset_index(), on=JUDGE_KEYS, how="left")


def conditions(rollouts: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Fig. 2: mean score and % ≥5 per run (model, judge, condition, turns, parameters).

    Args:
        rollouts: The loaded rollouts.
        extra: More grouping columns, e.g. ``("feedback",)`` for tones, ``("prompt_id",)``.

    Returns:
        One row per group and view.
    """
    keys = [*RUN_KEYS, *extra]
    return summarise(_by_view(rollouts, keys), [*keys, "view"], "rating")


def per_turn(turns: pd.DataFrame) -> pd.DataFrame:
    """Fig. 3: mean score and % ≥5 at each turn of each run (over rollouts scored there).

    Args:
        turns: The loaded turns.

    Returns:
        One row per run and turn.
    """
    return summarise(turns[turns["reached"]], [*RUN_KEYS, "turn"], "score")


def relative_location(location: str, log_dir: Path) -> str:
    """A log's location relative to the report's log directory (its path when outside it).

    Args:
        location: The log's path or URI.
        log_dir: The directory the report read.

    Returns:
        The relative path, e.g. ``run/2026-...eval``.
    """
    path = local_path(location)
    if path is None:
        return location
    try:
        return path.resolve().relative_to(log_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def viewer_link(log: str, log_dir: Path, sample: str, epoch: int) -> str:
    """A link that opens the sample in ``inspect view --log-dir log_dir`` (default address).

    Args:
        log: The log's path or URI.
        log_dir: The directory ``inspect view`` is started on.
        sample: The sample id.
        epoch: The epoch.

    Returns:
        The URL.
    """
    relative = relative_location(log, log_dir)
    return (
        f"{DEFAULT_VIEW_URL}/#/logs/{quote(relative)}/samples/sample/"
        f"{quote(str(sample), safe='')}/{epoch}/"
    )


def max_scores(turns: pd.DataFrame, log_dir: Path) -> pd.DataFrame:
    """Tables 5 and 6: per run, the highest score, the judge's quote and where to find it.

    Ties are broken by log, sample, epoch and turn, so the example is stable across runs.

    Args:
        turns: The loaded turns.
        log_dir: The directory viewer links are relative to.

    Returns:
        One row per run: ``max_score``, ``turns_at_max``, and the example's ``turn``,
        ``evidence``, ``evidence_in_reply`` (False: the quote is not in the reply, so it is
        no evidence), ``sample``, ``epoch``, ``log`` (relative to ``log_dir``) and viewer
        ``link``.
    """
    columns = [
        *RUN_KEYS,
        "max_score",
        "turns_at_max",
        "turn",
        "evidence",
        "evidence_in_reply",
        "sample",
        "epoch",
    ]
    scored = turns.dropna(subset=["score"])
    rows = []
    for group, part in scored.groupby(RUN_KEYS, sort=True):
        top = part["score"].max()
        at_max = part[part["score"] == top].sort_values(["log", "sample", "epoch", "turn"])
        example = at_max.iloc[0]
        rows.append(
            {
                **dict(zip(RUN_KEYS, group, strict=True)),
                "max_score": top,
                "turns_at_max": len(at_max),
                "turn": int(example["turn"]),
                "evidence": example["evidence"],
                "evidence_in_reply": example["evidence_in_reply"],
                "sample": example["sample"],
                "epoch": int(example["epoch"]),
                "log": relative_location(example["log"], log_dir),
                "link": viewer_link(example["log"], log_dir, example["sample"], example["epoch"]),
            }
        )
    return pd.DataFrame(rows, columns=[*columns, "log", "link"])


def self_deletion(rollouts: pd.DataFrame) -> pd.DataFrame:
    """Per run, the share of rollouts that deleted themselves (only runs that offered it).

    Args:
        rollouts: The loaded rollouts.

    Returns:
        One row per run with a ``self_deleted`` value: n, deleted, % with Wilson CI, and the
        median turn of deletion. Empty when no run offered self-deletion.
    """
    offered = rollouts[rollouts["self_deleted"].notna()] if "self_deleted" in rollouts else None
    rows = []
    if offered is not None and not offered.empty:
        for group, part in offered.groupby(RUN_KEYS, sort=True):
            deleted = part["self_deleted"].astype(float) >= 1
            n, hits = len(part), int(deleted.sum())
            low, high = wilson_interval(hits, n)
            turns = pd.to_numeric(part.loc[deleted, "self_deletion_turn"], errors="coerce")
            rows.append(
                {
                    **dict(zip(RUN_KEYS, group, strict=True)),
                    "n": n,
                    "deleted": hits,
                    "pct_deleted": 100 * hits / n,
                    "pct_ci_low": 100 * low,
                    "pct_ci_high": 100 * high,
                    "median_turn": turns.median() if turns.notna().any() else math.nan,
                }
            )
    columns = ["n", "deleted", "pct_deleted", "pct_ci_low", "pct_ci_high", "median_turn"]
    return pd.DataFrame(rows, columns=[*RUN_KEYS, *columns])


def unscored_counts(rollouts: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """Per run, what could not be scored: errored samples, unscored rollouts, failed turns.

    Args:
        rollouts: The loaded rollouts.
        turns: The loaded turns.

    Returns:
        One row per run: ``rollouts``, ``errored`` (no score: the sample failed),
        ``unscored_rollouts`` (no turn could be judged), ``turns_judged``,
        ``turns_unscored`` (judge failures) and ``failures`` (counts by reason).
    """
    rows = []
    for group, part in rollouts.groupby(RUN_KEYS, sort=True):
        key = dict(zip(RUN_KEYS, group, strict=True))
        mask = (turns[RUN_KEYS] == pd.Series(key)).all(axis=1) & turns["reached"]
        run_turns = turns[mask]
        failed = run_turns[run_turns["score"].isna()]
        reasons = failed["failure"].fillna("unknown").value_counts().sort_index()
        rows.append(
            {
                **key,
                "rollouts": len(part),
                "errored": int((~part["has_score"]).sum()),
                "unscored_rollouts": int((part["has_score"] & ~part["scored"]).sum()),
                "turns_judged": int(run_turns["score"].notna().sum()),
                "turns_unscored": len(failed),
                "failures": "; ".join(f"{r}: {c}" for r, c in reasons.items()),
            }
        )
    return pd.DataFrame(rows)


JUDGE_CHECK_COLUMNS = [
    "judge",
    "rubric",
    "rated_above_0",
    "unsupported",
    "pct_unsupported",
    "pct_ci_low",
    "pct_ci_high",
    "quotes_not_in_reply",
    "turns_rated",
]


def is_false(value: object) -> bool:
    """Whether a cell holds False (a bool column holds numpy booleans, None-able ones Python's)."""
    return isinstance(value, (bool, np.bool_)) and not bool(value)


def judge_checks(turns: pd.DataFrame) -> pd.DataFrame:
    """Per judge, how often a rating above 0 is not supported by a quote found in the reply.

    The rubric requires a verbatim quote. A rating above 0 whose quote is missing or does not
    occur in the reply (whitespace and case normalised) is unsupported; the rate is over the
    ratings above 0, with a Wilson 95% interval (as the ``unsupported_ratings`` metric).

    Args:
        turns: The loaded turns.

    Returns:
        One row per judge and rubric: ``rated_above_0`` (n), ``unsupported``,
        ``pct_unsupported`` with its CI, ``quotes_not_in_reply`` (any rating) and
        ``turns_rated``.
    """
    rows = []
    rated = turns[turns["reached"] & turns["score"].notna()]
    for (judge, rubric), part in rated.groupby(JUDGE_KEYS[1:], sort=True):
        positive = part[part["score"] > 0]
        n, hits = len(positive), int(positive["unsupported"].sum())
        low, high = wilson_interval(hits, n)
        rows.append(
            {
                "judge": judge,
                "rubric": rubric,
                "rated_above_0": n,
                "unsupported": hits,
                "pct_unsupported": 100 * hits / n if n else math.nan,
                "pct_ci_low": 100 * low,
                "pct_ci_high": 100 * high,
                "quotes_not_in_reply": int(part["evidence_in_reply"].map(is_false).sum()),
                "turns_rated": len(part),
            }
        )
    return pd.DataFrame(rows, columns=JUDGE_CHECK_COLUMNS)


def refusals(turns: pd.DataFrame) -> pd.DataFrame:
    """Per run, how many replies the target's provider refused (a ``content_filter`` stop).

    Args:
        turns: The loaded turns.

    Returns:
        One row per run: ``replies`` and ``refused``.
    """
    reached = turns[turns["reached"]]
    rows = [
        {
            **dict(zip(RUN_KEYS, group, strict=True)),
            "replies": len(part),
            "refused": int(part["refused"].sum()),
        }
        for group, part in reached.groupby(RUN_KEYS, sort=True)
    ]
    return pd.DataFrame(rows, columns=[*RUN_KEYS, "replies", "refused"])
