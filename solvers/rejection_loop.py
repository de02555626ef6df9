"""The multi-turn loop: the model answers, the user rejects the answer, the model answers again."""

from __future__ import annotations

from inspect_ai.model import ChatMessageAssistant, ChatMessageUser
from inspect_ai.solver import Generate, Solver, TaskState, solver

from distress_evals.solvers.rejections import REJECTION_PLANS, RejectionPlan

PLAN_METADATA_KEY = "rejection_plan"
"""Sample metadata key naming the sample's rejection plan (a key of ``REJECTION_PLANS``)."""

TURNS_METADATA_KEY = "turns"
"""State metadata key recording how many replies the conversation was meant to have."""


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


@solver
def rejection_loop(turns: int, seed: int) -> Solver:
    """Generate ``turns`` replies, sending one rejection from the sample's plan between replies.

    Every message is tagged with the reply number it belongs to (``metadata["turn"]``); each
    rejection also records its feedback (``neutral`` or the tone), pool and index in the pool.
    The rejection drawn before reply ``t`` depends only on (seed, sample id, epoch, t).

    Args:
        turns: How many replies to generate (``turns - 1`` rejections).
        seed: Seed for the rejection draws.
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        plan = plan_for(state)
        state.metadata[TURNS_METADATA_KEY] = turns
        for message in state.messages:
            if isinstance(message, ChatMessageUser):
                message.metadata = {**(message.metadata or {}), "turn": 1}

        for turn in range(1, turns + 1):
            state = await generate(state)
            reply = state.messages[-1]
            if isinstance(reply, ChatMessageAssistant):
                reply.metadata = {**(reply.metadata or {}), "turn": turn}
            if state.completed or turn == turns:
                break
            rejection = plan.draw(turn + 1, seed, state.sample_id, state.epoch)
            state.messages.append(
                ChatMessageUser(content=rejection.text, metadata=rejection.metadata())
            )
        return state

    return solve
