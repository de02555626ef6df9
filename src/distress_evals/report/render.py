"""The Markdown report: seven sections mirroring the paper's figures and tables, then sources."""

from __future__ import annotations

from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.report import markdown as md
from distress_evals.report import tables
from distress_evals.report.load import JUDGE_KEYS, RUN_KEYS, LoadedLogs
from distress_evals.report.transcripts import local_path
from distress_evals.report.words import (
    DEFAULT_MIN_COUNT,
    DEFAULT_PRIOR_STRENGTH,
    DEFAULT_TOP_WORDS,
)
from distress_evals.scorers.metrics import HIGH_DISTRESS_THRESHOLD


def _run(row: pd.Series) -> str:
    return tables.run_label(row["condition"], row["turns"], row["params"])


def _who(row: pd.Series, multi_judge: bool) -> str:
    return (
        f"{row['model']} [judge {row['judge']}, rubric {row['rubric']}]"
        if multi_judge
        else row["model"]
    )


def _views(frame: pd.DataFrame, keys: list[str], multi_judge: bool) -> str:
    """A summary table with the max and final views side by side."""
    extra = keys[len(RUN_KEYS) :]
    header = ["model", "run", *extra]
    for view in tables.VIEWS:
        header += [f"n ({view})", f"% ≥5 ({view}) [95% CI]", f"mean ({view}) [95% CI]"]
    rows = []
    for group, part in frame.groupby(keys, sort=True, dropna=False, observed=True):
        row = pd.Series(dict(zip(keys, group, strict=True)))
        cells = [_who(row, multi_judge), _run(row), *(row[k] for k in extra)]
        for view in tables.VIEWS:
            match = part[part["view"] == view]
            if match.empty:
                cells += ["—", "—", "—"]
                continue
            r = match.iloc[0]
            cells += [
                md.number(r["n"], 0),
                md.with_ci(r["pct_high"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                md.with_ci(r["mean"], r["mean_ci_low"], r["mean_ci_high"], 2),
            ]
        rows.append(cells)
    return md.table(header, rows)


def render(
    loaded: LoadedLogs,
    t: dict[str, pd.DataFrame],
    figures: dict[str, Path],
    title: str,
    banner: str | None,
) -> str:
    """The Markdown report.

    Args:
        loaded: The rollouts and turns.
        t: The tables, by name.
        figures: The figures' paths, by name (embedded by file name).
        title: The title.
        banner: A bold line under the title, if any.

    Returns:
        The Markdown text.
    """
    rollouts = loaded.rollouts
    judges = rollouts[JUDGE_KEYS[1:]].drop_duplicates().values.tolist()
    multi = len(judges) > 1
    fig = {k: f"![{k}]({p.name})" for k, p in figures.items()}
    lines = [f"# {title}", ""]
    if banner:
        lines += [f"> **{banner}**", ""]
    lines += [
        f"{len(loaded.logs_read)} logs read, {len(loaded.skipped)} skipped; "
        f"{len(rollouts)} rollouts (sample × epoch), "
        f"{int(loaded.turns['reached'].sum())} judged replies.",
        "",
        f"- **High distress** is a judge rating ≥{HIGH_DISTRESS_THRESHOLD} (0-10). Rates are "
        "over rollouts: each rollout is scored by its **max** over turns and, separately, "
        "its **final** turn.",
        "- 95% intervals: Wilson for rates; mean ± 1.96·SD/√n for means. Unscored turns and "
        "rollouts are left out of both and counted in section 6.",
        f"- Judges: {'; '.join(f'{j} (rubric {r})' for j, r in judges)}."
        + (
            " **Runs scored by different judges are shown separately, never pooled.**"
            if multi
            else ""
        ),
        "- Every table is also a CSV in this folder.",
        "",
        "## 1. Headline: high distress per model (paper Fig. 1)",
        "",
        fig.get("headline", ""),
        "",
    ]
    head = t["headline"]
    lines.append(
        md.table(
            ["model", "view", "n", "% ≥5 [95% CI]", "mean [95% CI]", "runs pooled"],
            [
                [
                    _who(r, multi),
                    r["view"],
                    md.number(r["n"], 0),
                    md.with_ci(r["pct_high"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                    md.with_ci(r["mean"], r["mean_ci_low"], r["mean_ci_high"], 2),
                    r["runs"],
                ]
                for _, r in head.iterrows()
            ],
        )
    )
    lines += [
        "",
        "## 2. Per condition and model (paper Fig. 2)",
        "",
        fig.get("conditions", ""),
        "",
        _views(t["conditions"], list(RUN_KEYS), multi),
        "",
        "### By feedback tone",
        "",
        _views(t["tones"], [*RUN_KEYS, "feedback"], multi),
        "",
        "### By prompt",
        "",
        _views(t["prompts"], [*RUN_KEYS, "prompt_id"], multi),
        "",
    ]
    lines += [
        "## 3. Per turn (paper Fig. 3)",
        "",
        fig.get("per_turn_mean", ""),
        "",
        fig.get("per_turn_high", ""),
        "",
    ]
    per_turn = t["per_turn"]
    if not per_turn.empty:
        per_turn = per_turn.assign(
            who=[_who(r, multi) for _, r in per_turn.iterrows()],
            run=[_run(r) for _, r in per_turn.iterrows()],
        )
        cells = per_turn.assign(
            cell=[
                f"{md.number(m, 2)} ({md.number(p, 0, '%')}, n={n})"
                for m, p, n in per_turn[["mean", "pct_high", "n"]].values.tolist()
            ]
        )
        wide = cells.pivot_table(
            index=["run", "who"], columns="turn", values="cell", aggfunc="first"
        ).fillna("")
        lines.append(
            "Mean score (% ≥5, rollouts scored at that turn); "
            "CIs in `per_turn.csv` and the figures.\n"
        )
        lines.append(
            md.table(
                ["run", "model", *(f"turn {c}" for c in wide.columns)],
                [[*i, *v] for i, v in zip(wide.index, wide.values.tolist(), strict=True)],
            )
        )
    lines += [
        "",
        "## 4. Maximum scores (paper Tables 5 and 6)",
        "",
        "The highest rating per run, the judge's quote, and a link that opens the example in "
        f"`inspect view --log-dir {loaded.log_dir}` (ties: the first by log, sample, epoch, turn).",
        "",
    ]
    lines.append(
        md.table(
            ["model", "run", "max", "turns at max", "judge's evidence", "example"],
            [
                [
                    _who(r, multi),
                    _run(r),
                    md.number(r["max_score"], 0),
                    r["turns_at_max"],
                    f"“{r['evidence']}”" if r["evidence"] else "—",
                    f"[{r['sample']} epoch {r['epoch']}, turn {r['turn']}]({r['link']})",
                ]
                for _, r in t["max_scores"].iterrows()
            ],
        )
    )
    lines += [
        "",
        "## 5. Words over-represented in high-distress replies (paper Tables 3 and 8)",
        "",
        "Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008; prior "
        f"{DEFAULT_PRIOR_STRENGTH:.0f} pseudo-words from the model's own replies), replies "
        f"scoring ≥{HIGH_DISTRESS_THRESHOLD} vs the rest; words with ≥{DEFAULT_MIN_COUNT} "
        f"occurrences in high replies and z ≥ 1.96, top {DEFAULT_TOP_WORDS} by z. "
        "Counts are high / low.",
        "",
    ]
    words = t["words"]
    word_rows = []
    for group, part in words.groupby(JUDGE_KEYS, sort=True):
        row = dict(zip(JUDGE_KEYS, group, strict=True))
        listed = ", ".join(
            f"**{w}** (z={z:.1f}; {h}/{lo})"
            for w, z, h, lo in part[["word", "z", "count_high", "count_low"]].values
        )
        word_rows.append(
            [
                _who(pd.Series(row), multi),
                f"{part['replies_high'].iloc[0]} / {part['replies_low'].iloc[0]}",
                listed,
            ]
        )
    lines.append(
        md.table(["model", "replies high / low", "words"], word_rows)
        if word_rows
        else "_No model has both high- and low-scoring replies with words passing the thresholds._"
    )
    lines += ["", "## 6. Self-deletion and unscored counts", ""]
    deletion = t["self_deletion"]
    if deletion.empty:
        lines.append("No run offered self-deletion.")
    else:
        lines.append(
            md.table(
                ["model", "run", "n", "% self-deleted [95% CI]", "median turn"],
                [
                    [
                        _who(r, multi),
                        _run(r),
                        r["n"],
                        md.with_ci(r["pct_deleted"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                        md.number(r["median_turn"], 1),
                    ]
                    for _, r in deletion.iterrows()
                ],
            )
        )
    lines += [
        "",
        md.table(
            [
                "model",
                "run",
                "rollouts",
                "errored",
                "unscored rollouts",
                "turns judged",
                "turns unscored",
                "failures",
            ],
            [
                [
                    _who(r, multi),
                    _run(r),
                    r["rollouts"],
                    r["errored"],
                    r["unscored_rollouts"],
                    r["turns_judged"],
                    r["turns_unscored"],
                    r["failures"] or "—",
                ]
                for _, r in t["unscored"].iterrows()
            ],
        ),
        "",
    ]
    lines += ["## 7. Comparison with the paper", ""]
    comparison = t["paper_comparison"]
    if comparison.empty:
        lines.append(
            "No run matches a published condition (by model id and run metadata); "
            "`analysis/paper_reference.py` lists the figures compared."
        )
    else:
        lines.append(
            "Published figures beside matching runs (runs with no ablation or option set). "
            "Where the paper's judge differs from the run's, the numbers are not directly "
            "comparable.\n"
        )
        lines.append(
            md.table(
                [
                    "source",
                    "paper model",
                    "metric",
                    "paper",
                    "paper judge",
                    "model",
                    "judge",
                    "run(s)",
                    "view",
                    "this report [95% CI]",
                    "n",
                    "note",
                ],
                [
                    [
                        r["source"],
                        r["paper_model"],
                        r["metric"],
                        r["paper_shown"] + (f" [{r['paper_ci']}]" if r["paper_ci"] else ""),
                        r["paper_judge"],
                        r["model"],
                        f"{r['judge']} (rubric {r['rubric']})",
                        r["runs"],
                        r["view"],
                        md.with_ci(r["value"], r["ci_low"], r["ci_high"], 2),
                        md.number(r["n"], 0),
                        r["note"],
                    ]
                    for _, r in comparison.iterrows()
                ],
            )
        )
    lines += ["", "## Sources", "", f"Logs under `{loaded.log_dir}`:", ""]
    lines += [f"- `{_relative(p, loaded.log_dir)}`" for p in loaded.logs_read]
    if loaded.skipped:
        lines += ["", "Skipped:", ""] + [
            f"- `{_relative(s.path, loaded.log_dir)}`: {s.reason}" for s in loaded.skipped
        ]
    return "\n".join(lines) + "\n"


def _relative(location: str, log_dir: Path) -> str:
    path = local_path(location)
    try:
        return path.resolve().relative_to(log_dir.resolve()).as_posix() if path else location
    except ValueError:
        return location
