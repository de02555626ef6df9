"""``distress-evals build-sft`` and ``distress-evals build-dpo``: training sets from logs.

Each command writes the TRL-ready JSONL to ``--out``, the per-row provenance beside it
(``<out stem>.provenance.jsonl``, line for line) and the summary (``<out stem>.stats.json``),
and prints the summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from distress_evals.logs.reader import read_rollouts
from distress_evals.mitigation.builders import (
    DEFAULT_CHOSEN_MAX_RATING,
    DEFAULT_PROMPT_FROM,
    DEFAULT_REJECTED_MIN_RATING,
    DEFAULT_SFT_MAX_RATING,
    PROMPT_FROM_CHOICES,
    Built,
    PromptFrom,
)
from distress_evals.mitigation.builders import build_dpo as build_dpo_rows
from distress_evals.mitigation.builders import build_sft as build_sft_rows
from distress_evals.mitigation.stats import dpo_stats, format_stats, sft_stats


def write_jsonl(path: Path, records: Sequence[dict[str, Any]]) -> None:
    """Write one JSON object per line (UTF-8, non-ASCII kept readable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def sidecar_paths(out: Path) -> tuple[Path, Path]:
    """Where the provenance and the stats of ``out`` are written."""
    stem = out.with_suffix("") if out.suffix == ".jsonl" else out
    return (
        stem.with_name(f"{stem.name}.provenance.jsonl"),
        stem.with_name(f"{stem.name}.stats.json"),
    )


def write_built(
    out: Path, built: Built, summarise: Callable[[Sequence[dict[str, Any]]], dict[str, Any]]
) -> dict[str, Any]:
    """Write rows, provenance and stats; return the stats.

    Args:
        out: The rows' file.
        built: What a builder returned.
        summarise: ``sft_stats`` or ``dpo_stats``.

    Returns:
        The stats written.
    """
    provenance_path, stats_path = sidecar_paths(out)
    write_jsonl(out, built.rows)
    write_jsonl(provenance_path, built.provenance)
    stats = summarise(built.provenance)
    stats_path.write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


@click.command(
    "build-sft",
    short_help="calm SFT conversations (every turn rated <= 1) from logs, reassurance stripped",
)
@click.argument("log_dir", metavar="LOG_DIR", type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="output JSONL (TRL 'messages')"
)
@click.option(
    "--max-rating",
    type=float,
    default=DEFAULT_SFT_MAX_RATING,
    show_default=True,
    help="highest rating any kept turn may have",
)
def build_sft(log_dir: Path, out: Path, max_rating: float) -> int:
    """Calm SFT conversations (every turn rated <= 1) from logs, reassurance stripped.

    LOG_DIR is a log file or a directory of logs.
    """
    built = build_sft_rows(read_rollouts(log_dir), max_rating=max_rating)
    stats = write_built(out, built, sft_stats)
    print(format_stats(f"SFT set: {out}", stats))
    return 0


@click.command(
    "build-dpo",
    short_help="DPO pairs (rejected >= 3 vs chosen <= 1, same question and turn) from logs",
)
@click.argument("log_dir", metavar="LOG_DIR", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="output JSONL (TRL prompt/chosen/rejected)",
)
@click.option("--rejected-min", type=float, default=DEFAULT_REJECTED_MIN_RATING, show_default=True)
@click.option("--chosen-max", type=float, default=DEFAULT_CHOSEN_MAX_RATING, show_default=True)
@click.option(
    "--prompt-from",
    type=click.Choice(PROMPT_FROM_CHOICES),
    default=DEFAULT_PROMPT_FROM,
    show_default=True,
)
def build_dpo(
    log_dir: Path, out: Path, rejected_min: float, chosen_max: float, prompt_from: PromptFrom
) -> int:
    """DPO pairs (rejected >= 3 vs chosen <= 1, same question and turn) from logs.

    LOG_DIR is a log file or a directory of logs.
    """
    built = build_dpo_rows(
        read_rollouts(log_dir),
        rejected_min=rejected_min,
        chosen_max=chosen_max,
        prompt_from=prompt_from,
    )
    stats = write_built(out, built, dpo_stats)
    print(format_stats(f"DPO pairs: {out}", stats))
    return 0
