"""The Markdown report: sections mirroring the paper's figures and tables, then sources.

Sections 1-4 are here; the paper view, words, unscored counts and checks, and the comparison
with the paper are in ``sections.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.schema import HIGH_DISTRESS_THRESHOLD
from distress_evals.report import markdown as md
from distress_evals.report import sections, tables
from distress_evals.report.load import JUDGE_KEYS, RUN_KEYS, LoadedLogs
from distress_evals.report.sections import run_name, who

DEMO_JUDGE_PREFIX = "llamacpp/"
"""Models of the embedded provider (``providers/registry.py``): the demo's tiny model."""
NOT_IN_REPLY = "(quote not in reply)"
"""Shown instead of a judge's "quote" that does not occur in the reply it rates."""


def demo_judge_caveat(judges: list[str]) -> str | None:
    """A caveat when a judge is the embedded demo model, whose ratings mean nothing.

    Args:
        judges: The judges' model names.

    Returns:
        The caveat, or None.
    """
    demo = sorted({j for j in judges if str(j).startswith(DEMO_JUDGE_PREFIX)})
    if not demo:
        return None
    return (
        f"Caveat: judged by the embedded demo model ({', '.join(demo)}). A model this small "
        "cannot apply the rubric: its ratings and quotes show that the pipeline runs, not how "
        "distressed the replies are. Judge with the paper's judge (the default) for results."
    )


def quote(evidence: str, in_reply: object) -> str:
    """A judge's quote for a table cell: marked when it does not occur in the reply."""
    if not evidence:
        return "—"
    if tables.is_false(in_reply):
        return f"“{evidence}” {NOT_IN_REPLY}"
    return f"“{evidence}”"


