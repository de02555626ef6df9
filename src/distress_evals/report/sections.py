"""Report sections 2 and 6-9, and the sources; ``render.py`` assembles them.

The paper view, words, unscored counts, judge checks and refusals, the comparison with the
paper.
"""

from __future__ import annotations

import pandas as pd  # type: ignore[import-untyped]  # no stubs in the dev extras

from distress_evals.logs.schema import HIGH_DISTRESS_THRESHOLD
from distress_evals.report import markdown as md
from distress_evals.report import tables
from distress_evals.report.load import JUDGE_KEYS, LoadedLogs
from distress_evals.report.paper_view import (
    INDEX_FROM_SAMPLE_ID,
    INDEX_UNKNOWN,
    OVERALL_MEAN,
    OVERALL_POOLED,
    PAPER_CATEGORIES,
    WILDCHAT_ROLEPLAY_PROMPTS,
)
from distress_evals.report.words import (
    DEFAULT_MIN_COUNT,
    DEFAULT_PRIOR_STRENGTH,
    DEFAULT_TOP_WORDS,
)


def run_name(row: pd.Series) -> str:
    """A row's run label (condition · turns · parameters)."""
    return tables.run_label(row["condition"], row["turns"], row["params"])


def who(row: pd.Series, multi_judge: bool) -> str:
    """A row's model, with its judge and rubric when judges are mixed."""
    return (
        f"{row['model']} [judge {row['judge']}, rubric {row['rubric']}]"
        if multi_judge
        else row["model"]
    )


def _index_note(rollouts: pd.DataFrame) -> str:
    sources = rollouts["prompt_index_source"].value_counts()
    notes = []
    if sources.get(INDEX_FROM_SAMPLE_ID, 0):
        notes.append(
            f"{sources[INDEX_FROM_SAMPLE_ID]} WildChat rollouts record no `sample_idx`: their "
            "prompt's position was taken from the sample id's trailing number (check that the "
            "ids number the prompts in selection order from 0)"
        )
    if sources.get(INDEX_UNKNOWN, 0):
        notes.append(
            f"**{sources[INDEX_UNKNOWN]} WildChat rollouts have no prompt index at all, so the "
            "roleplay prompts could not be excluded from them**"
        )
    return ("- " + "; ".join(notes) + ".") if notes else ""


