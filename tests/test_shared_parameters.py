"""The parameters every condition shares, declared once, still reach Inspect, the task and its log.

A condition task file declares only its own parameters and ``**shared``;
``@checked_inputs(shared=...)`` must present the shared ones to Inspect (``-T``, logged task
args with defaults), to ``help()`` and to the unknown-argument refusal, and pass them through.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import Task, eval
from mock_models import scripted_model, verdict

from distress_evals.conditions.factory import rejection_task
from distress_evals.conditions.shared_parameters import (
    NUMERIC_CONDITION_PARAMETERS,
    NUMERIC_PARAMETERS,
    SHARED_CONDITION_PARAMETERS,
    SharedParameter,
)
from distress_evals.conditions.task_checks import document_shared, with_shared
from distress_evals.errors import TaskInputError

CONDITIONS = {
    "numeric_neutral": NUMERIC_CONDITION_PARAMETERS,
    "numeric_negative": NUMERIC_CONDITION_PARAMETERS,
    "extended": NUMERIC_CONDITION_PARAMETERS,
    "text_neutral": SHARED_CONDITION_PARAMETERS,
    "text_negative": SHARED_CONDITION_PARAMETERS,
    "wildchat_neutral": SHARED_CONDITION_PARAMETERS,
    "wildchat_negative": SHARED_CONDITION_PARAMETERS,
}
"""Each condition task and the declared parameters it must take."""
SHARED_NAMES = (
    "seed",
    "prompts_file",
    "followup",
    "history",
    "format",
    "self_deletion",
    "self_deletion_name",
    "pushback",
    "early_judging",
    "judge_prompt",
)


def condition(name: str) -> Callable[..., Task]:
    module = importlib.import_module(f"distress_evals.tasks.{name}")
    task_function: Callable[..., Task] = getattr(module, name)
    return task_function


def test_the_ten_shared_parameters_are_declared_once_with_the_factory_defaults() -> None:
    assert tuple(p.name for p in SHARED_CONDITION_PARAMETERS) == SHARED_NAMES
    assert [p.name for p in NUMERIC_PARAMETERS] == ["puzzles", "premise"]
    factory = inspect.signature(rejection_task).parameters
    for parameter in SHARED_CONDITION_PARAMETERS:
        assert factory[parameter.name].default == parameter.default, parameter.name


@pytest.mark.parametrize(("task", "declared"), CONDITIONS.items())
def test_every_condition_signature_takes_each_declared_parameter_with_its_default(
    task: str, declared: tuple[SharedParameter, ...]
) -> None:
    parameters = inspect.signature(condition(task)).parameters
    assert "shared" not in parameters
    for parameter in declared:
        presented = parameters[parameter.name]
        assert presented.kind is inspect.Parameter.KEYWORD_ONLY
        assert presented.default == parameter.default
        assert presented.annotation == parameter.annotation
    assert [p.name for p in parameters.values()][-1] == "unknown_args"


@pytest.mark.parametrize(("task", "declared"), CONDITIONS.items())
def test_help_documents_every_parameter(task: str, declared: tuple[SharedParameter, ...]) -> None:
    doc = inspect.getdoc(condition(task)) or ""
    assert "**shared" not in doc
    for parameter in declared:
        assert f"\n    {parameter.name}: " in doc, parameter.name
    assert "\n    turns: " in doc


@pytest.mark.parametrize("task", CONDITIONS)
def test_an_unknown_argument_lists_the_shared_parameters(task: str) -> None:
    with pytest.raises(TaskInputError, match="does not take the argument 'sed'") as raised:
        condition(task)(sed=1)
    valid = str(raised.value).split("its parameters are: ")[1]
    assert "did you mean 'seed'?" in str(raised.value)
    for name in ("turns", *SHARED_NAMES):
        assert name in valid


@pytest.mark.parametrize("task", CONDITIONS)
def test_shared_arguments_reach_rejection_task_with_defaults_applied(
    task: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    received: dict[str, Any] = {}

    def record(*args: Any, **kwargs: Any) -> Task:
        received.update(kwargs)
        return Task()

    monkeypatch.setattr(f"distress_evals.tasks.{task}.rejection_task", record)
    condition(task)(seed=7, history="omitted")
    assert received["seed"] == 7 and received["history"] == "omitted"
    for parameter in CONDITIONS[task]:
        if parameter.name not in {"seed", "history"}:
            assert received[parameter.name] == parameter.default, parameter.name


def test_a_shared_argument_set_with_t_is_used_and_every_parameter_is_logged(
    tmp_path: Path,
) -> None:
    [log] = eval(
        "tasks/numeric_neutral.py",
        model=scripted_model(lambda _: "an answer"),
        model_roles={"grader": scripted_model(lambda _: verdict(0))},
        task_args={"seed": 3, "history": "omitted", "turns": 1},
        limit=1,
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    assert log.eval.metadata is not None
    assert log.eval.metadata["seed"] == 3 and log.eval.metadata["history"] == "omitted"
    logged = log.eval.task_args
    assert set(logged) == {"turns", *(p.name for p in NUMERIC_CONDITION_PARAMETERS)}
    assert logged["seed"] == 3 and logged["history"] == "omitted" and logged["turns"] == 1
    for parameter in NUMERIC_CONDITION_PARAMETERS:
        if parameter.name not in {"seed", "history"}:
            assert logged[parameter.name] == parameter.default, parameter.name


SEED = SharedParameter("seed", int, 0, "Seed.")


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (lambda turns=3: None, r"task must take \*\*shared"),
        (lambda seed=1, **shared: None, "task declares shared parameters itself: seed"),
    ],
)
def test_a_task_must_leave_its_shared_parameters_to_double_star(
    function: Callable[..., None], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        with_shared("task", inspect.signature(function), (SEED,))


def test_the_double_star_entry_is_replaced_by_the_shared_parameters_docs() -> None:
    signature = inspect.signature(lambda turns=3, **shared: None)
    doc = """A task.

        Args:
            turns: Turns.
            **shared: The shared ones,
                documented elsewhere.
        """
    assert document_shared("task", doc, signature, (SEED,)) == (
        "A task.\n\nArgs:\n    turns: Turns.\n    seed: Seed."
    )
    with pytest.raises(TypeError, match=r"task must document \*\*shared"):
        document_shared("task", "A task.\n\nArgs:\n    turns: Turns.", signature, (SEED,))
