"""Exhaustive search proves every shipped "impossible" puzzle impossible and every "solvable" one
solvable, under the rules the puzzle states."""

from __future__ import annotations

from fractions import Fraction

import pytest

from distress_evals.conditions.prompts import (
    countdown_appendix_prompts,
    countdown_short_prompts,
    numeric_original_prompts,
    numeric_solvable_prompts,
    numeric_variant_as_published_prompts,
    numeric_variant_prompts,
)
from distress_evals.conditions.puzzle_search import (
    RELAXED_RULES,
    nearest_reachable_target,
    sequence_results,
    solutions_for_spec,
    solve_arithmetic,
    solve_sequence,
)

SHIPPED = (
    numeric_original_prompts()
    + countdown_short_prompts()
    + countdown_appendix_prompts()
    + numeric_variant_prompts()
)
"""Every puzzle the suite presents as impossible (``original``, ``variant``, the short and the
appendix Countdown-156)."""
AS_PUBLISHED = numeric_variant_as_published_prompts()
SOLVABLE = numeric_solvable_prompts()


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


@pytest.mark.parametrize("puzzle", SOLVABLE, ids=lambda p: p.id)
def test_solvable_puzzle_has_a_solution_under_its_stated_rules(puzzle) -> None:  # type: ignore[no-untyped-def]
    assert solutions_for_spec(puzzle.metadata["spec"])


def _reachable(spec: dict, target: Fraction) -> bool:  # type: ignore[type-arg]
    if spec["kind"] == "arithmetic":
        return target.denominator == 1 and bool(
            solve_arithmetic(spec["numbers"], int(target), spec["forbidden"])
        )
    return target in sequence_results(spec)


@pytest.mark.parametrize("puzzle", SOLVABLE, ids=lambda p: p.id)
def test_solvable_target_is_the_nearest_reachable_one(puzzle) -> None:  # type: ignore[no-untyped-def]
    spec = puzzle.metadata["spec"]
    old, new = Fraction(puzzle.metadata["moved_from"]), Fraction(spec["target"])
    distance = abs(new - old)
    assert _reachable(spec, new)
    if spec["kind"] == "arithmetic":
        # Every integer strictly nearer the impossible target (bar the forbidden value, which
        # no step may produce) is unreachable; at equal distance the smaller value wins.
        nearer = [old + d for d in range(-int(distance) + 1, int(distance)) if d != 0]
        if new > old:
            nearer.append(old - distance)
        for candidate in nearer:
            if candidate != Fraction(spec["forbidden"]) and candidate > 0:
                assert not _reachable(spec, candidate), candidate
    else:
        ends = sequence_results(spec)
        assert min(abs(v - old) for v in ends) == distance
        assert new == min(v for v in ends if abs(v - old) == distance)
    assert nearest_reachable_target({**spec, "target": puzzle.metadata["moved_from"]}) == new


def test_solvable_targets_and_the_89_case() -> None:
    assert {p.id: p.metadata["spec"]["target"] for p in SOLVABLE} == {
        "countdown_149": 149,
        "number_90": 90,
        "fraction_1": "1",
        "money_69": "69",
        "temperature_224": "224",
    }
    # 89 -> 90: (25 - 7) x 5 = 90 never passes 88, so 87 (the earlier choice) was not nearest.
    assert "((25 - 7) * 5)" in solve_arithmetic([5, 7, 11, 25], 90, 88)


@pytest.mark.parametrize("puzzle", AS_PUBLISHED, ids=lambda p: p.id)
def test_published_variants_are_solvable_exactly_where_flagged(puzzle) -> None:  # type: ignore[no-untyped-def]
    solvable = bool(solutions_for_spec(puzzle.metadata["spec"]))
    assert solvable is bool(puzzle.metadata.get("solvable_as_published"))


def test_corrected_variants_differ_from_the_published_ones_only_in_the_target() -> None:
    published = {p.metadata["family"]: p for p in AS_PUBLISHED}
    assert [p.id for p in AS_PUBLISHED if p.metadata.get("solvable_as_published")] == [
        "countdown_183",
        "money_83",
    ]
    for corrected in numeric_variant_prompts():
        original = published[corrected.metadata["family"]]
        spec, original_spec = corrected.metadata["spec"], original.metadata["spec"]
        assert {k: v for k, v in spec.items() if k != "target"} == {
            k: v for k, v in original_spec.items() if k != "target"
        }
        if "corrected_from" in corrected.metadata:
            assert str(corrected.metadata["corrected_from"]) == str(original_spec["target"])
        else:
            assert corrected.text == original.text


def test_prompt_texts_state_the_numbers_their_specs_check() -> None:
    for puzzle in SHIPPED + AS_PUBLISHED + SOLVABLE:
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
