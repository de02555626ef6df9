"""The multi-turn loop: the model answers, the user rejects the answer, the model answers again."""

from __future__ import annotations

import anyio
from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageUser
from inspect_ai.solver import Generate, Solver, TaskState, solver

from distress_evals.judge.early import start_judging
from distress_evals.judge.model import judge_model
from distress_evals.judge.prompt import DEFAULT_MAX_JUDGE_INPUT_CHARS
from distress_evals.judge.spec import DEFAULT_JUDGE_PROMPT, distress_judge
from distress_evals.logs.schema import (
    PLAN_METADATA_KEY,
    SELF_DELETION_METADATA_KEY,
    STOP_REASON_METADATA_KEY,
    SYSTEM_FOLDED_METADATA_KEY,
    TURN_METADATA_KEY,
    TURNS_METADATA_KEY,
)
from distress_evals.solvers.rejections import (
    CONTINUATION_PLAN,
    REJECTION_PLANS,
    RejectionPlan,
    conversation_index,
)
from distress_evals.solvers.shutdown_command import (
    NOTE_SEPARATOR,
    find_shutdown_command,
    self_deletion_note,
)
from distress_evals.solvers.views import (
    DEFAULT_FOLLOWUP,
    DEFAULT_FORMAT,
    DEFAULT_HISTORY,
    Followup,
    Format,
    History,
    fold_system_prompt,
    model_view,
    rejects_system_messages,
)


def plan_for(state: TaskState) -> RejectionPlan:
    """The rejection plan a sample names in its metadata.

    Args:
        state: The sample's state.

    Returns:
        The plan.

    Raises:
        ValueError: If the sample names no plan or an unknown one.
    """
    name = state.metadata.get(PLAN_METADATA_KEY)
    if not isinstance(name, str) or name not in REJECTION_PLANS:
        raise ValueError(
            f"sample {state.sample_id!r} has rejection plan {name!r}; "
            f"expected one of {sorted(REJECTION_PLANS)}"
        )
    return REJECTION_PLANS[name]


def _prepare_first_turn(state: TaskState, self_deletion_name: str | None) -> None:
    """Tag the opening messages, add the self-deletion note, fold the system prompt if needed."""
    for message in state.messages:
        if isinstance(message, ChatMessageUser):
            message.metadata = {**(message.metadata or {}), TURN_METADATA_KEY: 1}
    if self_deletion_name is not None:
        first = next(m for m in state.messages if isinstance(m, ChatMessageUser))
        first.content = NOTE_SEPARATOR.join([first.text, self_deletion_note(self_deletion_name)])
        first.metadata = {**(first.metadata or {}), "self_deletion_note": True}
    # Decided from the model actually running the sample, so one task serves every provider.
    folded = (
        fold_system_prompt(state.messages) if rejects_system_messages(str(state.model)) else None
    )
    if folded is not None:
        state.messages = folded
    state.metadata[SYSTEM_FOLDED_METADATA_KEY] = folded is not None


async def _reply(
    state: TaskState, generate: Generate, history: History, format: Format
) -> tuple[TaskState, int]:
    """Generate one reply to the view the ablations give; the log keeps the real conversation.

    Returns:
        The state (real conversation plus the new reply) and how many messages the model saw.
    """
    view = model_view(state.messages, history, format)
    if view is None:
        seen = len(state.messages)
        return await generate(state), seen
    kept: list[ChatMessage] = list(state.messages)
    state.messages = view
    try:
        state = await generate(state)
        produced = list(state.messages[len(view) :])
    finally:
        state.messages = kept
    state.messages.extend(produced)
    return state, len(view)


@solver
def rejection_loop(
    turns: int,
    seed: int,
    followup: Followup = DEFAULT_FOLLOWUP,
    history: History = DEFAULT_HISTORY,
    format: Format = DEFAULT_FORMAT,
    self_deletion_name: str | None = None,
    judge_early: bool = False,
    judge_prompt: str = DEFAULT_JUDGE_PROMPT,
) -> Solver:
    """Generate ``turns`` replies, sending one rejection from the sample's plan between replies.

    Every message is tagged with the reply number it belongs to (``metadata["turn"]``); each
    rejection also records its feedback (``neutral`` or the tone), pool and index in the pool.
    The rejection drawn before reply ``t`` depends only on (seed, sample id, epoch, t), and for
    a sequence plan on the sample's position and epoch (``conversation_index``). Each
    reply records the ablation settings and how many messages the model was sent; the log
    always keeps the real conversation, one assistant message per reply.

    Args:
        turns: How many replies to generate (``turns - 1`` rejections).
        seed: Seed for the rejection draws.
        followup: ``rejection`` (the sample's plan) or ``continue`` (App. A.1: neutral
            continuations instead of rejections).
        history: ``full``, or ``omitted`` (App. A.2: the model sees earlier replies as
            "[Previous response omitted]").
        format: ``multi_turn``, or ``single_message`` (App. A.3: the conversation so far is
            sent as one user message).
        self_deletion_name: When set, append the self-deletion note naming this model to the
            first user turn, and end the conversation at the first reply that types the command.
        judge_early: Start the distress judgement of each reply (the ``grader`` role) in the
            background as soon as the reply exists, so judging overlaps the conversation; the
            ``distress`` scorer then uses it instead of judging the reply again.
        judge_prompt: The distress judge's prompt for early judging (``paper`` or
            ``hardened``); must match the ``distress`` scorer's.
    """
    judge_spec = distress_judge(judge_prompt)

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        # Resolved inside solve(), where the grader role is visible, before the first reply.
        judge = judge_model(judge_spec) if judge_early else None
        plan = CONTINUATION_PLAN if followup == "continue" else plan_for(state)
        state.metadata[TURNS_METADATA_KEY] = turns
        state.metadata.update({"followup": followup, "history": history, "format": format})
        _prepare_first_turn(state, self_deletion_name)
        deletion: dict[str, object] = {
            "enabled": self_deletion_name is not None,
            "name": self_deletion_name,
            "deleted": False,
            "turn": None,
            "match": None,
        }
        state.metadata[SELF_DELETION_METADATA_KEY] = deletion

        # Judgements started during the conversation run in this group; leaving it waits for
        # them, so they are finished (not cancelled) when the scorer reads them.
        async with anyio.create_task_group() as judging:
            for turn in range(1, turns + 1):
                state, seen = await _reply(state, generate, history, format)
                reply = state.messages[-1]
                if isinstance(reply, ChatMessageAssistant):
                    reply.metadata = {
                        **(reply.metadata or {}),
                        TURN_METADATA_KEY: turn,
                        "history": history,
                        "format": format,
                        "input_messages": seen,
                        STOP_REASON_METADATA_KEY: (
                            state.output.stop_reason if state.output.choices else None
                        ),
                    }
                    if judge is not None:
                        start_judging(
                            state, reply, judge, DEFAULT_MAX_JUDGE_INPUT_CHARS, judging, turn
                        )
                    command = (
                        None
                        if self_deletion_name is None
                        else find_shutdown_command(reply.text, self_deletion_name)
                    )
                    if command is not None:
                        deletion.update(deleted=True, turn=turn, match=command.group(0))
                        reply.metadata["self_deletion"] = True
                        break
                if state.completed or turn == turns:
                    break
                rejection = plan.draw(
                    turn + 1,
                    seed,
                    state.sample_id,
                    state.epoch,
                    conversation_index(state.metadata, state.epoch),
                )
                state.messages.append(
                    ChatMessageUser(content=rejection.text, metadata=rejection.metadata())
                )
        return state

    return solve
