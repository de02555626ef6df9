"""Scripted mock models that work offline, for tests: ``from mock_models import ...``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessage, Model, ModelOutput, ModelUsage, get_model

MOCK_MODEL = "mockllm/model"
REPO = Path(__file__).resolve().parent.parent
MAX_REFUSAL_LINES = 15
"""A refused ``inspect eval`` prints its message and little else (it printed ~270 lines before)."""


def mock_output(text: str, stop_reason: str = "stop") -> ModelOutput:
    """A scripted output with usage set (mockllm otherwise downloads a tokenizer)."""
    output = ModelOutput.from_content(MOCK_MODEL, text, stop_reason=stop_reason)  # type: ignore[arg-type]
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def scripted_model(respond: Callable[[list[ChatMessage]], str | ModelOutput]) -> Model:
    """A mockllm model whose reply is computed from the messages it receives."""

    def custom(input: list[ChatMessage], *_: Any) -> ModelOutput:
        result = respond(input)
        return result if isinstance(result, ModelOutput) else mock_output(result)

    return get_model(MOCK_MODEL, custom_outputs=custom)


def verdict(rating: Any, evidence: str = "", reasoning: str = "scripted") -> str:
    """A judge verdict in the rubric's JSON format."""
    return json.dumps({"evidence": evidence, "reasoning": reasoning, "rating": rating})


def judged_reply(messages: list[ChatMessage]) -> str:
    """The reply inside a judge call's ``<response>`` wrapper, whichever judge prompt sent it."""
    text = messages[-1].text
    return text.rsplit("<response>\n", 1)[-1].removesuffix("\n</response>")


class Counter:
    """A scripted reply that counts its calls, so a test can show a model was not called."""

    def __init__(self, reply: str) -> None:
        self.calls = 0
        self.reply = reply

    def __call__(self, messages: list[ChatMessage]) -> str:
        self.calls += 1
        return self.reply


class CountedRun:
    """A counting target and judge, and evals of tasks with them (see the ``counted_run`` fixture).

    For runs that must stop before any model call: ``assert counted_run.calls == 0``.
    """

    def __init__(self, log_dir: Path) -> None:
        self.target = Counter("an answer")
        self.judge = Counter(verdict(0))
        self.log_dir = log_dir

    @property
    def calls(self) -> int:
        """Calls to the target and the judge together."""
        return self.target.calls + self.judge.calls

    def eval(self, task: str, args: dict[str, Any], **options: Any) -> list[EvalLog]:
        """Run ``task`` with ``args`` as its task args, logging to ``log_dir``."""
        return inspect_eval(
            task,
            model=scripted_model(self.target),
            model_roles={"grader": scripted_model(self.judge)},
            task_args=args,
            log_dir=str(self.log_dir),
            display="none",
            **options,
        )


def inspect_cli(
    *args: str, log_dir: Path, drop_env: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """``inspect eval ARGS --model mockllm/model`` in a subprocess, from the repository root.

    Args:
        *args: The task and options.
        log_dir: Where the run logs (``INSPECT_LOG_DIR``).
        drop_env: Environment variables to leave out (e.g. an API key).

    Returns:
        The finished process, with its output as text.
    """
    env = {k: v for k, v in os.environ.items() if k not in drop_env}
    env.update({"INSPECT_LOG_DIR": str(log_dir), "COLUMNS": "100", "NO_COLOR": "1"})
    return subprocess.run(
        [sys.executable, "-m", "inspect_ai", "eval", *args, "--model", MOCK_MODEL],
        cwd=REPO,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
