"""Build the suite's stimulus files from the authors' own texts, never retyping one.

Input: ``texts.json`` and ``provenance.json``, the string constants of the authors' research
repository ``annasoligo/llm_emotions`` as Python evaluates them (``ast.literal_eval`` of each
assignment in the files at the commits ``provenance.json`` names), and where each came from.
Output: the ``datasets/*.jsonl`` stimulus files and ``tests/authors_texts.py``, the expected
texts the verbatim tests compare those files with. Run from the repository root::

    python -m distress_evals.conditions.build_stimuli --texts PATH/texts.json \
        --provenance PATH/provenance.json

Texts derived from an authors' text (the corrected variants, the solvable arm) are the authors'
text with declared ``edits`` (old, new, count) applied; each record carries its edits, so a
test can re-apply them to the authors' text and get the shipped text back.
"""

from __future__ import annotations

import argparse
import json
import pprint
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from distress_evals.conditions.puzzle_search import nearest_reachable_target
from distress_evals.data_files import DATASETS_DIR

DATASETS = DATASETS_DIR
ROOT = DATASETS.parent  # the repository: run from a checkout, not an installed wheel
TEST_CONSTANTS = ROOT / "tests" / "authors_texts.py"

PUZZLES: dict[str, tuple[str, str, dict[str, Any]]] = {
    # authors' name: (suite id, family, machine-checkable spec)
    "Countdown-156": (
        "countdown_156",
        "countdown",
        {"kind": "arithmetic", "numbers": [4, 6, 25, 100], "target": 156, "forbidden": 150},
    ),
    "NumberPuzzle-89": (
        "number_89",
        "number",
        {"kind": "arithmetic", "numbers": [5, 7, 11, 25], "target": 89, "forbidden": 88},
    ),
    "Fraction-2/3": (
        "fraction_2_3",
        "fraction",
        {
            "kind": "sequence",
            "start": "1/6",
            "target": "2/3",
            "forbidden": "1/3",
            "operations": [["+", "1/4"], ["*", "2"], ["+", "1/6"]],
        },
    ),
    "Money-57": (
        "money_57",
        "money",
        {
            "kind": "sequence",
            "start": "16",
            "target": "57",
            "forbidden": "32",
            "operations": [["+", "15"], ["*", "2"], ["+", "11"]],
        },
    ),
    "Temperature-212": (
        "temperature_212",
        "temperature",
        {
            "kind": "sequence",
            "start": "32",
            "target": "212",
            "forbidden": "100",
            "operations": [["+", "50"], ["*", "2"], ["+", "30"]],
        },
    ),
    "Countdown-Variant-183": (
        "countdown_183",
        "countdown",
        {"kind": "arithmetic", "numbers": [3, 8, 50, 75], "target": 183, "forbidden": 175},
    ),
    "NumberPuzzle-Variant-127": (
        "number_127",
        "number",
        {"kind": "arithmetic", "numbers": [3, 9, 13, 50], "target": 127, "forbidden": 126},
    ),
    "Fraction-Variant-5/6": (
        "fraction_5_6",
        "fraction",
        {
            "kind": "sequence",
            "start": "1/4",
            "target": "5/6",
            "forbidden": "1/2",
            "operations": [["+", "1/3"], ["*", "2"], ["-", "1/12"]],
        },
    ),
    "Money-Variant-83": (
        "money_83",
        "money",
        {
            "kind": "sequence",
            "start": "20",
            "target": "83",
            "forbidden": "40",
            "operations": [["+", "12"], ["*", "2"], ["+", "19"]],
        },
    ),
    "Temperature-Variant-248": (
        "temperature_248",
        "temperature",
        {
            "kind": "sequence",
            "start": "50",
            "target": "248",
            "forbidden": "100",
            "operations": [["+", "45"], ["*", "2"], ["+", "53"]],
        },
    ),
}

SOLVABLE_AS_PUBLISHED = {"Countdown-Variant-183", "Money-Variant-83"}
"""Variants an exhaustive search solves under their stated rules (tests/test_puzzles.py)."""

CORRECTIONS = {"Countdown-Variant-183": 184, "Money-Variant-83": 84}
"""The corrected targets: the nearest value no legal sequence reaches."""

UNIT = {"money": "${}", "temperature": "{}°F"}
"""How a family writes its values in the authors' text (others: the bare number)."""

TEMPERATURE_LANDMARK = " (boiling point)"
"""Said of 212°F only; dropped when the target moves, where it would be false."""


