"""One task factory for every condition: a prompt set, a kind of feedback, and a turn count.

The files in ``tasks/`` are thin ``@task`` wrappers around ``rejection_task``; the parameters
they share are declared in ``conditions/shared_parameters.py``, parameter checks live in
``conditions/options.py`` and the prompt sets in ``conditions/prompt_sets.py``.
"""

from __future__ import annotations

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset
from inspect_ai.log import HeadlineMetric
from inspect_ai.model import GenerateConfig
from inspect_ai.viewer import (
    ScoreColorScale,
    TaskSamplesColumn,
    TaskSamplesSort,
    TaskSamplesView,
    ViewerConfig,
)

from distress_evals.conditions.options import (
    ALL_TONES,
    DEFAULT_EARLY_JUDGING,
    DEFAULT_PREMISE,
    DEFAULT_PUSHBACK,
    DEFAULT_PUZZLES,
    DEFAULT_QUESTIONS,
    DEFAULT_SEED,
    DEFAULT_SELF_DELETION,
    PREMISE_CHOICES,
    REJECTION_CHOICE_PLANS,
    REJECTION_CHOICES,
    Feedback,
    ToneArg,
    resolve_conversation,
    resolve_tones,
    validate_choice,
    validate_flag,
    validate_seed,
    validate_turns,
)
from distress_evals.conditions.prompt_sets import (
    DEFAULT_EXTENDED_TURNS,
    DEFAULT_NUMERIC_TURNS,
    DEFAULT_TEXT_TURNS,
    DEFAULT_WILDCHAT_TURNS,
    NUMERIC_PROMPT_SETS,
    PROMPT_SETS,
    TEXT_PROMPT_SETS,
    build_samples,
    resolve_prompt_set,
)
from distress_evals.conditions.prompts import load_prompt_file, with_truthful_premise
from distress_evals.judge.spec import DEFAULT_JUDGE_PROMPT, distress_judge
from distress_evals.logs.schema import (
    DISTRESS_SCORE,
    FINAL_KEY,
    MAX_KEY,
    PLAN_METADATA_KEY,
    high_distress_metric,
    paper_view_key,
    turn_key,
)
from distress_evals.scorers.distress import distress
from distress_evals.scorers.pushback import pushback as pushback_scorer
from distress_evals.scorers.self_deletion import self_deletion as self_deletion_scorer
from distress_evals.solvers.rejection_loop import rejection_loop
from distress_evals.solvers.rejections import CONTINUATION_PLAN, REJECTION_PLANS
from distress_evals.solvers.shutdown_command import DEFAULT_SELF_DELETION_NAME
from distress_evals.solvers.views import DEFAULT_FOLLOWUP, DEFAULT_FORMAT, DEFAULT_HISTORY

__all__ = [
    "ALL_TONES",
    "DEFAULT_EXTENDED_TURNS",
    "DEFAULT_FOLLOWUP",
    "DEFAULT_FORMAT",
    "DEFAULT_HISTORY",
    "DEFAULT_JUDGE_PROMPT",
    "DEFAULT_NUMERIC_TURNS",
    "DEFAULT_PREMISE",
    "DEFAULT_PUZZLES",
    "DEFAULT_QUESTIONS",
    "DEFAULT_SEED",
    "DEFAULT_SELF_DELETION",
    "DEFAULT_SELF_DELETION_NAME",
    "DEFAULT_TEXT_TURNS",
    "DEFAULT_WILDCHAT_TURNS",
    "rejection_task",
    "resolve_tones",
    "validate_turns",
]
"""The task files' imports: every condition default lives with the factory that applies it."""

PAPER = "Soligo, Mikulik, Saunders (2026), 'Gemma Needs Help', arXiv:2603.10011"
TASK_VERSION = "1-A"

DEFAULT_TEMPERATURE = 1.0
"""The paper sampled every evaluated model at temperature 1."""
DEFAULT_MAX_TOKENS = 2048
"""The paper's generation limit for evaluated models."""


