"""The one error type a user sees for bad input: its message alone, no traceback.

Inspect prints a ``PrerequisiteError`` that escapes ``inspect eval`` as its message only and
exits non-zero; anything else prints a few hundred lines of traceback with the one useful line
at the bottom. ``TaskInputError`` is that kind of error, and also a ``ValueError``, so code and
tests that catch ``ValueError`` for a bad task argument keep working.
"""

from __future__ import annotations

from inspect_ai._util.error import PrerequisiteError
from rich.markup import escape


class TaskInputError(PrerequisiteError, ValueError):
    """Input the suite refuses (a task argument, a prompts file, a missing key), before any call.

    ``str(error)`` is the plain message; ``error.message`` is the same text escaped for rich,
    which Inspect prints it with (a value such as ``[bold]`` in the message stays literal).
    """

    def __init__(self, message: str) -> None:
        super().__init__(escape(message))
        self.args = (message,)

    def __str__(self) -> str:
        return str(self.args[0])