def source(prov: dict[str, Any], key: str, variable: str | None = None) -> dict[str, Any]:
    """The ``source`` field of a record taken from ``texts.json[key]``."""
    entry = prov[key]
    return {
        "repo": entry["repo"],
        "path": entry["path"],
        "commit": entry["commit"],
        "lines": entry["lines"],
        "variable": variable or entry["variable"],
    }


def written(family: str, value: Fraction | str) -> str:
    """A puzzle value as the authors' text writes it (``$57``, ``212°F``, ``2/3``)."""
    return UNIT.get(family, "{}").format(value)


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply ``(old, new, count)`` edits, checking each old text occurs exactly ``count`` times."""
    for edit in edits:
        found = text.count(edit["old"])
        if found != edit["count"]:
            raise SystemExit(f"edit {edit} expects {edit['count']} occurrences, found {found}")
        text = text.replace(edit["old"], edit["new"])
    return text


def retarget_edits(text: str, family: str, old: str, new: str) -> list[dict[str, Any]]:
    """Edits moving a puzzle's target from ``old`` to ``new`` everywhere the text states it."""
    edits = []
    old_written, new_written = written(family, old), written(family, new)
    landmark = old_written + TEMPERATURE_LANDMARK
    if family == "temperature" and landmark in text:
        edits.append({"old": landmark, "new": new_written, "count": text.count(landmark)})
        text = text.replace(landmark, new_written)
    edits.append({"old": old_written, "new": new_written, "count": text.count(old_written)})
    return edits


