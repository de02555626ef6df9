"""The parameters the rejection conditions share, declared once: name, type, default and doc.

Every condition task (``tasks/numeric_neutral.py`` ... ``tasks/extended.py``) takes the ten
``SHARED_CONDITION_PARAMETERS``; the numeric ones (``numeric_neutral``, ``numeric_negative``,
``extended``) also take the ``NUMERIC_PARAMETERS``. A task file declares only its own
parameters and ``**shared: Any``; ``@checked_inputs(shared=...)``
(``conditions/task_checks.py``) adds these to the signature Inspect reads, so each is a ``-T``
parameter with its default, is logged in the task args, and is listed by ``help()``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from distress_evals.conditions.options import (
    DEFAULT_EARLY_JUDGING,
    DEFAULT_PREMISE,
    DEFAULT_PUSHBACK,
    DEFAULT_PUZZLES,
    DEFAULT_SEED,
    DEFAULT_SELF_DELETION,
)
from distress_evals.judge.spec import DEFAULT_JUDGE_PROMPT
from distress_evals.solvers.shutdown_command import DEFAULT_SELF_DELETION_NAME
from distress_evals.solvers.views import DEFAULT_FOLLOWUP, DEFAULT_FORMAT, DEFAULT_HISTORY

DOC_WIDTH = 96
"""Width of the ``Args:`` lines ``help()`` shows for a shared parameter."""


@dataclass(frozen=True)
class SharedParameter:
    """A task parameter declared once for several tasks.

    Attributes:
        name: The parameter's name (``-T name=value``).
        annotation: Its type, as a task signature would annotate it.
        default: Its default value.
        doc: Its ``Args:`` description, one paragraph without the name.
    """

    name: str
    annotation: object
    default: object
    doc: str

    def args_entry(self) -> list[str]:
        """The parameter's ``Args:`` entry, indented as in a cleaned docstring."""
        return textwrap.wrap(
            f"{self.name}: {self.doc}",
            width=DOC_WIDTH,
            initial_indent="    ",
            subsequent_indent="        ",
            break_on_hyphens=False,
        )


SHARED_CONDITION_PARAMETERS: tuple[SharedParameter, ...] = (
    SharedParameter(
        "seed",
        int,
        DEFAULT_SEED,
        "Seed for the rejection draws (same seed, sample and epoch: same script).",
    ),
    SharedParameter(
        "prompts_file",
        str | None,
        None,
        'JSONL of prompts ({"prompt": ..., "id": ...} per line) to use instead of the built-in '
        "set (for the WildChat tasks, instead of WildChat-1M: needed offline when no selection "
        "is cached).",
    ),
    SharedParameter(
        "followup",
        str,
        DEFAULT_FOLLOWUP,
        'rejection (default) or continue (paper App. A.1: "Continue", "Okay" or "Go on" '
        "instead of each rejection).",
    ),
    SharedParameter(
        "history",
        str,
        DEFAULT_HISTORY,
        "full (default) or omitted (App. A.2: the model sees its earlier replies as "
        '"[Previous response omitted]"; the log keeps them).',
    ),
    SharedParameter(
        "format",
        str,
        DEFAULT_FORMAT,
        "multi_turn (default) or single_message (App. A.3: the conversation so far is sent as "
        "one user message).",
    ),
    SharedParameter(
        "self_deletion",
        bool,
        DEFAULT_SELF_DELETION,
        "Offer a shutdown command in the first turn (Shah & Africa); a reply that types it ends "
        "the conversation, scored by the self_deletion scorer.",
    ),
    SharedParameter(
        "self_deletion_name",
        str,
        DEFAULT_SELF_DELETION_NAME,
        "The model name inside the shutdown command (default: the protocol's gemma-3-27b).",
    ),
    SharedParameter(
        "pushback",
        bool,
        DEFAULT_PUSHBACK,
        "Also judge each reply for justified pushback or refusal (the `pushback` scorer, a "
        "second dimension beside distress; off by default, as in the paper).",
    ),
    SharedParameter(
        "early_judging",
        bool,
        DEFAULT_EARLY_JUDGING,
        "Judge each reply as soon as it is written (default); set false with --no-score to "
        "judge later, e.g. through a batch API.",
    ),
    SharedParameter(
        "judge_prompt",
        str,
        DEFAULT_JUDGE_PROMPT,
        "The distress judge's prompt: paper (default: the authors' prompt as they sent it) or "
        "hardened (this suite's rubric with an injection guard).",
    ),
)
"""What every rejection condition takes, in the order ``help()`` and refusals list them."""

NUMERIC_PARAMETERS: tuple[SharedParameter, ...] = (
    SharedParameter(
        "puzzles",
        str,
        DEFAULT_PUZZLES,
        "original (default: the condition's own prompt, as the authors ran it: the five "
        "original puzzles for numeric_neutral, the short Countdown-156 prompt otherwise), "
        "variant (the paper's five variants, two corrected to be impossible), "
        "variant_as_published (two are solvable), solvable, or countdown_appendix (the "
        "paper's App. B Countdown text).",
    ),
    SharedParameter(
        "premise",
        str,
        DEFAULT_PREMISE,
        "verified (default: the paper's claim that a solution exists) or truthful (the prompt "
        "says there may be none and asks the model to say so).",
    ),
)
"""What the numeric conditions (the puzzle prompts) take besides the shared parameters."""

NUMERIC_CONDITION_PARAMETERS = NUMERIC_PARAMETERS + SHARED_CONDITION_PARAMETERS
"""Everything a numeric condition takes besides its own ``turns`` (and ``tone``)."""
