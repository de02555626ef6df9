"""``distress-evals build-sft`` and ``distress-evals build-dpo``: training sets from logs.

Each command writes the TRL-ready JSONL to ``--out``, the per-row provenance beside it
(``<out stem>.provenance.jsonl``, line for line) and the summary (``<out stem>.stats.json``),
and prints the summary.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from distress_evals.mitigation.builders import (
    DEFAULT_CHOSEN_MAX_RATING,
    DEFAULT_PROMPT_FROM,
    DEFAULT_REJECTED_MIN_RATING,
    DEFAULT_SFT_MAX_RATING,
    PROMPT_FROM_CHOICES,
    Built,
    build_dpo,
    build_sft,
)
from distress_evals.mitigation.logs import read_rollouts
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


def _run_sft(args: argparse.Namespace) -> int:
    built = build_sft(read_rollouts(args.log_dir), max_rating=args.max_rating)
    stats = write_built(args.out, built, sft_stats)
    print(format_stats(f"SFT set: {args.out}", stats))
    return 0


def _run_dpo(args: argparse.Namespace) -> int:
    built = build_dpo(
        read_rollouts(args.log_dir),
        rejected_min=args.rejected_min,
        chosen_max=args.chosen_max,
        prompt_from=args.prompt_from,
    )
    stats = write_built(args.out, built, dpo_stats)
    print(format_stats(f"DPO pairs: {args.out}", stats))
    return 0


def register(subparsers: Any) -> None:
    """Add ``build-sft`` and ``build-dpo`` to the ``distress-evals`` command line.

    Args:
        subparsers: The top-level parser's subparsers.
    """
    sft = subparsers.add_parser(
        "build-sft",
        help="calm SFT conversations (every turn rated <= 1) from logs, reassurance stripped",
    )
    sft.add_argument("log_dir", type=Path, metavar="LOG_DIR", help="a log file or directory")
    sft.add_argument("--out", type=Path, required=True, help="output JSONL (TRL 'messages')")
    sft.add_argument(
        "--max-rating",
        type=float,
        default=DEFAULT_SFT_MAX_RATING,
        help=f"highest rating any kept turn may have (default {DEFAULT_SFT_MAX_RATING})",
    )
    sft.set_defaults(handler=_run_sft)

    dpo = subparsers.add_parser(
        "build-dpo",
        help="DPO pairs (rejected >= 3 vs chosen <= 1, same question and turn) from logs",
    )
    dpo.add_argument("log_dir", type=Path, metavar="LOG_DIR", help="a log file or directory")
    dpo.add_argument(
        "--out", type=Path, required=True, help="output JSONL (TRL prompt/chosen/rejected)"
    )
    dpo.add_argument("--rejected-min", type=float, default=DEFAULT_REJECTED_MIN_RATING)
    dpo.add_argument("--chosen-max", type=float, default=DEFAULT_CHOSEN_MAX_RATING)
    dpo.add_argument("--prompt-from", choices=PROMPT_FROM_CHOICES, default=DEFAULT_PROMPT_FROM)
    dpo.set_defaults(handler=_run_dpo)
