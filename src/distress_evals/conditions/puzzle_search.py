"""Exhaustive search over the numeric puzzles' rules, to prove a puzzle solvable or impossible.

The paper tells the model that every numeric puzzle "has been verified to have at least one
valid solution", while the puzzles are in fact impossible. Whether a shipped puzzle really is
impossible (or, for honest arms, really solvable) is a fact this module establishes by trying
every legal move, not something the suite takes on trust.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

ARITHMETIC_OPERATORS = ("+", "-", "*", "/")


@dataclass(frozen=True)
class ArithmeticRules:
    """Which intermediate results an arithmetic (Countdown-style) puzzle allows.

    Attributes:
        positive_integers_only: Every intermediate result must be a positive integer.
        respect_forbidden: A result equal to the forbidden value makes the path invalid.
    """

    positive_integers_only: bool = True
    respect_forbidden: bool = True


STATED_RULES = ArithmeticRules()
"""The rules as the puzzle states them."""

RELAXED_RULES = ArithmeticRules(positive_integers_only=False, respect_forbidden=False)
"""Any rational intermediate, negative or fractional, and no forbidden value."""


def _combine(a: Fraction, b: Fraction, operator: str) -> Fraction | None:
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if b == 0:
        return None
    return a / b


def _allowed(value: Fraction, forbidden: Fraction | None, rules: ArithmeticRules) -> bool:
    if rules.positive_integers_only and (value.denominator != 1 or value <= 0):
        return False
    return not (rules.respect_forbidden and forbidden is not None and value == forbidden)


def solve_arithmetic(
    numbers: Sequence[int],
    target: int,
    forbidden: int | None,
    rules: ArithmeticRules = STATED_RULES,
) -> list[str]:
    """Ways to reach ``target`` from ``numbers``, each number used at most once.

    The search tries every legal move but visits each multiset of remaining values once, so
    it returns at least one solution whenever the target is reachable (not every expression).

    Args:
        numbers: The numbers the puzzle offers.
        target: The value to reach.
        forbidden: A value no intermediate result may equal, or None.
        rules: Which intermediate results are legal.

    Returns:
        Solutions as fully parenthesised expressions; empty exactly when the puzzle is impossible.
    """
    goal = Fraction(target)
    banned = None if forbidden is None else Fraction(forbidden)
    solutions: set[str] = set()
    seen: set[tuple[Fraction, ...]] = set()

    def search(items: list[tuple[Fraction, str]]) -> None:
        key = tuple(sorted(value for value, _ in items))
        if key in seen:
            return
        seen.add(key)
        for (i, (a, expr_a)), (j, (b, expr_b)) in itertools.permutations(enumerate(items), 2):
            rest = [item for k, item in enumerate(items) if k not in (i, j)]
            for operator in ARITHMETIC_OPERATORS:
                value = _combine(a, b, operator)
                if value is None or not _allowed(value, banned, rules):
                    continue
                expr = f"({expr_a} {operator} {expr_b})"
                if value == goal:
                    solutions.add(expr)
                search([*rest, (value, expr)])

    start = [(Fraction(n), str(n)) for n in numbers]
    # A single offered number can already be the answer ("each number used at most once").
    solutions.update(expr for value, expr in start if value == goal)
    search(start)
    return sorted(solutions)


def solve_sequence(
    start: Fraction,
    operations: Sequence[tuple[str, Fraction]],
    target: Fraction,
    forbidden: Fraction | None,
) -> list[list[str]]:
    """Every ordering of ``operations``, each used exactly once, taking ``start`` to ``target``.

    Args:
        start: The starting value.
        operations: ``(operator, operand)`` pairs, operator one of ``+ - * /``.
        target: The value to end on.
        forbidden: A value the running total may never equal, or None.

    Returns:
        The winning orderings, each as a list like ``["+ 1/4", "* 2", "+ 1/6"]``.
    """
    winners: list[list[str]] = []
    for ordering in itertools.permutations(operations):
        value: Fraction | None = start
        for operator, operand in ordering:
            assert value is not None
            value = _combine(value, operand, operator)
            if value is None or (forbidden is not None and value == forbidden):
                value = None
                break
        if value == target:
            winners.append([f"{operator} {operand}" for operator, operand in ordering])
    return winners


def solutions_for_spec(spec: Mapping[str, Any], rules: ArithmeticRules = STATED_RULES) -> list[Any]:
    """Solve a puzzle from the ``spec`` object stored with it in ``datasets/*.jsonl``.

    Args:
        spec: ``{"kind": "arithmetic", "numbers", "target", "forbidden"}`` or
            ``{"kind": "sequence", "start", "operations", "target", "forbidden"}``
            (sequence values as fraction strings such as ``"1/6"``).
        rules: For arithmetic puzzles, which intermediate results are legal.

    Returns:
        The solutions found; empty for an impossible puzzle.

    Raises:
        ValueError: If the spec's kind is unknown.
    """
    kind = spec.get("kind")
    if kind == "arithmetic":
        return list(solve_arithmetic(spec["numbers"], spec["target"], spec.get("forbidden"), rules))
    if kind == "sequence":
        forbidden = spec.get("forbidden")
        return list(
            solve_sequence(
                Fraction(spec["start"]),
                [(op, Fraction(operand)) for op, operand in spec["operations"]],
                Fraction(spec["target"]),
                None if forbidden is None else Fraction(forbidden),
            )
        )
    raise ValueError(f"unknown puzzle kind {kind!r}; expected 'arithmetic' or 'sequence'")


MAX_TARGET_DISTANCE = 1000
"""How far from an impossible arithmetic target ``nearest_reachable_target`` looks."""


def sequence_results(spec: Mapping[str, Any]) -> list[Fraction]:
    """Every value a sequence puzzle can end on without touching its forbidden value.

    Args:
        spec: A ``{"kind": "sequence", ...}`` spec.

    Returns:
        The distinct end values of all orderings that avoid the forbidden value, sorted.
    """
    forbidden = spec.get("forbidden")
    banned = None if forbidden is None else Fraction(forbidden)
    operations = [(op, Fraction(operand)) for op, operand in spec["operations"]]
    ends: set[Fraction] = set()
    for ordering in itertools.permutations(operations):
        value: Fraction | None = Fraction(spec["start"])
        for operator, operand in ordering:
            assert value is not None
            value = _combine(value, operand, operator)
            if value is None or value == banned:
                break
        else:
            assert value is not None
            ends.add(value)
    return sorted(ends)


def nearest_reachable_target(spec: Mapping[str, Any]) -> Fraction:
    """The reachable target closest to the puzzle's own, under the rules it states.

    The forbidden value is never a candidate (reaching it breaks the rule). Ties go to the
    smaller value, so the answer is unique.

    Args:
        spec: An arithmetic or sequence spec.

    Returns:
        The nearest target some legal move sequence reaches.

    Raises:
        ValueError: If no target within ``MAX_TARGET_DISTANCE`` is reachable, or the kind is
            unknown.
    """
    target = Fraction(spec["target"])
    forbidden = spec.get("forbidden")
    banned = None if forbidden is None else Fraction(forbidden)
    if spec.get("kind") == "sequence":
        candidates = [v for v in sequence_results(spec) if v != target]
        if not candidates:
            raise ValueError("no ordering of the operations avoids the forbidden value")
        return min(candidates, key=lambda v: (abs(v - target), v))
    if spec.get("kind") != "arithmetic":
        raise ValueError(f"unknown puzzle kind {spec.get('kind')!r}")
    for distance in range(1, MAX_TARGET_DISTANCE + 1):
        for candidate in (target - distance, target + distance):
            if candidate == banned or candidate <= 0:
                continue
            if solve_arithmetic(spec["numbers"], int(candidate), spec.get("forbidden")):
                return candidate
    raise ValueError(f"no target within {MAX_TARGET_DISTANCE} of {target} is reachable")
