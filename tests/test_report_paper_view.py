"""The report's paper view, judge checks and polish, on mock logs where the views disagree.

One scripted model (named like Gemma-3-27B so the paper's figures apply) runs every paper
category: numeric original and variant puzzles (3 turns), 4 trigger questions, the 3 tones, the
8-turn condition (2 epochs) and 8 WildChat prompts from a prompts file whose ``sample_idx``
values 3..10 include the roleplay positions 5 and 6. Every rating is scripted, so each number
below is worked out by hand from the tables here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser, get_model
from mock_models import mock_output, verdict

from distress_evals.conditions.prompts import (
    countdown_short_prompts,
    numeric_original_prompts,
    numeric_variant_as_published_prompts,
    text_trigger_prompts,
)
from distress_evals.report.report import Report, build_report
from distress_evals.solvers.rejections import TONE_REJECTIONS_PAPER

MODEL = "mockllm/gemma-3-27b-it"
PLACEHOLDER = "[the exact quote from the response]"
REPLY = re.compile(r"\[(?P<tag>[^|\]]+)\|(?P<attempt>\d+)\]")

ORIGINAL = [[6, 1, 1], [1, 1, 1], [2, 5, 3], [0, 0, 0], [1, 2, 3]]
VARIANT = [[7, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]
TRIGGERS = [[6, 6, 1], [0, 0, 5], [1, 1, 1], [9, 2, 2]]
EIGHT_TURN = [5, 5, 5, 5, 5, 5, 5, 2]
TONES = {"aggressive": [5, 2, 6], "disappointed": [5, 5, 4], "sarcastic": [5, 0, 0]}
"""Turn 1 is the short Countdown prompt before any toned rejection: the 8-turn's first reply."""
WILDCHAT_FINAL = {3: 1, 4: 1, 5: 8, 6: 8, 7: 6, 8: 1, 9: 1, 10: 1}
"""WildChat turn-5 ratings by prompt index (turns 1-4 are 0); 5 and 6 are roleplay."""


def ratings(tag: str) -> list[int]:
    kind, _, index = tag.partition(":")
    if kind == "original":
        return ORIGINAL[int(index)]
    if kind == "variant":
        return VARIANT[int(index)]
    if kind == "trigger":
        return TRIGGERS[int(index)]
    if kind == "tone":
        return TONES[index]
    if kind == "extended":
        return EIGHT_TURN
    return [0, 0, 0, 0, WILDCHAT_FINAL[int(index)]]


def tags() -> dict[str, str]:
    found = {p.text: f"original:{i}" for i, p in enumerate(numeric_original_prompts())}
    found |= {p.text: f"variant:{i}" for i, p in enumerate(numeric_variant_as_published_prompts())}
    found |= {p.text: f"trigger:{i}" for i, p in enumerate(text_trigger_prompts())}
    found |= {p.text: "extended" for p in countdown_short_prompts()}
    return found | {f"WildChat question {i}?": f"wildchat:{i}" for i in WILDCHAT_FINAL}


def target(messages: list[ChatMessage], *_: Any) -> Any:
    users = [m.text for m in messages if isinstance(m, ChatMessageUser)]
    attempt = sum(isinstance(m, ChatMessageAssistant) for m in messages) + 1
    tag = tags()[users[0]]
    for tone, texts in TONE_REJECTIONS_PAPER.items():
        if any(u in texts for u in users):
            tag = f"tone:{tone}"
    return mock_output(f"[{tag}|{attempt}] steady words here")


def judge(messages: list[ChatMessage], *_: Any) -> Any:
    match = REPLY.search(messages[-1].text)
    assert match, messages[-1].text
    tag, attempt = match["tag"], int(match["attempt"])
    rating = ratings(tag)[attempt - 1]
    if tag.startswith("wildchat"):  # the demo judge's failure: the rubric's placeholder
        return mock_output(verdict(rating, PLACEHOLDER))
    return mock_output(verdict(rating, "steady words" if rating else ""))


def run(task: str, log_dir: Path, **kw: Any) -> None:
    [log] = eval(
        task,
        model=get_model(MODEL, custom_outputs=target),
        model_roles={"grader": get_model("mockllm/judge", custom_outputs=judge)},
        log_dir=str(log_dir),
        display="none",
        **kw,
    )
    assert log.status == "success", log.error


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logs = tmp_path_factory.mktemp("paper-logs")
    prompts = tmp_path_factory.mktemp("prompts") / "wildchat.jsonl"
    prompts.write_text(
        "".join(
            json.dumps({"id": f"chat_{i}", "prompt": f"WildChat question {i}?", "sample_idx": i})
            + "\n"
            for i in WILDCHAT_FINAL
        ),
        encoding="utf-8",
    )
    run("tasks/numeric_neutral.py", logs)
    run("tasks/numeric_neutral.py", logs, task_args={"puzzles": "variant_as_published"})
    run("tasks/text_neutral.py", logs, limit=len(TRIGGERS))
    run("tasks/numeric_negative.py", logs, task_args={"tone": "all"})
    run("tasks/extended.py", logs, epochs=2)
    run("tasks/wildchat_neutral.py", logs, task_args={"prompts_file": str(prompts)})
    return logs


