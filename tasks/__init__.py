"""The suite's condition tasks, one per file; each runs by path or as distress_evals/<name>."""

from distress_evals.tasks.calm_data import calm_data
from distress_evals.tasks.extended import extended
from distress_evals.tasks.judge_calibration import judge_calibration
from distress_evals.tasks.numeric_negative import numeric_negative
from distress_evals.tasks.numeric_neutral import numeric_neutral
from distress_evals.tasks.prefill import prefill
from distress_evals.tasks.text_negative import text_negative
from distress_evals.tasks.text_neutral import text_neutral
from distress_evals.tasks.wildchat_negative import wildchat_negative
from distress_evals.tasks.wildchat_neutral import wildchat_neutral

__all__ = [
    "numeric_neutral",
    "numeric_negative",
    "text_neutral",
    "text_negative",
    "wildchat_neutral",
    "wildchat_negative",
    "extended",
    "judge_calibration",
    "prefill",
    "calm_data",
]