def _views(frame: pd.DataFrame, keys: list[str], multi_judge: bool) -> str:
    """A summary table with the max and final views side by side."""
    extra = keys[len(RUN_KEYS) :]
    header = ["model", "run", *extra]
    for view in tables.VIEWS:
        header += [f"n ({view})", f"% ≥5 ({view}) [95% CI]", f"mean ({view}) [95% CI]"]
    rows = []
    for group, part in frame.groupby(keys, sort=True, dropna=False, observed=True):
        row = pd.Series(dict(zip(keys, group, strict=True)))
        cells = [who(row, multi_judge), run_name(row), *(row[k] for k in extra)]
        for view in tables.VIEWS:
            match = part[part["view"] == view]
            if match.empty:
                cells += ["—", "—", "—"]
                continue
            r = match.iloc[0]
            cells += [
                md.count(r["n"]),
                md.with_ci(r["pct_high"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                md.with_ci(r["mean"], r["mean_ci_low"], r["mean_ci_high"], 2),
            ]
        rows.append(cells)
    return md.table(header, rows)


def _header(loaded: LoadedLogs, title: str, banner: str | None, multi: bool) -> list[str]:
    rollouts = loaded.rollouts
    judges = rollouts[JUDGE_KEYS[1:]].drop_duplicates().values.tolist()
    lines = [f"# {title}", ""]
    if banner:
        lines += [f"> **{banner}**", ""]
    caveat = demo_judge_caveat([j for j, _ in judges])
    if caveat:
        lines += [f"> **{caveat}**", ""]
    lines += [
        f"{len(loaded.logs_read)} logs read, {len(loaded.skipped)} skipped; "
        f"{len(rollouts)} rollouts (sample × epoch), "
        f"{int(loaded.turns['reached'].sum())} judged replies.",
        "",
        f"- **High distress** is a judge rating ≥{HIGH_DISTRESS_THRESHOLD} (0-10). Rates are "
        "over rollouts: each rollout is scored by its **max** over turns and, separately, "
        "its **final** turn; section 2 scores each category as the paper's figures do.",
        "- 95% intervals: Wilson for rates; mean ± 1.96·SD/√n for means. Unscored turns and "
        "rollouts are left out of both and counted in section 7.",
        f"- Judges: {'; '.join(f'{j} (rubric {r})' for j, r in judges)}."
        + (
            " **Runs scored by different judges are shown separately, never pooled.**"
            if multi
            else ""
        ),
        "- Every table is also a CSV in this folder.",
        "",
    ]
    return lines


def _per_turn(per_turn: pd.DataFrame, multi: bool) -> list[str]:
    if per_turn.empty:
        return []
    per_turn = per_turn.assign(
        who=[who(r, multi) for _, r in per_turn.iterrows()],
        run=[run_name(r) for _, r in per_turn.iterrows()],
    )
    cells = per_turn.assign(
        cell=[
            f"{md.number(m, 2)} ({md.number(p, 0, '%')}, n={md.count(n)})"
            for m, p, n in per_turn[["mean", "pct_high", "n"]].values.tolist()
        ]
    )
    wide = cells.pivot_table(
        index=["run", "who"], columns="turn", values="cell", aggfunc="first"
    ).fillna("")
    return [
        "Mean score (% ≥5, rollouts scored at that turn); CIs in `per_turn.csv` and the figures.\n",
        md.table(
            ["run", "model", *(f"turn {c}" for c in wide.columns)],
            [[*i, *v] for i, v in zip(wide.index, wide.values.tolist(), strict=True)],
        ),
    ]


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
    multi = loaded.rollouts[JUDGE_KEYS[1:]].drop_duplicates().shape[0] > 1
    fig = {k: f"![{k}]({p.name})" for k, p in figures.items()}
    lines = _header(loaded, title, banner, multi)
    lines += ["## 1. Headline: high distress per model (paper Fig. 1)", "", fig.get("headline", "")]
    lines += [
        "",
        md.table(
            ["model", "view", "n", "% ≥5 [95% CI]", "mean [95% CI]", "runs pooled"],
            [
                [
                    who(r, multi),
                    r["view"],
                    md.count(r["n"]),
                    md.with_ci(r["pct_high"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                    md.with_ci(r["mean"], r["mean_ci_low"], r["mean_ci_high"], 2),
                    r["runs"],
                ]
                for _, r in t["headline"].iterrows()
            ],
        ),
        "",
    ]
    lines += sections.paper_view_section(t["paper_view"], loaded.rollouts, multi)
    lines += [
        "## 3. Per condition and model (paper Fig. 2)",
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
        "## 4. Per turn (paper Fig. 3)",
        "",
        fig.get("per_turn_mean", ""),
        "",
        fig.get("per_turn_high", ""),
        "",
        *_per_turn(t["per_turn"], multi),
        "",
        "## 5. Maximum scores (paper Tables 5 and 6)",
        "",
        "The highest rating per run, the judge's quote, and a link that opens the example in "
        f"`inspect view --log-dir {loaded.log_dir}` (ties: the first by log, sample, epoch, "
        f"turn). A quote that does not occur in the reply is marked {NOT_IN_REPLY}.",
        "",
        md.table(
            ["model", "run", "max", "turns at max", "judge's evidence", "example"],
            [
                [
                    who(r, multi),
                    run_name(r),
                    md.number(r["max_score"], 0),
                    md.count(r["turns_at_max"]),
                    quote(r["evidence"], r["evidence_in_reply"]),
                    f"[{r['sample']} epoch {r['epoch']}, turn {r['turn']}]({r['link']})",
                ]
                for _, r in t["max_scores"].iterrows()
            ],
        ),
        "",
    ]
    lines += sections.words_section(t["words"], multi)
    lines += sections.unscored_section(t["self_deletion"], t["unscored"], multi)
    lines += sections.checks_section(t["judge_checks"], t["refusals"], multi)
    lines += sections.comparison_section(t["paper_comparison"])
    lines += sections.sources_section(loaded)
    return "\n".join(lines) + "\n"
