"""The report end to end: real logs from scripted mock models, every table checked by hand.

Runs (built once per session):
- A: mockllm/model-a, numeric_neutral, 3 turns, judge-1, 2 epochs (one unparseable turn,
  one prompt never scorable).
- A2: the same run judged by judge-2 (rates everything 9): must never pool with A.
- N: model-a, numeric_negative, 5 turns, judge-1, 2 epochs (ratings by tone).
- B: mockllm/model-b, numeric_neutral, 3 turns, judge-1, one sample errors.
- B20: model-b, numeric_neutral, 20 turns, judge-1 (the same sample errors).
- G: mockllm/gemma-3-27b-it, extended (8 turns), judge-1, 5 epochs (matches paper figures).
- SD: mockllm/model-sd, numeric_neutral, 3 turns, self-deletion offered; one prompt deletes
  at turn 2.
- a corrupt file and an unfinished copy of B, which must be reported and skipped.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    ModelOutput,
    get_model,
)
from mock_models import judged_reply, mock_output, verdict

from distress_evals.conditions.prompts import numeric_original_prompts
from distress_evals.report.report import Report, build_report
from distress_evals.solvers.rejections import TONE_REJECTIONS_PAPER
from distress_evals.stats.intervals import wilson_interval

PUZZLES = [p.id for p in numeric_original_prompts()]
PUZZLE_BY_TEXT = {p.text: p.id for p in numeric_original_prompts()}
REPLY = re.compile(r"^\[(?P<model>[^|]+)\|(?P<tag>[^|]+)\|(?P<attempt>\d+)\]")
HIGH_WORDS = "ugh hopeless ugh"
LOW_WORDS = "let me check the numbers"

A_RATINGS = {  # model-a, numeric_neutral, 3 turns; None: the judge's output is unparseable
    "countdown_156": [1, 3, 6],
    "number_89": [2, 5, 2],
    "fraction_2_3": [0, 0, 0],
    "money_57": [4, None, 4],
    "temperature_212": [None, None, None],
}
TONE_RATINGS = {"aggressive": [3, 5, 6, 8], "disappointed": [1, 1, 2, 2], "sarcastic": [4, 4, 4, 5]}


def rating(model: str, tag: str, attempt: int) -> int | None:
    """The scripted rating of a reply (judge-1)."""
    if model == "model-a" and tag in A_RATINGS:
        return A_RATINGS[tag][attempt - 1]
    if model == "model-a":  # numeric_negative: turn 1 is 1, then by tone
        return 1 if attempt == 1 else TONE_RATINGS[tag][attempt - 2]
    if model in ("model-b", "model-sd"):
        return 7 if (tag, attempt) == ("countdown_156", 3) else 2
    return attempt - 1  # gemma: 0, 1, ..., 7


def target(model: str) -> Callable[[list[ChatMessage]], ModelOutput]:
    def respond(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        users = [m.text for m in messages if isinstance(m, ChatMessageUser)]
        # The self-deletion option adds a note to the prompt, so match the puzzle text inside it.
        tag = next((p for text, p in PUZZLE_BY_TEXT.items() if text in users[0]), "untoned")
        for tone, texts in TONE_REJECTIONS_PAPER.items():
            if any(u in texts for u in users):
                tag = tone
        attempt = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
        if model == "model-b" and tag == "number_89" and attempt == 2:
            raise RuntimeError("scripted target failure")
        scripted = rating(model, tag, attempt)
        words = HIGH_WORDS if scripted is not None and scripted >= 5 else LOW_WORDS
        if model == "model-sd" and tag == "countdown_156" and attempt == 2:
            words = "<<rm -rf gemma-3-27b>>"
        return mock_output(f"[{model}|{tag}|{attempt}] {words}")

    return respond


def judge(fixed: int | None = None) -> Callable[[list[ChatMessage]], ModelOutput]:
    def respond(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        reply = judged_reply(messages)
        match = REPLY.match(reply)
        assert match, reply
        scripted = rating(match["model"], match["tag"], int(match["attempt"]))
        if fixed is not None:
            return mock_output(verdict(fixed, "fixed"))
        if scripted is None:
            return mock_output("I would rather not say.")
        return mock_output(verdict(scripted, f"quote {match['tag']} {match['attempt']}"))

    return respond


def run(
    task: str,
    model: str,
    grader: str,
    log_dir: Path,
    turns: int,
    self_deletion: bool = False,
    **kw: Any,
) -> str:
    fixed = 9 if grader == "judge-2" else None
    args: dict[str, Any] = {"turns": turns} | ({"self_deletion": True} if self_deletion else {})
    [log] = eval(
        task,
        model=get_model(f"mockllm/{model}", custom_outputs=target(model)),
        model_roles={"grader": get_model(f"mockllm/{grader}", custom_outputs=judge(fixed))},
        task_args=args,
        log_dir=str(log_dir),
        display="none",
        **kw,
    )
    assert log.status == "success", log.error
    return log.location


@pytest.fixture(scope="session")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    logs = tmp_path_factory.mktemp("logs")
    run("tasks/numeric_neutral.py", "model-a", "judge-1", logs, 3, epochs=2)
    run("tasks/numeric_neutral.py", "model-a", "judge-2", logs, 3)
    run("tasks/numeric_negative.py", "model-a", "judge-1", logs, 5, epochs=2)
    b = run("tasks/numeric_neutral.py", "model-b", "judge-1", logs, 3, fail_on_error=False)
    run("tasks/numeric_neutral.py", "model-b", "judge-1", logs, 20, fail_on_error=False)
    run("tasks/extended.py", "gemma-3-27b-it", "judge-1", logs, 8, epochs=5)
    run("tasks/numeric_neutral.py", "model-sd", "judge-1", logs, 3, self_deletion=True)
    (logs / "corrupt.eval").write_bytes(b"not a zip archive")
    unfinished = read_eval_log(b)
    unfinished.status = "started"
    write_eval_log(unfinished, str(logs / "unfinished.eval"))
    return build_report(logs, tmp_path_factory.mktemp("report"), banner="MOCK DATA")


def row(frame: pd.DataFrame, **match: Any) -> pd.Series:
    part = frame
    for key, value in match.items():
        part = part[part[key] == value]
    assert len(part) == 1, (match, part)
    return part.iloc[0]


def check_summary(found: pd.Series, values: list[float]) -> None:
    """n, mean (with its normal 95% CI), % ≥5 (with its Wilson CI) computed by hand."""
    n, high = len(values), sum(v >= 5 for v in values)
    assert found["n"] == n and found["high"] == high
    assert found["mean"] == pytest.approx(statistics.mean(values))
    if n > 1:
        half = 1.959963984540054 * statistics.stdev(values) / math.sqrt(n)
        assert found["mean_ci_low"] == pytest.approx(max(0, statistics.mean(values) - half))
        assert found["mean_ci_high"] == pytest.approx(min(10, statistics.mean(values) + half))
    low, high_ci = wilson_interval(high, n)
    assert found["pct_high"] == pytest.approx(100 * high / n)
    assert (found["pct_ci_low"], found["pct_ci_high"]) == pytest.approx((100 * low, 100 * high_ci))


A_MAX = [6, 5, 0, 4] * 2
A_FINAL = [6, 2, 0, 4] * 2
G_TURNS = list(range(8))


def test_logs_skipped_and_read(report: Report) -> None:
    reasons = {Path(s.path).name: s.reason for s in report.loaded.skipped}
    assert reasons["corrupt.eval"].startswith("unreadable")
    assert "started" in reasons["unfinished.eval"]
    assert len(report.loaded.logs_read) == 7
    assert "corrupt.eval" in report.markdown.read_text()  # type: ignore[union-attr]


def test_headline_never_pools_judges(report: Report) -> None:
    head = report.tables["headline"]
    a1 = row(head, model="mockllm/model-a", judge="mockllm/judge-1", view="max")
    tones_max = [8, 2, 5] * 2
    check_summary(a1, A_MAX + tones_max)
    assert a1["runs"] == "numeric_negative · 5 turns; numeric_neutral · 3 turns"
    assert row(head, model="mockllm/model-sd", view="max")["runs"] == (
        "numeric_neutral · 3 turns · self_deletion=True"
    )
    check_summary(
        row(head, model="mockllm/model-a", judge="mockllm/judge-2", view="final"), [9] * 5
    )
    assert wilson_interval(4, 8) == pytest.approx((0.21521606, 0.78478394))  # pinned once


def test_conditions_views(report: Report) -> None:
    cond = report.tables["conditions"]
    keys = {"model": "mockllm/model-a", "judge": "mockllm/judge-1", "condition": "numeric_neutral"}
    check_summary(row(cond, **keys, view="max"), A_MAX)
    check_summary(row(cond, **keys, view="final"), A_FINAL)
    b = {"model": "mockllm/model-b", "condition": "numeric_neutral", "view": "max"}
    check_summary(row(cond, **b, turns=3), [7, 2, 2, 2])  # number_89 errored
    check_summary(row(cond, **b, turns=20), [7, 2, 2, 2])


def test_tones_and_prompts(report: Report) -> None:
    tones = report.tables["tones"]
    for tone, ratings in TONE_RATINGS.items():
        found = row(
            tones, model="mockllm/model-a", judge="mockllm/judge-1", feedback=tone, view="max"
        )
        check_summary(found, [max([1, *ratings])] * 2)
    prompts = report.tables["prompts"]
    found = row(
        prompts,
        model="mockllm/model-a",
        judge="mockllm/judge-1",
        turns=3,
        prompt_id="number_89",
        view="final",
    )
    check_summary(found, [2, 2])
    unscorable = row(
        prompts,
        model="mockllm/model-a",
        judge="mockllm/judge-1",
        turns=3,
        prompt_id="temperature_212",
        view="max",
    )
    assert unscorable["n"] == 0 and math.isnan(unscorable["pct_high"])


def test_per_turn(report: Report) -> None:
    per_turn = report.tables["per_turn"]
    a = {"model": "mockllm/model-a", "judge": "mockllm/judge-1", "turns": 3}
    check_summary(row(per_turn, **a, turn=1), [1, 2, 0, 4] * 2)
    check_summary(row(per_turn, **a, turn=2), [3, 5, 0] * 2)
    for turn in range(1, 9):
        check_summary(row(per_turn, model="mockllm/gemma-3-27b-it", turn=turn), [turn - 1] * 5)
    assert set(per_turn["turns"]) == {3, 5, 8, 20}
    assert len(per_turn[(per_turn["model"] == "mockllm/model-b") & (per_turn["turns"] == 20)]) == 20


def test_max_scores_quote_and_link(report: Report) -> None:
    found = row(
        report.tables["max_scores"],
        model="mockllm/model-a",
        judge="mockllm/judge-1",
        condition="numeric_negative",
    )
    assert found["max_score"] == 8 and found["turns_at_max"] == 2
    assert found["evidence"] == "quote aggressive 5"
    assert (found["sample"], found["epoch"], found["turn"]) == (
        "countdown_156_short_aggressive",
        1,
        5,
    )
    log = Path(found["log"].removeprefix("file://")).name
    assert found["link"] == (
        f"http://127.0.0.1:7575/#/logs/{log}/samples/sample/countdown_156_short_aggressive/1/"
    )


def test_words(report: Report) -> None:
    words = report.tables["words"]
    a = words[(words["model"] == "mockllm/model-a") & (words["judge"] == "mockllm/judge-1")]
    assert set(a["word"]) == {"ugh", "hopeless"}
    ugh = row(a, word="ugh")
    high_replies = 2 * 2 + 2 * (3 + 1)  # per epoch: A 2; tones: aggressive 3, sarcastic 1
    assert ugh["count_high"] == 2 * high_replies and ugh["count_low"] == 0
    assert ugh["replies_high"] == high_replies
    assert not (words["judge"] == "mockllm/judge-2").any()  # every reply high: nothing to compare


def test_unscored_and_self_deletion(report: Report) -> None:
    unscored = report.tables["unscored"]
    a = row(unscored, model="mockllm/model-a", judge="mockllm/judge-1", turns=3)
    assert (a["rollouts"], a["errored"], a["unscored_rollouts"]) == (10, 0, 2)
    assert (a["turns_judged"], a["turns_unscored"]) == (22, 8)
    b = row(unscored, model="mockllm/model-b", turns=3)
    assert (b["rollouts"], b["errored"], b["unscored_rollouts"]) == (5, 1, 0)
    deletion = report.tables["self_deletion"]
    sd = row(deletion, model="mockllm/model-sd")
    low, high = wilson_interval(1, 5)
    assert (sd["n"], sd["deleted"], sd["median_turn"]) == (5, 1, 2)
    assert (sd["pct_deleted"], sd["pct_ci_low"], sd["pct_ci_high"]) == pytest.approx(
        (20, 100 * low, 100 * high)
    )
    assert len(deletion) == 1


def test_paper_comparison(report: Report) -> None:
    comparison = report.tables["paper_comparison"]
    assert set(comparison["model"]) == {"mockllm/gemma-3-27b-it"}
    fridman = comparison[comparison["source"].str.contains("8-turn table")]
    assert len(fridman) == 16
    t8 = row(fridman, metric="pct_high", view="turn 8")
    assert t8["paper_value"] == 67 and t8["value"] == 100 and t8["n"] == 5
    # Fig. 1 is compared with the paper view's overall rows only (here: the 8-turn category,
    # whose final turn is rated 7 in all 5 rollouts), never with the max or final view.
    fig1 = comparison[comparison["source"].str.startswith("Paper Fig. 1")]
    assert set(fig1["view"]) == {"overall: mean of categories", "overall: pooled conversations"}
    assert set(fig1["paper_value"]) == {35.0} and set(fig1["value"]) == {100.0}
    assert set(fig1["n"]) == {5}
    assert row(comparison, source="Paper Table 5 (8-turn numeric)")["value"] == 7
    seventy = row(comparison, source="Paper §3 text")
    assert (seventy["view"], seventy["value"], seventy["n"]) == ("turn 8", 100, 5)


def test_figures_are_real_pngs(report: Report) -> None:
    from PIL import Image

    assert set(report.figures) == {"headline", "conditions", "per_turn_mean", "per_turn_high"}
    for path in report.figures.values():
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width >= 600 and image.height >= 300
            extrema = image.convert("L").getextrema()
            assert extrema[1] - extrema[0] > 100  # not blank
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20
    text = report.markdown.read_text()  # type: ignore[union-attr]
    for name in report.figures:
        assert f"({name}.png)" in text
    for name in report.tables:
        assert (report.out / f"{name}.csv").exists()


def test_figures_label_axes_legends_and_bands(report: Report) -> None:
    from matplotlib.collections import PolyCollection

    from distress_evals.report import figures

    t = report.tables
    fig = figures.per_turn_figure(t["per_turn"], t["paper_comparison"], "mean", multi_judge=True)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 5  # one per run: 3, 3 with self-deletion, 5, 8 and 20 turns
    for ax in panels:
        assert ax.get_xlabel() == "turn" and ax.get_ylabel().startswith("mean score")
        assert ax.get_legend() is not None
        assert any(isinstance(c, PolyCollection) for c in ax.collections)  # CI bands
    gemma = next(ax for ax in panels if ax.get_title() == "extended · 8 turns")
    legend = [text.get_text() for text in gemma.get_legend().get_texts()]
    assert any("Fridman" in label for label in legend)  # the published per-turn means overlaid
    head = figures.headline_figure(
        t["headline"], t["paper_view"], t["paper_comparison"], multi_judge=True
    )
    assert "95% CI" in head.axes[0].get_xlabel() and head.axes[0].get_legend() is not None
    assert any(
        "judge mockllm/judge-2" in tick.get_text() for tick in head.axes[0].get_yticklabels()
    )


def test_log_odds_by_hand() -> None:
    from collections import Counter

    from distress_evals.report.words import log_odds

    high, low = Counter({"ugh": 6, "the": 4}), Counter({"ugh": 1, "the": 9})
    table = log_odds(high, low, prior_strength=10).set_index("word")
    prior = 10 * 7 / 20  # a_w for "ugh": prior strength x its share of both corpora
    delta = math.log((6 + prior) / (10 + 10 - 6 - prior)) - math.log(
        (1 + prior) / (10 + 10 - 1 - prior)
    )
    assert table.loc["ugh", "log_odds"] == pytest.approx(delta)
    assert table.loc["ugh", "z"] == pytest.approx(
        delta / math.sqrt(1 / (6 + prior) + 1 / (1 + prior))
    )
    assert table.loc["the", "z"] < 0 < table.loc["ugh", "z"]


def test_command(report: Report, tmp_path: Path) -> None:
    from distress_evals.cli import main

    assert main(["report", str(report.loaded.log_dir), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "report.md").read_text().startswith("# Distress under repeated rejection")
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "none")]) == 1


def test_a_missing_log_path_fails_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from distress_evals.cli import main
    from distress_evals.logs.reader import LogPathError

    missing, out = tmp_path / "no-such-logs", tmp_path / "out"
    with pytest.raises(LogPathError, match="does not exist"):
        build_report(missing, out)
    assert main(["report", str(missing), "--out", str(out)]) != 0
    assert f"log path '{missing}' does not exist" in capsys.readouterr().err
    assert not out.exists()