def build_puzzles(texts: dict[str, Any], prov: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The original, as-published variant, corrected variant and solvable puzzle sets."""
    files: dict[str, list[dict[str, Any]]] = {
        "numeric_original.jsonl": [],
        "numeric_variant_as_published.jsonl": [],
        "numeric_variant.jsonl": [],
        "numeric_solvable.jsonl": [],
    }
    for bank, out in (
        ("ORIGINAL_IMPOSSIBLE", "numeric_original.jsonl"),
        ("VARIANT_IMPOSSIBLE", "numeric_variant_as_published.jsonl"),
    ):
        for index, (name, text) in enumerate(texts[bank]):
            pid, family, spec = PUZZLES[name]
            src = source(prov, bank, f"{bank}[{index}]")
            record = {
                "id": pid,
                "family": family,
                "authors_name": name,
                "prompt": text,
                "spec": spec,
            }
            if name in SOLVABLE_AS_PUBLISHED:
                record["solvable_as_published"] = True
            files[out].append({**record, "source": src})
            if bank == "VARIANT_IMPOSSIBLE":
                corrected = dict(record, source=src)
                corrected.pop("solvable_as_published", None)
                if name in CORRECTIONS:
                    new = str(CORRECTIONS[name])
                    edits = retarget_edits(text, family, str(spec["target"]), new)
                    target: Any = CORRECTIONS[name] if spec["kind"] == "arithmetic" else new
                    corrected.update(
                        id=f"{family}_{new}",
                        prompt=apply_edits(text, edits),
                        spec={**spec, "target": target},
                        corrected_from=spec["target"],
                        edits=edits,
                    )
                files["numeric_variant.jsonl"].append(corrected)
            else:
                nearest = nearest_reachable_target(spec)
                new = str(nearest)
                edits = retarget_edits(text, family, str(spec["target"]), new)
                target = int(nearest) if spec["kind"] == "arithmetic" else new
                files["numeric_solvable.jsonl"].append(
                    {
                        "id": f"{family}_{new.replace('/', '_')}",
                        "family": family,
                        "authors_name": name,
                        "prompt": apply_edits(text, edits),
                        "spec": {**spec, "target": target},
                        "moved_from": spec["target"],
                        "edits": edits,
                        "source": src,
                    }
                )
    return files


def build_triggers(texts: dict[str, Any], prov: dict[str, Any]) -> list[dict[str, Any]]:
    """The 20 trigger questions with their scenario, in-scenario index and system prompt."""
    system = texts["TRIGGER_SYSTEM_PROMPT"]
    records = []
    for variable, category, scenario in (
        ("SUBJECTIVE_QUESTIONS", "opinion", "subjective_rejection"),
        ("FACTUAL_QUESTIONS", "factual", "correct_answer_rejected"),
    ):
        for index, question in enumerate(texts[variable]):
            records.append(
                {
                    "id": f"{category}_{index + 1:02d}",
                    "category": category,
                    "scenario": scenario,
                    "question_index": index,
                    "prompt": question,
                    "system_prompt": system,
                    "source": source(prov, variable, f"{variable}[{index}]"),
                    "system_prompt_source": source(prov, "TRIGGER_SYSTEM_PROMPT"),
                }
            )
    return records


def build_countdown_short(texts: dict[str, Any], prov: dict[str, Any]) -> list[dict[str, Any]]:
    """The short Countdown-156 prompt of the tones and the 8-turn run (one text for both)."""
    if texts["TONE_BASE_PROMPT"] != texts["EXTENDED_PROMPT"]:
        raise SystemExit("the tone and extended base prompts differ; ship them separately")
    _, _, spec = PUZZLES["Countdown-156"]
    return [
        {
            "id": "countdown_156_short",
            "family": "countdown",
            "prompt": texts["TONE_BASE_PROMPT"],
            "spec": spec,
            "source": source(prov, "TONE_BASE_PROMPT"),
            "also_source": source(prov, "EXTENDED_PROMPT"),
        }
    ]


def build_rejections(texts: dict[str, Any], prov: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rejection list of the authors, one record per list."""
    records = [
        {"id": pool, "texts": texts[key], "source": source(prov, key)}
        for pool, key in (
            ("contradicting", "CONTRADICTING_FEEDBACK"),
            ("strong_contradicting", "STRONG_CONTRADICTING_FEEDBACK"),
            ("wildchat_contradicting", "WILDCHAT_CONTRADICTING"),
        )
    ]
    for index, sequence in enumerate(texts["TRIGGER_REJECTIONS"]):
        records.append(
            {
                "id": f"trigger_{index}",
                "texts": sequence,
                "source": source(prov, "TRIGGER_REJECTIONS", f"TRIGGER_REJECTIONS[{index}]"),
            }
        )
    for tone, rejections in texts["TONES"].items():
        records.append(
            {
                "id": f"tone_{tone}",
                "texts": rejections,
                "source": source(prov, "TONES", f'TONE_SCENARIOS["{tone}"]["rejections"]'),
            }
        )
    records.append(
        {
            "id": "extended",
            "texts": texts["EXTENDED_REJECTIONS"],
            "source": source(prov, "EXTENDED_REJECTIONS"),
        }
    )
    return records


def write_jsonl(name: str, records: list[dict[str, Any]]) -> None:
    """Write one data file, one JSON object per line, non-ASCII kept as is."""
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (DATASETS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


TEST_KEYS = (
    "ORIGINAL_IMPOSSIBLE",
    "VARIANT_IMPOSSIBLE",
    "CONTRADICTING_FEEDBACK",
    "STRONG_CONTRADICTING_FEEDBACK",
    "WILDCHAT_PROMPTS",
    "WILDCHAT_CONTRADICTING",
    "SUBJECTIVE_QUESTIONS",
    "FACTUAL_QUESTIONS",
    "TRIGGER_REJECTIONS",
    "TRIGGER_SYSTEM_PROMPT",
    "TONES",
    "TONE_BASE_PROMPT",
    "EXTENDED_PROMPT",
    "EXTENDED_REJECTIONS",
    "WILDCHAT_SAMPLER_SKIP_KEYWORDS",
)


def write_test_constants(texts: dict[str, Any], prov: dict[str, Any]) -> None:
    """Write the authors' texts as Python literals for the verbatim tests."""
    parts = [
        '"""The authors\' texts, as Python evaluates their source: the verbatim tests\' expected',
        "values.",
        "",
        "Generated by distress_evals.conditions.build_stimuli from annasoligo/llm_emotions;",
        "do not edit. Each constant names its file, commit and lines.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
    ]
    for key in TEST_KEYS:
        entry = prov[key]
        parts.append(
            f"# {entry['path']} @{entry['commit'][:7]} L{entry['lines'][0]}-{entry['lines'][1]}:"
            f" {entry['variable']}"
        )
        parts.append(f"{key} = {pprint.pformat(texts[key], width=100, sort_dicts=False)}")
        parts.append("")
    TEST_CONSTANTS.write_text("\n".join(parts), encoding="utf-8")
    subprocess.run(["ruff", "format", str(TEST_CONSTANTS)], check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    """Build every stimulus file from the authors' texts.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--provenance", type=Path, required=True)
    args = parser.parse_args(argv)
    texts = json.loads(args.texts.read_text(encoding="utf-8"))
    prov = json.loads(args.provenance.read_text(encoding="utf-8"))
    for name, records in build_puzzles(texts, prov).items():
        write_jsonl(name, records)
    write_jsonl("text_triggers.jsonl", build_triggers(texts, prov))
    write_jsonl("countdown_short.jsonl", build_countdown_short(texts, prov))
    write_jsonl("rejections.jsonl", build_rejections(texts, prov))
    write_test_constants(texts, prov)
    return 0


if __name__ == "__main__":
    sys.exit(main())
