"""The per-reply judge scorers (distress, pushback), their rubrics, parser and metrics."""

from distress_evals.scorers.distress import distress
from distress_evals.scorers.metrics import high_distress_rate, unscored_turns
from distress_evals.scorers.pushback import pushback

__all__ = ["distress", "high_distress_rate", "pushback", "unscored_turns"]
