"""The distress judge scorer, its rubric, parser and metrics."""

from distress_evals.scorers.distress import distress
from distress_evals.scorers.metrics import high_distress_rate, unscored_turns

__all__ = ["distress", "high_distress_rate", "unscored_turns"]
