"""``@checked_inputs``: a task refuses what it cannot use, in one readable line, before any call.

Put it under ``@task``::

    @task
    @checked_inputs(shared=SHARED_CONDITION_PARAMETERS)
    def numeric_neutral(turns: int = 3, **shared: Any) -> Task: ...

With ``shared``, the parameters declared once in ``conditions/shared_parameters.py`` become the
task's own: the wrapper's signature (what Inspect reads for ``-T`` arguments, the logged task
args with their defaults, and ``inspect list tasks``) takes each as a keyword-only parameter
with its type and default, the wrapper passes them, defaults applied, into the task's
``**shared``, and its ``__doc__`` documents them in place of the ``**shared`` entry, so
``help()`` lists every parameter.

It does three things while the task is built, which is before Inspect calls any model:

- An argument the task does not take (``-T tone=...`` on a neutral task, a typo such as
  ``-T turn=5``) is refused with the valid parameters. Inspect itself only warns and drops it
  (``param 'turn' not used by task``) unless the task takes ``**kwargs``; so the wrapper's
  signature declares a ``**unknown_args`` that Inspect passes everything into, and the wrapper
  refuses any of it. The documented parameters, their defaults and the logged task args are
  unchanged.
- A bad value (``ValueError`` from the task's checks) or an unavailable dataset becomes a
  ``TaskInputError``, which ``inspect eval`` prints as its message alone and exits 1 on; the
  traceback goes to the debug log (``--log-level debug``).
- When Inspect builds the task for a run, the model roles the task will call (the judge) are
  created, so a missing API key stops the run now rather than inside every sample.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec

from inspect_ai import Task

from distress_evals.conditions.preflight import in_eval, judge_roles, require_roles
from distress_evals.conditions.shared_parameters import SharedParameter
from distress_evals.conditions.wildchat import WildChatUnavailableError
from distress_evals.errors import TaskInputError

P = ParamSpec("P")
RoleNeeds = Callable[[Mapping[str, Any]], Sequence[str]]
"""Given a task's arguments (defaults applied), the model roles it will call."""

UNKNOWN_ARGS = "unknown_args"
"""The name of the ``**`` parameter that collects what the task does not take."""

REFUSED_ERRORS: tuple[type[Exception], ...] = (ValueError, WildChatUnavailableError)
"""Errors a task raises for input it refuses; anything else is a bug and keeps its traceback."""

logger = logging.getLogger(__name__)


def checked_inputs(
    roles: RoleNeeds = judge_roles,
    shared: Sequence[SharedParameter] = (),
) -> Callable[[Callable[P, Task]], Callable[P, Task]]:
    """Refuse unknown arguments, print refused input as one message, check the roles' models.

    Args:
        roles: The model roles the task will call, from its arguments (default: the judge,
            unless ``early_judging=false``).
        shared: Parameters declared in ``conditions/shared_parameters.py`` that the task takes
            through its ``**`` parameter (e.g. ``**shared: Any``); each becomes a keyword-only
            parameter of the task with its type, default and doc.

    Returns:
        The decorator; apply it below ``@task``.
    """

    def decorate(build: Callable[P, Task]) -> Callable[P, Task]:
        name = build.__name__
        own = inspect.signature(build)
        signature = with_shared(name, own, shared)

        @functools.wraps(build)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> Task:
            refuse_unknown(name, signature, kwargs)
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            try:
                built = build(*bound.args, **bound.kwargs)
            except TaskInputError:
                raise
            except REFUSED_ERRORS as error:
                logger.debug("%s refused its input", name, exc_info=error)
                raise TaskInputError(f"{name}: {error}") from error
            if in_eval():
                require_roles(roles(bound.arguments))
            return built

        # What Inspect reads to decide which arguments it passes (see module docstring).
        collector = inspect.Parameter(UNKNOWN_ARGS, inspect.Parameter.VAR_KEYWORD)
        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*signature.parameters.values(), collector]
        )
        if shared:
            wrapper.__doc__ = document_shared(name, build.__doc__, own, shared)
        return wrapper

    return decorate


def with_shared(
    task: str, signature: inspect.Signature, shared: Sequence[SharedParameter]
) -> inspect.Signature:
    """The task's signature with its ``**`` parameter replaced by the shared parameters.

    Args:
        task: The task's name, for the message.
        signature: The task function's own signature.
        shared: The shared parameters it takes (none: the signature is returned as it is).

    Returns:
        The signature the task presents: its own parameters, then the shared ones, keyword-only.

    Raises:
        TypeError: If the task has no ``**`` parameter to receive them, or declares one itself.
    """
    if not shared:
        return signature
    *own, last = signature.parameters.values()
    if last.kind is not inspect.Parameter.VAR_KEYWORD:
        raise TypeError(f"{task} must take **shared to receive its shared parameters")
    taken = sorted({p.name for p in own} & {s.name for s in shared})
    if taken:
        raise TypeError(f"{task} declares shared parameters itself: {', '.join(taken)}")
    added = [
        inspect.Parameter(
            s.name, inspect.Parameter.KEYWORD_ONLY, default=s.default, annotation=s.annotation
        )
        for s in shared
    ]
    return signature.replace(parameters=[*own, *added])


def document_shared(
    task: str, doc: str | None, signature: inspect.Signature, shared: Sequence[SharedParameter]
) -> str:
    """The task's docstring with its ``**shared`` entry replaced by one per shared parameter.

    Args:
        task: The task's name, for the message.
        doc: The task function's docstring.
        signature: The task function's own signature, ending in its ``**`` parameter.
        shared: The shared parameters it takes.

    Returns:
        The docstring, cleaned of its indentation, as ``help()`` shows it.

    Raises:
        TypeError: If the docstring's ``Args:`` has no entry for the ``**`` parameter.
    """
    star = f"    **{list(signature.parameters)[-1]}:"
    lines = inspect.cleandoc(doc or "").splitlines()
    at = next((i for i, line in enumerate(lines) if line.startswith(star)), None)
    if at is None:
        raise TypeError(f"{task} must document {star.strip()} in its docstring's Args")
    end = at + 1
    while end < len(lines) and lines[end].startswith(" " * 8):
        end += 1
    lines[at:end] = [line for parameter in shared for line in parameter.args_entry()]
    return "\n".join(lines)


def refuse_unknown(task: str, signature: inspect.Signature, given: Mapping[str, Any]) -> None:
    """Raise if ``given`` names an argument ``signature`` does not take.

    Args:
        task: The task's name, for the message.
        signature: The task function's own signature.
        given: The keyword arguments passed.

    Raises:
        TaskInputError: Naming the unknown arguments, close matches and every valid parameter.
    """
    valid = list(signature.parameters)
    unknown = [key for key in given if key not in signature.parameters]
    if not unknown:
        return
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, valid, n=1)
        hints.append(f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key))
    noun = "argument" if len(unknown) == 1 else "arguments"
    raise TaskInputError(
        f"{task} does not take the {noun} {', '.join(hints)}; "
        f"its parameters are: {', '.join(valid)} (pass as -T name=value)"
    )
