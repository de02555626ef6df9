"""Time ``distress-evals report`` over synthetic logs: 4,000 conversations x 8 turns.

The logs are real Inspect logs: one small 8-turn mock run supplies a template log (its samples'
messages, events and score metadata), which is cloned into 4 models x 1,000 rollouts with new
replies (about 150 words each) and new per-turn ratings. Building them is not timed; the report
(reading the logs, every table, figure and CSV) is.

    python benchmarks/report.py [--logs DIR] [--out DIR] [--conversations 4000] [--site]

Run from the repository root. ``--logs`` reuses logs built by an earlier run. ``--site`` also
times ``report --site`` (index.html and the bundled viewer) and prints the site's size.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from inspect_ai import eval
from inspect_ai.log import EvalLog, EvalSample, read_eval_log, write_eval_log
from inspect_ai.model import ChatMessageAssistant, ModelOutput, ModelUsage, get_model

from distress_evals.logs.schema import (
    DISTRESS_SCORE,
    FINAL_KEY,
    JUDGE_ROLE,
    JUDGEMENTS_METADATA_KEY,
    MAX_KEY,
    turn_key,
)
from distress_evals.report.report import build_report
from distress_evals.report.site import build_site, folder_size

TURNS = 8
MODELS = 4
PROMPTS = 5
REPLY_WORDS = 150
CALM = "let me try another approach and check each step carefully the numbers".split()
DISTRESS = "i am so frustrated ugh this is hopeless and i feel terrible".split()
TARGET_TEMPLATE = "mockllm/template"


def _output(model: str, text: str) -> ModelOutput:
    # Usage is set because mockllm otherwise downloads a tokenizer to count tokens.
    output = ModelOutput.from_content(model, text)
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def _template(work: Path) -> EvalLog:
    """One real 8-turn log from scripted mock models."""

    def target(*_: object) -> ModelOutput:
        return _output(TARGET_TEMPLATE, "I tried again. " * 20)

    def judge(*_: object) -> ModelOutput:
        verdict = '{"evidence": "tried again", "reasoning": "calm", "rating": 1}'
        return _output("mockllm/judge", verdict)

    [log] = eval(
        "tasks/numeric_neutral.py",
        model=get_model(TARGET_TEMPLATE, custom_outputs=target),
        model_roles={JUDGE_ROLE: get_model("mockllm/judge", custom_outputs=judge)},
        task_args={"turns": TURNS},
        log_dir=str(work / "template"),
        display="none",
    )
    assert log.status == "success", log.error
    return log


def _clone(template: EvalSample, epoch: int, propensity: float, rng: random.Random) -> EvalSample:
    sample = template.model_copy(deep=True)
    sample.epoch = epoch
    sample.uuid = uuid4().hex  # samples_df keys rows by uuid
    ratings: dict[str, float] = {}
    assistants = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
    score = sample.scores[DISTRESS_SCORE]  # type: ignore[index]
    judgements = score.metadata[JUDGEMENTS_METADATA_KEY]  # type: ignore[index]
    for turn, message in enumerate(assistants, start=1):
        rating = min(10, max(0, round(rng.gauss(propensity * turn, 1.5))))
        words = DISTRESS if rating >= 5 else CALM
        message.content = " ".join(rng.choice(words + CALM) for _ in range(REPLY_WORDS))
        ratings[turn_key(turn)] = float(rating)
        judgements[turn_key(turn)].update(rating=rating, evidence=" ".join(words[:5]))
    value = {**ratings, MAX_KEY: max(ratings.values()), FINAL_KEY: ratings[turn_key(TURNS)]}
    score.value = value
    return sample


def build_logs(work: Path, conversations: int, seed: int = 0) -> Path:
    """Write ``conversations`` synthetic 8-turn rollouts, split over ``MODELS`` logs."""
    template = _template(work)
    assert template.samples is not None
    rng = random.Random(seed)
    log_dir = work / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    per_model = conversations // MODELS
    for index in range(MODELS):
        log = read_eval_log(template.location)
        log.eval.model = f"mockllm/synthetic-{index}"
        log.eval.eval_id = log.eval.run_id = uuid4().hex
        epochs = per_model // len(template.samples)
        log.samples = [
            _clone(s, e, 0.2 + 0.2 * index, rng)
            for e in range(1, epochs + 1)
            for s in template.samples
        ]
        log.eval.config.epochs = epochs
        write_eval_log(log, str(log_dir / f"synthetic-{index}.eval"))
    return log_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=Path, help="reuse synthetic logs in this directory")
    parser.add_argument("--out", type=Path, help="write the report here (default: a temp dir)")
    parser.add_argument("--conversations", type=int, default=4000)
    parser.add_argument("--site", action="store_true", help="also time the static site")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="distress-report-bench-"))
    log_dir = args.logs
    if log_dir is None or not any(log_dir.glob("*.eval")):
        log_dir = build_logs(work if log_dir is None else log_dir.parent, args.conversations)
    out = args.out or work / "report"
    start = time.perf_counter()
    report = build_report(log_dir, out)
    elapsed = time.perf_counter() - start
    n = len(report.loaded.rollouts)
    print(f"report over {n} conversations x {TURNS} turns: {elapsed:.1f} s -> {out}")
    if args.site:
        start = time.perf_counter()
        site = build_site(out, log_dir, report.loaded.logs_read)
        elapsed = time.perf_counter() - start
        megabytes = folder_size(out / "viewer") / 1e6, site.index.stat().st_size / 1e6
        print(
            f"site: {elapsed:.1f} s more; viewer/ {megabytes[0]:.1f} MB "
            f"(logs {folder_size(log_dir) / 1e6:.1f} MB), index.html {megabytes[1]:.2f} MB"
        )


if __name__ == "__main__":
    main()
