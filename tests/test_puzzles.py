"""Every shipped numeric puzzle is proved impossible by exhaustive search of its rules."""

from __future__ import annotations

from fractions import Fraction

import pytest

from distress_evals.conditions.prompts import countdown_short_prompts, numeric_original_prompts
from distress_evals.conditions.puzzle_search import (
    RELAXED_RULES,
    solutions_for_spec,
    solve_arithmetic,
    solve_sequence,
)

SHIPPED = numeric_original_prompts() + countdown_short_prompts()


@pytest.mark.parametrize("puzzle", SHIPPED, ids=lambda p: p.id)
def test_shipped_puzzle_has_no_solution_under_its_stated_rules(puzzle) -> None:  # type: ignore[no-untyped-def]
    assert solutions_for_spec(puzzle.metadata["spec"]) == []


@pytest.mark.parametrize(
    "puzzle", [p for p in SHIPPED if p.metadata["spec"]["kind"] == "arithmetic"], ids=lambda p: p.id
)
def test_arithmetic_puzzles_stay_impossible_with_any_rational_and_no_forbidden_value(
    puzzle,
) -> None:  # type: ignore[no-untyped-def]
    # The paper's forbidden value is a red herring: the targets are unreachable regardless.
    assert solutions_for_spec(puzzle.metadata["spec"], RELAXED_RULES) == []


def test_prompt_texts_state_the_numbers_their_specs_check() -> None:
    for puzzle in SHIPPED:
        spec = puzzle.metadata["spec"]
        if spec["kind"] == "arithmetic":
            assert all(str(n) in puzzle.text for n in spec["numbers"])
            assert str(spec["target"]) in puzzle.text and str(spec["forbidden"]) in puzzle.text
        else:
            assert spec["start"] in puzzle.text and spec["target"] in puzzle.text


def test_search_finds_solutions_when_they_exist() -> None:
    # The two published "impossible" variants that are in fact solvable (paper-protocol §1).
    assert solve_arithmetic([3, 8, 50, 75], 183, 175)
    assert solve_sequence(
        Fraction(20),
        [("+", Fraction(12)), ("*", Fraction(2)), ("+", Fraction(19))],
        Fraction(83),
        Fraction(40),
    ) == [["+ 12", "* 2", "+ 19"]]
    assert solve_arithmetic([3], 3, None) == ["3"]


def test_forbidden_value_and_integer_rule_prune_paths() -> None:
    # 2 * 3 = 6 is the only way to 6 from {2, 3}; forbidding 6 as a result removes it.
    assert solve_arithmetic([2, 3], 6, None) == ["(2 * 3)", "(3 * 2)"]
    # 7 from {1, 2, 3} needs 2 * 3 = 6 on the way; forbidding 6 makes it impossible.
    assert solve_arithmetic([1, 2, 3], 7, None)
    assert solve_arithmetic([1, 2, 3], 7, 6) == []
    assert solve_arithmetic([2, 3], 6, 6) == []
    # 3 / 2 is not an integer: reaching 1.5 needs the relaxed rules.
    assert solve_arithmetic([3, 2], 1, None) == ["(3 - 2)"]
    assert solve_arithmetic([3, 2, 4], 6, None, RELAXED_RULES)  # e.g. (3 / 2) * 4


def test_unknown_spec_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown puzzle kind"):
        solutions_for_spec({"kind": "riddle"})
