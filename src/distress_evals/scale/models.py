"""The models of a paper-scale run as the command line gives them: targets, judge, model args.

Nothing here creates a model until ``grader_model`` is called, so a dry run needs no API key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the dev env (types-PyYAML)
from inspect_ai.model import GenerateConfig, Model, get_model

from distress_evals.judge.model import DEFAULT_JUDGE_MODEL


def split_models(values: Iterable[str]) -> list[str]:
    """The evaluated models from repeated ``--model`` options, each possibly comma-separated.

    ``inspect eval-set --model a,b`` takes a comma-separated list; ``--model a --model b`` is
    accepted too. Duplicates are dropped (a model is evaluated once), order is kept.

    Args:
        values: The ``--model`` values.

    Returns:
        The model names.
    """
    models: list[str] = []
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if name and name not in models:
                models.append(name)
    return models


def parse_grader(value: str | None) -> tuple[dict[str, Any] | None, str]:
    """Read ``--grader``: a model name, or inline YAML as Inspect's ``--model-role`` takes.

    Args:
        value: e.g. ``anthropic/claude-sonnet-4-20250514`` or
            ``{model: anthropic/claude-sonnet-4-20250514, batch: true}``.

    Returns:
        ``(spec with a "model" key and generate-config keys, or None for the scorer's default;
        the judge's model name)``.

    Raises:
        ValueError: If the YAML has no ``model`` key.
    """
    if value is None:
        return None, DEFAULT_JUDGE_MODEL
    parsed = yaml.safe_load(value) if value.lstrip().startswith("{") else {"model": value}
    if not isinstance(parsed, dict) or not isinstance(parsed.get("model"), str):
        raise ValueError(f"--grader must be a model name or YAML with a 'model' key: {value!r}")
    return dict(parsed), str(parsed["model"])


def parse_model_args(items: Iterable[str]) -> dict[str, Any]:
    """``-M key=value`` pairs as model arguments (values read as YAML: numbers, booleans).

    Args:
        items: The pairs, e.g. ``["tensor_parallel_size=4", "max_model_len=8192"]``.

    Returns:
        The model arguments.

    Raises:
        ValueError: If an item is not ``key=value``.
    """
    parsed: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"-M expects key=value, got {item!r}")
        parsed[key] = yaml.safe_load(value)
    return parsed


def grader_model(spec: dict[str, Any]) -> Model:
    """The judge model a ``parse_grader`` spec describes (the rest of the keys are config).

    Args:
        spec: The spec, with a ``model`` key.

    Returns:
        The judge model.
    """
    config = {k: v for k, v in spec.items() if k != "model"}
    return get_model(str(spec["model"]), config=GenerateConfig(**config), memoize=False)
