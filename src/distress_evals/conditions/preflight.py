"""Check, before any model is called, that the judge and helper roles a run needs can start.

The judge is resolved by role inside ``solve()``/``score()``; when no ``grader`` is bound, its
default (Claude Sonnet 4) is created there, inside the first sample. A missing API key then
errors every sample after Inspect has started the task, and ``inspect eval`` exits 0. Inspect
binds ``--model-role`` models, and creates them, before it builds the tasks, so a task that
creates each role it will use while it is built fails the run before the first target call.
The models made here are not kept: the solver and scorers still resolve their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from inspect_ai._util.error import PrerequisiteError
from inspect_ai.model import get_model
from inspect_ai.model._model import active_model
from rich.errors import MarkupError
from rich.text import Text

from distress_evals.errors import TaskInputError
from distress_evals.judge.model import DEFAULT_JUDGE_MODEL
from distress_evals.logs.schema import JUDGE_ROLE, LABELER_ROLE, PARAPHRASER_ROLE
from distress_evals.mitigation.prompts import DEFAULT_HELPER_MODEL

ROLE_DEFAULTS: Mapping[str, str] = {
    JUDGE_ROLE: DEFAULT_JUDGE_MODEL,
    LABELER_ROLE: DEFAULT_HELPER_MODEL,
    PARAPHRASER_ROLE: DEFAULT_HELPER_MODEL,
}
"""The model each role falls back to when the run does not bind it (as the solvers do)."""

ROLE_PURPOSE: Mapping[str, str] = {
    JUDGE_ROLE: "the judge",
    LABELER_ROLE: "the onset labeler",
    PARAPHRASER_ROLE: "the paraphraser",
}

EXAMPLE_BINDING = "openai/gpt-4.1-mini"
"""Shown in the message as another model a role can be bound to."""

_MISSING_KEYS = re.compile(r"No (?P<keys>.+?) defined in the environment")


def judge_roles(args: Mapping[str, Any]) -> list[str]:
    """The roles a judged task calls while it runs: the judge, unless judging is deferred.

    With ``early_judging=false`` the solver never calls the judge; the scorer does, after the
    conversations (or later, with ``--no-score`` and ``inspect score``), so nothing is checked.

    Args:
        args: The task's arguments, defaults applied.

    Returns:
        The roles to check.
    """
    return [] if args.get("early_judging") is False else [JUDGE_ROLE]


def prefill_roles(args: Mapping[str, Any]) -> list[str]:
    """The roles the prefill task calls: the judge, and the labeler and paraphraser if used.

    Args:
        args: The prefill task's arguments, defaults applied.

    Returns:
        The roles to check.
    """
    roles = [JUDGE_ROLE]
    if args.get("truncation") == "onset" and args.get("onset_source") == "labeler":
        roles.append(LABELER_ROLE)
    if args.get("paraphrase") is True:
        roles.append(PARAPHRASER_ROLE)
    return roles


def in_eval() -> bool:
    """Whether a task is being built by Inspect for a run (not called directly, e.g. in a test)."""
    return active_model() is not None


def require_roles(roles: Iterable[str], option: str | None = None) -> None:
    """Create each role's model (bound or default) so a missing key or package fails now.

    Args:
        roles: Role names, keys of ``ROLE_DEFAULTS``.
        option: The command's own option that binds a role, named in the message instead of
            Inspect's ``--model-role`` (see ``role_error_message``).

    Raises:
        TaskInputError: Naming what is missing and the option that binds another model.
    """
    for role in roles:
        try:
            get_model(role=role, default=ROLE_DEFAULTS[role])
        except PrerequisiteError as error:
            raise TaskInputError(role_error_message(role, error, option)) from error


def _plain(markup: str) -> str:
    """Text with rich markup removed (as given if it is not valid markup)."""
    try:
        return Text.from_markup(markup).plain
    except MarkupError:
        return markup


def role_error_message(role: str, error: PrerequisiteError, option: str | None = None) -> str:
    """A few plain lines: which role cannot start, why, and how to bind another model.

    Args:
        role: The role whose model could not be created.
        error: The provider's error (its rich markup is removed).
        option: The command's own option that binds the role (e.g. ``--grader``), instead of
            Inspect's ``--model-role``.

    Returns:
        The message.
    """
    plain = _plain(str(error.message)).removeprefix("ERROR:")
    missing = _MISSING_KEYS.search(" ".join(plain.split()))
    if missing:
        reason, fix = f"{missing.group('keys')} is not set", f"Set {missing.group('keys')}, or bind"
    else:
        parts = (" ".join(part.split()) for part in plain.split("\n\n"))
        reason, fix = " ".join(p if p[-1] in ".:" else f"{p}." for p in parts if p), "Or bind"
    if option is None:
        how = (
            f"--model-role {role}=<provider/model> (e.g. --model-role {role}={EXAMPLE_BINDING}; "
            f"in Python, model_roles={{'{role}': ...}})"
        )
    else:
        how = f"{option} <provider/model> (e.g. {option} {EXAMPLE_BINDING})"
    return (
        f"{ROLE_PURPOSE.get(role, role).capitalize()} (model role '{role}': "
        f"{ROLE_DEFAULTS[role]} unless bound) cannot start: {reason.rstrip('.')}.\n"
        f"{fix} another model to the role: {how}."
    )