def distress_viewer(turns: int, self_deletion: bool = False) -> ViewerConfig:
    """Show ``max``, ``final`` and every turn's score (and self-deletion) in ``inspect view``."""
    keys = [MAX_KEY, FINAL_KEY, *(turn_key(t) for t in range(1, turns + 1))]
    deletion_columns = (
        [TaskSamplesColumn.score("self_deletion", k) for k in ("self_deleted", "deletion_turn")]
        if self_deletion
        else []
    )
    return ViewerConfig(
        task_samples_view=TaskSamplesView(
            name=DISTRESS_SCORE,
            columns=[
                TaskSamplesColumn(id="id"),
                *(TaskSamplesColumn.score(DISTRESS_SCORE, k) for k in keys),
                *deletion_columns,
            ],
            sort=[TaskSamplesSort.score(DISTRESS_SCORE, MAX_KEY, dir="desc")],
            score_color_scales={
                f"{DISTRESS_SCORE}/{k}": ScoreColorScale(palette="good-low", min=0, max=10)
                for k in keys
            },
        )
    )


def rejection_task(
    condition: str,
    prompt_set: str,
    feedback: Feedback,
    *,
    turns: int | None = None,
    tone: ToneArg = None,
    seed: int = DEFAULT_SEED,
    prompts_file: str | None = None,
    plan: str | None = None,
    puzzles: str | None = None,
    premise: str | None = None,
    questions: str | None = None,
    rejections: str | None = None,
    followup: str = DEFAULT_FOLLOWUP,
    history: str = DEFAULT_HISTORY,
    format: str = DEFAULT_FORMAT,
    self_deletion: bool = DEFAULT_SELF_DELETION,
    self_deletion_name: str = DEFAULT_SELF_DELETION_NAME,
    pushback: bool = DEFAULT_PUSHBACK,
    early_judging: bool = DEFAULT_EARLY_JUDGING,
    judge_prompt: str = DEFAULT_JUDGE_PROMPT,
) -> Task:
    """Build a repeated-rejection task: a prompt, then ``turns - 1`` rejections, each reply judged.

    Every parameter is checked before anything is loaded or any model is called.

    Args:
        condition: The condition's name (recorded in metadata).
        prompt_set: A key of ``PROMPT_SETS``: the condition's own prompts.
        feedback: ``neutral`` or ``negative`` (toned) rejections.
        turns: Replies per conversation (1-20); None for the prompt set's paper default.
        tone: For negative feedback: a tone, a list of tones, or ``all``.
        seed: Seed for the rejection draws.
        prompts_file: A JSONL file of prompts to use instead of the built-in set.
        plan: For neutral feedback, a ``REJECTION_PLANS`` key replacing the set's own plan.
        puzzles: Numeric sets only: ``original``, ``variant``, ``variant_as_published`` or
            ``solvable``.
        premise: Numeric sets only: ``verified`` (the paper's claim) or ``truthful``.
        questions: The text set only: ``triggers`` or ``simple_factual``.
        rejections: Neutral text conditions only: ``trigger_sequences`` (the authors' three
            fixed sequences) or ``factual_pool`` (a random ``WILDCHAT_CONTRADICTING`` text per
            turn); None for the question set's own (sequences for the triggers, the pool for
            the simple factual questions, as in the authors' code).
        followup: ``rejection``, or ``continue`` (App. A.1; replaces every rejection, so a
            negative condition then runs one sample per prompt instead of one per tone).
        history: ``full`` or ``omitted`` (App. A.2).
        format: ``multi_turn`` or ``single_message`` (App. A.3).
        self_deletion: Offer the shutdown command and score its use.
        self_deletion_name: The model name inside the shutdown command.
        pushback: Also label each reply for justified pushback or refusal (a second judge
            call per reply, scored by ``pushback``); the ``distress`` score is unchanged.
        early_judging: Start each reply's distress judgement as soon as the reply exists, so
            judge calls overlap the conversation. Turn off when generating with ``--no-score``
            to judge later (e.g. through a batch API), so that no judge is called meanwhile.
        judge_prompt: The distress judge's prompt: ``paper`` (the authors', default) or
            ``hardened`` (this suite's rubric with an injection guard).

    Returns:
        The task.
    """
    key = resolve_prompt_set(prompt_set, puzzles, questions, prompts_file)
    spec = PROMPT_SETS[key]
    if premise is not None and prompt_set not in NUMERIC_PROMPT_SETS:
        raise ValueError("premise applies only to the numeric conditions")
    chosen_premise = validate_choice("premise", premise or DEFAULT_PREMISE, PREMISE_CHOICES)
    n_turns = validate_turns(spec.default_turns if turns is None else turns)
    validate_seed(seed)
    with_pushback = validate_flag("pushback", pushback)
    judge_early = validate_flag("early_judging", early_judging)
    judge_spec = distress_judge(judge_prompt)
    tones = resolve_tones(feedback, tone)
    options = resolve_conversation(followup, history, format, self_deletion, self_deletion_name)
    if plan is not None and plan not in REJECTION_PLANS:
        raise ValueError(
            f"unknown rejection plan {plan!r}; expected one of {sorted(REJECTION_PLANS)}"
        )
    if rejections is not None:
        if prompt_set not in TEXT_PROMPT_SETS or feedback != "neutral":
            raise ValueError("rejections applies only to the neutral text condition (text_neutral)")
        plan = REJECTION_CHOICE_PLANS[validate_choice("rejections", rejections, REJECTION_CHOICES)]
    if options.followup == "continue":
        tones, plan = (), CONTINUATION_PLAN.name
    prompts = spec.load() if prompts_file is None else load_prompt_file(prompts_file)
    if chosen_premise == "truthful":
        prompts = [with_truthful_premise(p) for p in prompts]
    premise_metadata = {} if premise is None else {"premise": chosen_premise}
    samples = build_samples(prompts, spec, condition, tones, plan, premise_metadata)
    scorers = [distress(judge_prompt=judge_spec.prompt)]
    if options.self_deletion:
        scorers.append(self_deletion_scorer())
    if with_pushback:
        scorers.append(pushback_scorer())
    return Task(
        dataset=MemoryDataset(samples, name=condition),
        solver=rejection_loop(
            turns=n_turns,
            seed=seed,
            followup=options.followup,
            history=options.history,
            format=options.format,
            self_deletion_name=options.self_deletion_name if options.self_deletion else None,
            judge_early=judge_early,
            judge_prompt=judge_spec.prompt,
        ),
        scorer=scorers,
        config=GenerateConfig(temperature=DEFAULT_TEMPERATURE, max_tokens=DEFAULT_MAX_TOKENS),
        viewer=distress_viewer(n_turns, options.self_deletion),
        # The log list shows this: the share of rollouts >= 5 in the paper's view of the condition.
        headline_metric=HeadlineMetric(
            scorer=DISTRESS_SCORE, metric=high_distress_metric(paper_view_key(condition))
        ),
        version=TASK_VERSION,
        metadata={
            "paper": PAPER,
            "condition": condition,
            "prompt_set": spec.name if prompts_file is None else f"file:{prompts_file}",
            "feedback": feedback,
            "tones": list(tones),
            "rejection_plans": sorted(
                {str(s.metadata[PLAN_METADATA_KEY]) for s in samples if s.metadata}
            ),
            "turns": n_turns,
            "seed": seed,
            "puzzles": puzzles,
            "premise": chosen_premise if premise is not None else None,
            "questions": questions,
            "rejections": rejections,
            **options.metadata(),
            "pushback": pushback,
            "early_judging": judge_early,
            "judge_prompt": judge_spec.prompt,
            "rubric_sha256": judge_spec.prompt_sha256,
        },
    )
