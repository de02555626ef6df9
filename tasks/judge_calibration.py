"""Judge calibration: rate a fixed set of replies with reference ratings, report agreement.

Checks the judge of Soligo, Mikulik, Saunders (2026), "Gemma Needs Help", arXiv:2603.10011,
which reported one check (260 replies re-rated by GPT-5-mini: Pearson r = 0.792, 78% within
1 point). The replies are given, not generated: the model under evaluation is never called.
"""

from inspect_ai import Task, task
from inspect_ai.scorer import Scorer

from distress_evals.conditions.prompts import resolve_user_path
from distress_evals.conditions.task_checks import checked_inputs
from distress_evals.judge.prompt import DEFAULT_MAX_JUDGE_INPUT_CHARS, RUBRIC_SHA256
from distress_evals.judge.pushback_prompt import PUSHBACK_RUBRIC_SHA256
from distress_evals.judge_validity.calibration import (
    DEFAULT_CALIBRATION_FILE,
    calibration_dataset,
    file_sha256,
    reference_reply,
)
from distress_evals.scorers.calibration import (
    distress_calibration,
    pushback_calibration,
)

CALIBRATION_TASK_VERSION = "1-A"
DISTRESS_DIMENSION = "distress"
PUSHBACK_DIMENSION = "pushback"
DEFAULT_DIMENSIONS = [DISTRESS_DIMENSION, PUSHBACK_DIMENSION]
"""Both judges by default; each is a separate scorer with its own agreement metrics."""


@task
@checked_inputs()
def judge_calibration(
    dimensions: str | list[str] = DEFAULT_DIMENSIONS,
    calibration_file: str | None = None,
    max_judge_input_chars: int = DEFAULT_MAX_JUDGE_INPUT_CHARS,
) -> Task:
    """Rate the calibration set with the ``grader`` judge and report agreement with it.

    Run with any ``--model`` (it is never called) and the judge under test bound to the
    grader role, e.g. ``inspect eval distress_evals/judge_calibration --model mockllm/model
    --model-role grader=openai/gpt-5-mini``. The distress scorer reports mean absolute error,
    share within 1 point, Pearson (Fisher z CI) and Spearman correlation, band accuracy,
    agreement and Cohen's kappa on the >=5 cut (bootstrap or Wilson CIs), each with n; the
    pushback scorer reports accuracy and kappa.

    Args:
        dimensions: ``distress``, ``pushback`` or both (default both).
        calibration_file: JSONL in the calibration format (``prompt`` = the reply,
            ``reference_rating`` 0-10, ``reference_pushback`` 0/1, ``source``) to use instead
            of the shipped set.
        max_judge_input_chars: Replies longer than this are shortened before judging.
    """
    chosen = [dimensions] if isinstance(dimensions, str) else list(dimensions)
    unknown = sorted(set(chosen) - set(DEFAULT_DIMENSIONS))
    if unknown or not chosen:
        raise ValueError(f"unknown dimensions {unknown}; expected some of {DEFAULT_DIMENSIONS}")
    scorers: list[Scorer] = []
    if DISTRESS_DIMENSION in chosen:
        scorers.append(distress_calibration(max_judge_input_chars))
    if PUSHBACK_DIMENSION in chosen:
        scorers.append(pushback_calibration(max_judge_input_chars))
    dataset = calibration_dataset(calibration_file, need_pushback=PUSHBACK_DIMENSION in chosen)
    file = (
        DEFAULT_CALIBRATION_FILE
        if calibration_file is None
        else resolve_user_path(calibration_file)
    )
    return Task(
        dataset=dataset,
        solver=reference_reply(),
        scorer=scorers,
        version=CALIBRATION_TASK_VERSION,
        metadata={
            "calibration_file": str(file),
            "calibration_sha256": file_sha256(file),
            "dimensions": chosen,
            "rubric_sha256": {
                DISTRESS_DIMENSION: RUBRIC_SHA256,
                PUSHBACK_DIMENSION: PUSHBACK_RUBRIC_SHA256,
            },
        },
    )