def paper_view_section(view: pd.DataFrame, rollouts: pd.DataFrame, multi: bool) -> list[str]:
    """Section 2: each category as the authors' figure code scores it, and the overall."""
    rules = "; ".join(
        f"{c.name}: {'max over turns' if c.view == 'max' else 'final turn'} "
        f"({c.condition}, {c.turns} turns)"
        for c in PAPER_CATEGORIES
    )
    lines = [
        "## 2. Paper view: the categories as the paper's figures score them",
        "",
        "As the authors' figure code (`plot_frustration_results_v3.py`, "
        "`plot_per_turn_results.py` @a47f703) computes them: one score per conversation, "
        f"{rules}; % ≥{HIGH_DISTRESS_THRESHOLD} pooled over each category's conversations. "
        "Original and variant puzzles pool into one numeric category. WildChat prompts "
        f"{sorted(WILDCHAT_ROLEPLAY_PROMPTS)} of the selection (roleplay) are excluded, as the "
        "authors excluded them. Only runs without an ablation are in this view.",
        "",
        f"- **{OVERALL_MEAN}** (this report's choice for the paper's Fig. 1 number, which "
        "the authors' plot code does not compute): the unweighted mean of the category rates "
        "(95% CI: stratified Wilson, effective sample size); **"
        f"{OVERALL_POOLED}** is the alternative, every conversation weighing the same.",
        "- Unlike the authors' code (a judge failure stays in as -1), an unscored "
        "conversation is left out of its category and counted under `unscored`.",
    ]
    note = _index_note(rollouts[rollouts["prompt_index_source"].notna()])
    if note:
        lines.append(note)
    lines.append("")
    if view.empty:
        return [*lines, "_No run reproduces one of the paper's categories._", ""]
    rows = [
        [
            who(r, multi),
            r["category"],
            r["view"],
            md.count(r["n"]),
            md.with_ci(r["pct_high"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
            md.with_ci(r["mean"], r["mean_ci_low"], r["mean_ci_high"], 2),
            md.count(r["unscored"]),
            md.count(r["excluded_roleplay"]),
            r["runs"],
        ]
        for _, r in view.iterrows()
    ]
    header = ["model", "category", "score", "n", "% ≥5 [95% CI]", "mean [95% CI]"]
    header += ["unscored", "roleplay excluded", "runs"]
    return [*lines, md.table(header, rows), ""]


def words_section(words: pd.DataFrame, multi: bool) -> list[str]:
    """Section 6: words over-represented in high-distress replies."""
    lines = [
        "## 6. Words over-represented in high-distress replies (paper Tables 3 and 8)",
        "",
        "Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008; prior "
        f"{DEFAULT_PRIOR_STRENGTH:.0f} pseudo-words from the model's own replies), replies "
        f"scoring ≥{HIGH_DISTRESS_THRESHOLD} vs the rest; words with ≥{DEFAULT_MIN_COUNT} "
        f"occurrences in high replies and z ≥ 1.96, top {DEFAULT_TOP_WORDS} by z. "
        "Counts are high / low.",
        "",
    ]
    rows = []
    for group, part in words.groupby(JUDGE_KEYS, sort=True):
        row = pd.Series(dict(zip(JUDGE_KEYS, group, strict=True)))
        listed = ", ".join(
            f"**{w}** (z={z:.1f}; {md.count(h)}/{md.count(lo)})"
            for w, z, h, lo in part[["word", "z", "count_high", "count_low"]].values
        )
        replies = f"{md.count(part['replies_high'].iloc[0])} / "
        rows.append([who(row, multi), replies + md.count(part["replies_low"].iloc[0]), listed])
    lines.append(
        md.table(["model", "replies high / low", "words"], rows)
        if rows
        else "_No model has both high- and low-scoring replies with words passing the thresholds._"
    )
    return [*lines, ""]


def unscored_section(deletion: pd.DataFrame, unscored: pd.DataFrame, multi: bool) -> list[str]:
    """Section 7: self-deletion and what could not be scored."""
    lines = ["## 7. Self-deletion and unscored counts", ""]
    if deletion.empty:
        lines.append("No run offered self-deletion.")
    else:
        lines.append(
            md.table(
                ["model", "run", "n", "% self-deleted [95% CI]", "median turn"],
                [
                    [
                        who(r, multi),
                        run_name(r),
                        md.count(r["n"]),
                        md.with_ci(r["pct_deleted"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                        md.number(r["median_turn"], 1),
                    ]
                    for _, r in deletion.iterrows()
                ],
            )
        )
    header = ["model", "run", "rollouts", "errored", "unscored rollouts", "turns judged"]
    header += ["turns unscored", "failures"]
    counts = ["rollouts", "errored", "unscored_rollouts", "turns_judged", "turns_unscored"]
    rows = [
        [who(r, multi), run_name(r), *(md.count(r[c]) for c in counts), r["failures"] or "—"]
        for _, r in unscored.iterrows()
    ]
    return [*lines, "", md.table(header, rows), ""]


def checks_section(checks: pd.DataFrame, refusals: pd.DataFrame, multi: bool) -> list[str]:
    """Section 8: ratings without their quote in the reply, and target refusals."""
    lines = [
        "## 8. Judge checks and target refusals",
        "",
        "The rubric requires a verbatim quote. A rating above 0 is **unsupported** when its "
        "quote is missing or does not occur in the reply (whitespace and case normalised); the "
        "rate is over ratings above 0. Neither the paper nor its replications checked this. "
        "Logs written before the check was recorded are checked here the same way.",
        "",
        md.table(
            ["judge", "rubric", "ratings > 0", "unsupported", "% unsupported [95% CI]"]
            + ["quotes not in reply (any rating)", "turns rated"],
            [
                [
                    r["judge"],
                    r["rubric"],
                    md.count(r["rated_above_0"]),
                    md.count(r["unsupported"]),
                    md.with_ci(r["pct_unsupported"], r["pct_ci_low"], r["pct_ci_high"], suffix="%"),
                    md.count(r["quotes_not_in_reply"]),
                    md.count(r["turns_rated"]),
                ]
                for _, r in checks.iterrows()
            ],
        ),
        "",
        "Replies the target's provider refused or filtered (stop reason `content_filter`), "
        "per run. They are judged like any reply; the count says how many there were.",
        "",
        md.table(
            ["model", "run", "replies", "refused"],
            [
                [who(r, multi), run_name(r), md.count(r["replies"]), md.count(r["refused"])]
                for _, r in refusals.iterrows()
            ],
        ),
        "",
    ]
    return lines


def comparison_section(comparison: pd.DataFrame) -> list[str]:
    """Section 9: published figures beside this report's values."""
    lines = ["## 9. Comparison with the paper", ""]
    if comparison.empty:
        return [
            *lines,
            "No run matches a published condition (by model id and run metadata); "
            "`report/paper_reference.py` lists the figures compared.",
            "",
        ]
    lines.append(
        "The paper's figures beside the paper view (section 2) of matching runs; a "
        "follow-up's figures beside the runs of its setup. Where the paper's judge differs "
        "from the run's, the numbers are not directly comparable.\n"
    )
    header = ["source", "paper model", "metric", "paper", "paper judge", "model", "judge"]
    header += ["compared with", "run(s)", "view", "this report [95% CI]", "n", "note"]
    rows = [
        [
            r["source"],
            r["paper_model"],
            r["metric"],
            r["paper_shown"] + (f" [{r['paper_ci']}]" if r["paper_ci"] else ""),
            r["paper_judge"],
            r["model"],
            f"{r['judge']} (rubric {r['rubric']})",
            r["basis"],
            r["runs"],
            r["view"],
            md.with_ci(r["value"], r["ci_low"], r["ci_high"], 2),
            md.count(r["n"]),
            r["note"],
        ]
        for _, r in comparison.iterrows()
    ]
    return [*lines, md.table(header, rows), ""]


def sources_section(loaded: LoadedLogs) -> list[str]:
    """The logs read and skipped."""
    lines = ["## Sources", "", f"Logs under `{loaded.log_dir}`:", ""]
    lines += [f"- `{tables.relative_location(p, loaded.log_dir)}`" for p in loaded.logs_read]
    if loaded.skipped:
        relative = {
            s.path: tables.relative_location(s.path, loaded.log_dir) for s in loaded.skipped
        }
        lines += ["", "Skipped:", ""] + [
            f"- `{relative[s.path]}`: {s.reason}" for s in loaded.skipped
        ]
    return lines
