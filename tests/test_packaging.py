"""The built wheel: one `distress_evals` package with its data, nothing top-level besides it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_data_under_the_namespace_only(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("distress_evals-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if not name.startswith("distress_evals-")}
    assert top_level == {"distress_evals"}
    for data in ("numeric_original.jsonl", "countdown_short.jsonl", "text_triggers.jsonl"):
        assert f"distress_evals/datasets/{data}" in names
    assert "distress_evals/tasks/eval.yaml" in names
    assert "distress_evals/conditions/factory.py" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "distress_evals = distress_evals.tasks._registry" in entry_points