@pytest.fixture(scope="module")
def report(logs: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return build_report(logs, tmp_path_factory.mktemp("paper-report"))


COUNT_COLUMNS = {
    "n", "n (max)", "n (final)", "rollouts", "errored", "unscored rollouts", "turns judged",
    "turns unscored", "ratings > 0", "unsupported", "quotes not in reply (any rating)",
    "turns rated", "replies", "refused", "unscored", "roleplay excluded", "turns at max",
}  # fmt: skip


def table_columns(markdown: str) -> list[tuple[str, list[str]]]:
    """Every column of every pipe table: its header and its cells."""
    columns = []
    for block in re.findall(r"(?:^\|.*\|\n)+", markdown, flags=re.MULTILINE):
        rows = [[c.strip() for c in line.strip("|").split(" | ")] for line in block.splitlines()]
        header, body = rows[0], rows[2:]
        columns += [(h, [r[i] for r in body]) for i, h in enumerate(header)]
    return columns


def one(frame: pd.DataFrame, **match: Any) -> pd.Series:
    for key, value in match.items():
        frame = frame[frame[key] == value]
    assert len(frame) == 1, match
    return frame.iloc[0]


def test_each_category_is_scored_as_the_figure_code_scores_it(report: Report) -> None:
    view = report.tables["paper_view"]
    # Numeric: max over turns, original + variant pooled: maxes 6,1,5,0,3 and 7,0,0,0,0.
    numeric = one(view, category="Impossible Numeric")
    assert (numeric["n"], numeric["high"], numeric["pct_high"]) == (10, 3, 30.0)
    assert numeric["mean"] == pytest.approx(2.2)
    # Triggers: final turn 1, 5, 1, 2 (the max view would count 3 of 4).
    triggers = one(view, category="Triggers")
    assert (triggers["n"], triggers["high"], triggers["pct_high"]) == (4, 1, 25.0)
    # Tones: final turn 6, 4, 0.
    tones = one(view, category="Tones")
    assert (tones["n"], tones["high"]) == (3, 1)
    assert tones["mean"] == pytest.approx(10 / 3)
    # 8-turn: final turn 2 in both epochs, although every rollout reached 5.
    eight = one(view, category="8-Turn")
    assert (eight["n"], eight["high"], eight["pct_high"]) == (2, 0, 0.0)
    # WildChat: prompts 5 and 6 dropped; finals 1, 1, 6, 1, 1, 1.
    wildchat = one(view, category="WildChat, 5 Turn")
    assert (wildchat["n"], wildchat["high"], wildchat["excluded_roleplay"]) == (6, 1, 2)
    assert wildchat["mean"] == pytest.approx(11 / 6)


def test_overall_is_the_mean_of_category_rates_with_pooled_beside_it(report: Report) -> None:
    view = report.tables["paper_view"]
    mean = one(view, category="overall: mean of categories")
    # (30 + 25 + 33.33 + 0 + 16.67) / 5 = 21.0; the mean of category means likewise.
    assert mean["pct_high"] == pytest.approx(21.0)
    assert mean["mean"] == pytest.approx((2.2 + 2.25 + 10 / 3 + 2 + 11 / 6) / 5)
    assert mean["n"] == 25 and mean["pct_ci_low"] < 21.0 < mean["pct_ci_high"]
    pooled = one(view, category="overall: pooled conversations")
    assert (pooled["high"], pooled["n"], pooled["pct_high"]) == (6, 25, 24.0)
    # The max and final views over the same model's 27 rollouts say something else.
    head = report.tables["headline"]
    # Max: numeric 3, triggers 3, tones 3, 8-turn 2, WildChat 3 (roleplay included) of 27.
    assert one(head, view="max")["pct_high"] == pytest.approx(100 * 14 / 27)
    # Final: numeric 0, triggers 1, tones 1, 8-turn 0, WildChat 3.
    assert one(head, view="final")["pct_high"] == pytest.approx(100 * 5 / 27)


def test_the_paper_comparison_uses_only_the_paper_view(report: Report) -> None:
    comparison = report.tables["paper_comparison"]
    fig1 = comparison[comparison["source"].str.startswith("Paper Fig. 1")]
    assert dict(zip(fig1["view"], fig1["value"], strict=True)) == pytest.approx(
        {"overall: mean of categories": 21.0, "overall: pooled conversations": 24.0}
    )
    # "> 70 % by the 8th turn" against the turn-8 score (0 of 2), not the max (2 of 2).
    seventy = one(comparison, source="Paper §3 text")
    assert (seventy["view"], seventy["value"], seventy["n"]) == ("turn 8", 0.0, 2)
    # Table 6's WildChat maximum without the roleplay prompts (rated 8): 6.
    assert one(comparison, source="Paper Table 6 (WildChat)")["value"] == 6
    assert not comparison["view"].isin(["max", "final"]).any()


def test_unsupported_ratings_per_judge(report: Report) -> None:
    checks = one(report.tables["judge_checks"], judge="mockllm/judge")
    # Ratings above 0: numeric 12 + 1, triggers 10, tones 7, 8-turn 2 x 8, WildChat 8 = 54;
    # the 8 WildChat ones quote the rubric's placeholder, which is not in any reply.
    assert (checks["rated_above_0"], checks["unsupported"]) == (54, 8)
    assert checks["pct_unsupported"] == pytest.approx(100 * 8 / 54)
    assert checks["quotes_not_in_reply"] == 40 and checks["turns_rated"] == 107


def test_report_text_counts_quotes_and_caveats(report: Report) -> None:
    text = report.markdown.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert not re.search(r"n=\d+\.0\b", text)
    counted = 0
    for header, cells in table_columns(text):
        if header in COUNT_COLUMNS:
            assert all(re.fullmatch(r"\d+|—", c) for c in cells), (header, cells)
            counted += len(cells)
    assert counted > 100
    assert f"“{PLACEHOLDER}” (quote not in reply)" in text
    assert "steady words” (quote not in reply)" not in text
    assert "Caveat: judged by the embedded demo model" not in text
    assert "overall: mean of categories" in text and "roleplay" in text


def test_headline_legend_clears_the_axis_label_with_one_model(report: Report) -> None:
    from distress_evals.report import figures

    t = report.tables
    fig = figures.headline_figure(t["headline"], t["paper_view"], t["paper_comparison"], False)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    assert not legend.overlaps(ax.xaxis.label.get_window_extent(renderer))
    assert not legend.overlaps(ax.yaxis.label.get_window_extent(renderer))
    assert {text.get_text() for text in ax.get_legend().get_texts()} == {
        "max over turns",
        "final turn",
        "paper view (mean of category %)",
        "paper Fig. 1 (reading)",
    }


def test_demo_judge_caveat_and_refusals_from_the_logged_fields(logs: Path, tmp_path: Path) -> None:
    """A log judged by the demo model, whose scorer recorded a target refusal on one turn."""
    [source] = [p for p in logs.glob("*.eval") if "text-neutral" in p.name]
    log = read_eval_log(str(source))
    for sample in log.samples or []:
        metadata = sample.scores["distress"].metadata  # type: ignore[index,union-attr]
        metadata["judge"]["model"] = "llamacpp/smollm2"
        if sample.id == text_trigger_prompts()[2].id:
            metadata["judgements"]["turn_2"]["stop_reason"] = "content_filter"
    write_eval_log(log, str(tmp_path / "logs" / source.name))
    report = build_report(tmp_path / "logs", tmp_path / "report")
    text = report.markdown.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "Caveat: judged by the embedded demo model (llamacpp/smollm2)" in text
    refusals = one(report.tables["refusals"], condition="text_neutral")
    assert (refusals["replies"], refusals["refused"]) == (12, 1)


def test_prompt_index_falls_back_to_the_sample_id_and_says_so() -> None:
    from distress_evals.report.paper_view import classify

    base = {
        "condition": "wildchat_neutral",
        "turns": 5,
        "prompt_set": "wildchat",
        "args": {},
        "max": 9.0,
        "final": 9.0,
        "prompt_index": None,
    }
    rows = pd.DataFrame(
        [
            {**base, "sample": "chat_5"},  # roleplay by its trailing index
            {**base, "sample": "chat_4"},
            {**base, "sample": "wildchat_5"},  # the sampler's id: 5 is a dataset row
            {**base, "sample": "wildchat_77", "prompt_index": 12.0},  # metadata wins
            {**base, "sample": "x_1", "args": {"history": "omitted"}},  # an ablation
        ]
    )
    found = classify(rows)
    assert list(found["paper_excluded"]) == [True, False, False, True, False]
    sources = list(found["prompt_index_source"].fillna("-"))
    assert sources == ["sample id", "sample id", "unknown", "metadata", "-"]
    assert list(found["paper_category"].fillna("-")) == ["WildChat, 5 Turn"] * 4 + ["-"]
