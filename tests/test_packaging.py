"""The built wheel: one `distress_evals` package with its data, nothing top-level besides it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What a build must not see or leave behind: the checkout stays as git has it.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
)


def test_wheel_ships_data_under_the_namespace_only(tmp_path: Path) -> None:
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources, and a
    # build/ in the checkout makes `inspect list tasks` find every task twice.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES)
    before = {p.name for p in REPO.iterdir()}
    out = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        timeout=300,
    )
    assert {p.name for p in REPO.iterdir()} == before
    [wheel] = out.glob("distress_evals-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.startswith("distress_evals-")}
    assert top_level == {"distress_evals"}
    for data in ("numeric_original.jsonl", "countdown_short.jsonl", "text_triggers.jsonl"):
        assert f"distress_evals/datasets/{data}" in names
    assert "distress_evals/tasks/eval.yaml" in names
    assert "distress_evals/conditions/factory.py" in names
    assert "distress_evals/judge/model.py" in names
    assert "distress_evals/datasets/judge_prompts.jsonl" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "distress_evals = distress_evals.tasks._registry" in entry_points
