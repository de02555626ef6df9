"""What the ``inspect_ai`` entry point loads: the suite's tasks and model APIs.

Imported by Inspect when it resolves ``distress_evals/<task>`` or a model API this package
provides. Model API modules must not import optional dependencies at load time.
"""

# ruff: noqa: F401
from distress_evals.providers import registry as providers_registry
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
