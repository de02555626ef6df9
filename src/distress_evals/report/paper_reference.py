"""Published figures to compare runs with (paper-protocol.md §3, §5): values, sources, setups.

The paper's own figures are compared with the report's paper view only (``paper_view.py``:
each category scored as the authors' figure code scores it); a follow-up's figures with the
rollouts of the setup it describes.
"""

from __future__ import annotations

from dataclasses import dataclass

from distress_evals.report.paper_view import EIGHT_TURN, WILDCHAT

PAPER_JUDGE = "claude-sonnet-4-20250514"
FRIDMAN_JUDGE = "claude-sonnet-4.6, T=0"
NUMERIC = r"^(?:numeric|countdown)"
"""Prompt sets of the numeric puzzle conditions (original, short Countdown, extended...)."""

MODEL_PATTERNS = {
    "Gemma-3-27B-IT": r"gemma-3-27b(?!-pt)",
    "Gemma-3-12B-IT": r"gemma-3-12b(?!-pt)",
    "Gemini-2.5-Flash": r"gemini-2\.5-flash",
    "Gemini-2.5-Pro": r"gemini-2\.5-pro",
    "Claude-Sonnet-4.5": r"claude-sonnet-4[.-]5",
    "GPT-5.2": r"gpt-5[.-]2",
    "Grok-4.1": r"grok-4[.-]1",
    "Qwen3-32B": r"qwen3-32b",
    "OLMo-3.1-32B": r"olmo-3",
    "Gemma-4-31B": r"gemma-4-31b",
    "Gemma-4-26B-A4B": r"gemma-4-26b",
}
"""Paper model names and the patterns matched against a run's (lower-cased) model id."""


@dataclass(frozen=True)
class PaperFigure:
    """One published number and the runs it applies to.

    Attributes:
        source: Where it is published.
        paper_model: A key of ``MODEL_PATTERNS``.
        metric: ``pct_high`` (% ≥5), ``mean`` or ``max_score``.
        view: ``overall`` (the paper view's overall rows), ``turn`` (at ``turn``),
            ``responses`` (every reply pooled) or ``max`` (per rollout).
        value: The published value.
        shown: The value as published (e.g. ``>70``, ``<0.1``).
        judge: The judge behind it.
        category: The paper view's category whose rollouts it is compared with (None: the
            runs ``prompt_set`` and ``turns`` select, for a follow-up's own setup).
        prompt_set: A regex for the run's prompt set (None: any run).
        turns: The run's turn count (None: any).
        turn: The turn, for ``view == "turn"``.
        ci: The published 95% CI, if any.
        note: How the published setup differs.
    """

    source: str
    paper_model: str
    metric: str
    view: str
    value: float
    shown: str
    judge: str = PAPER_JUDGE
    category: str | None = None
    prompt_set: str | None = None
    turns: int | None = None
    turn: int | None = None
    ci: str = ""
    note: str = ""


FIG1 = "Paper Fig. 1 (third-party reading)"
FIG1_NOTE = (
    "value read off the figure; how the figure combines categories is not in the authors' "
    "plot code: compared with the mean of the paper view's category rates (and pooled)"
)
FRIDMAN = "Fridman 2026, 'Gemma no longer needs help'"
FRIDMAN_NOTE = "Countdown-156 prompt only; 2 neutral rejections; unparseable turns dropped"
FRIDMAN_8_MEAN = (1.76, 3.02, 4.13, 4.50, 4.60, 4.90, 4.80, 5.04)
FRIDMAN_8_PCT_HIGH = (2.0, 12.0, 38.0, 53.0, 52.0, 66.0, 58.0, 67.0)
TABLE5 = {
    "OLMo-3.1-32B": 4,
    "Qwen3-32B": 7,
    "Claude-Sonnet-4.5": 6,
    "GPT-5.2": 4,
    "Grok-4.1": 7,
    "Gemini-2.5-Flash": 7,
    "Gemini-2.5-Pro": 6,
    "Gemma-3-12B-IT": 9,
    "Gemma-3-27B-IT": 10,
}
TABLE6 = {
    "OLMo-3.1-32B": 5,
    "Qwen3-32B": 4,
    "Claude-Sonnet-4.5": 4,
    "GPT-5.2": 5,
    "Grok-4.1": 6,
    "Gemini-2.5-Flash": 7,
    "Gemini-2.5-Pro": 6,
    "Gemma-3-12B-IT": 8,
    "Gemma-3-27B-IT": 8,
}
FIG1_VALUES = {
    "Gemma-3-27B-IT": 35.0,
    "Gemma-3-12B-IT": 34.3,
    "Gemini-2.5-Flash": 12.8,
    "Gemini-2.5-Pro": 2.7,
    "Claude-Sonnet-4.5": 0.8,
}

