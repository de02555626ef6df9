"""Resolving the judge: the ``grader`` role, its configuration, and what identifies it in logs.

Every judge call in the suite (the solver's early judging, the distress, pushback, calibration
and continuation scorers) resolves its model here, inside ``solve()`` or ``score()`` where the
role binding is visible, so all of them agree on the model, its settings and its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspect_ai.model import Model, get_model

from distress_evals.judge.spec import JudgeSpec
from distress_evals.logs.schema import JUDGE_ROLE

DEFAULT_JUDGE_MODEL = "anthropic/claude-sonnet-4-20250514"
"""The paper's judge (Claude Sonnet 4); bind another with ``--model-role grader=...``."""


@dataclass(frozen=True)
class ResolvedJudge:
    """A judge ready to call.

    Attributes:
        model: The model bound to the ``grader`` role (or the paper's default).
        spec: Which judge.
        provenance: What every score records about it (model, config, prompt hash, dimension).
    """

    model: Model
    spec: JudgeSpec
    provenance: dict[str, Any]

    @property
    def identity(self) -> str:
        """A key equal for two resolutions exactly when they would judge alike."""
        return repr(sorted(self.provenance.items()))


def judge_provenance(model: Model, spec: JudgeSpec) -> dict[str, Any]:
    """What identifies a judge in a log.

    Args:
        model: The judge model.
        spec: Which judge.

    Returns:
        ``{"model", "config", "rubric_sha256", "dimension", "prompt"}``.
    """
    return {
        "model": str(model),
        "config": model.config.model_dump(exclude_none=True),
        "rubric_sha256": spec.prompt_sha256,
        "dimension": spec.name,
        "prompt": spec.prompt,
    }


def judge_model(spec: JudgeSpec) -> ResolvedJudge:
    """Resolve the judge for ``spec``: the ``grader`` role, else the paper's model.

    The spec's generation settings (for the paper's prompt: max_tokens 1024 and no
    temperature, as the authors ran it) lie under the role's own configuration, so
    ``--model-role 'grader={model: ..., temperature: 0}'`` pins a temperature.

    Args:
        spec: Which judge.

    Returns:
        The model, the spec and the provenance to record.
    """
    model = get_model(role=JUDGE_ROLE, default=DEFAULT_JUDGE_MODEL, config=spec.default_config)
    return ResolvedJudge(model, spec, judge_provenance(model, spec))
