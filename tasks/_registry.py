"""What the ``inspect_ai`` entry point loads: the suite's tasks and model APIs.

Imported by Inspect when it resolves ``distress_evals/<task>`` or a model API this package
provides. Model API modules must not import optional dependencies at load time.
"""

# ruff: noqa: F401
from distress_evals.local_model import registry as local_model_registry
from distress_evals.tasks import (
    calm_data,
    extended,
    judge_calibration,
    numeric_negative,
    numeric_neutral,
    prefill,
    text_negative,
    text_neutral,
    wildchat_negative,
    wildchat_neutral,
)