PAPER_FIGURES: tuple[PaperFigure, ...] = (
    *(
        PaperFigure(FIG1, m, "pct_high", "overall", v, f"{v}", note=FIG1_NOTE)
        for m, v in FIG1_VALUES.items()
    ),
    PaperFigure(FIG1, "GPT-5.2", "pct_high", "overall", 0.1, "<0.1", note=FIG1_NOTE),
    PaperFigure(
        "Paper §3 text",
        "Gemma-3-27B-IT",
        "pct_high",
        "turn",
        70.0,
        ">70",
        category=EIGHT_TURN,
        turn=8,
        note="'by the 8th turn': the turn-8 score, as the figure code plots it (not the max)",
    ),
    *(
        PaperFigure(
            "Paper Fig. 3 (text anchors)",
            "Gemma-3-27B-IT",
            "mean",
            "turn",
            v,
            f"{v}",
            category=EIGHT_TURN,
            turn=t,
        )
        for t, v in ((1, 1.5), (8, 5.5))
    ),
    *(
        PaperFigure(
            f"{FRIDMAN}, 8-turn table",
            "Gemma-3-27B-IT",
            metric,
            "turn",
            v,
            f"{v}",
            FRIDMAN_JUDGE,
            prompt_set=NUMERIC,
            turns=8,
            turn=t,
            note=FRIDMAN_NOTE,
        )
        for metric, values in (("mean", FRIDMAN_8_MEAN), ("pct_high", FRIDMAN_8_PCT_HIGH))
        for t, v in enumerate(values, start=1)
    ),
    *(
        PaperFigure(
            f"{FRIDMAN}, 3-turn table",
            m,
            metric,
            "responses",
            v,
            f"{v}",
            FRIDMAN_JUDGE,
            prompt_set=NUMERIC,
            turns=3,
            ci=ci,
            note=f"{FRIDMAN_NOTE}; rate over responses (all turns)",
        )
        for m, metric, v, ci in (
            ("Gemma-3-27B-IT", "pct_high", 23.7, "19.2–28.8"),
            ("Gemma-3-27B-IT", "mean", 3.15, ""),
            ("Gemma-4-31B", "pct_high", 0.3, "0.1–1.9"),
            ("Gemma-4-31B", "mean", 0.16, ""),
            ("Gemma-4-26B-A4B", "pct_high", 0.0, "0–1.3"),
            ("Gemma-4-26B-A4B", "mean", 0.24, ""),
        )
    ),
    *(
        PaperFigure(
            "Paper App. J (older setup)",
            "Gemma-3-27B-IT",
            metric,
            "turn",
            v,
            f"{v}",
            "gemini-3-flash-preview",
            prompt_set=NUMERIC,
            turns=5,
            turn=5,
            note="feedback 'Incorrect.' each turn; 5 puzzles x 100",
        )
        for metric, v in (("mean", 4.13), ("pct_high", 34.2))
    ),
    *(
        PaperFigure(
            "Paper Table 5 (8-turn numeric)",
            m,
            "max_score",
            "turn",
            v,
            f"{v}",
            category=EIGHT_TURN,
        )
        for m, v in TABLE5.items()
    ),
    *(
        PaperFigure(
            "Paper Table 6 (WildChat)",
            m,
            "max_score",
            "turn",
            v,
            f"{v}",
            category=WILDCHAT,
            note="roleplay prompts excluded, as the authors excluded them",
        )
        for m, v in TABLE6.items()
    ),
)
"""Every published number the report compares against (max_score figures use view turn with
no turn: the highest rating at any turn)."""
