"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytest_inspect_evals.metrics
from inspect_ai import eval as inspect_eval
from mock_models import CountedRun, scripted_model


@pytest.fixture
def counted_run(tmp_path: Path) -> CountedRun:
    """A counting target and judge; ``counted_run.eval(task, args)`` logs to ``tmp_path``."""
    return CountedRun(tmp_path)


@pytest.fixture
def offline_metric_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give ``pytest_inspect_evals.metrics.run_metrics``' eval a mock model that carries usage.

    The helper runs plain ``mockllm/model``, whose default output has no usage, so mockllm
    would download a tokenizer to count tokens; offline that fails before any metric runs.
    Use with ``pytestmark = pytest.mark.usefixtures("offline_metric_runs")``.
    """

    def eval_offline(*args: Any, **kwargs: Any) -> Any:
        kwargs["model"] = scripted_model(lambda _: "scored by replay")
        return inspect_eval(*args, **kwargs)

    monkeypatch.setattr(pytest_inspect_evals.metrics, "inspect_eval", eval_offline)
