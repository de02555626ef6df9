"""Ctrl-C on ``distress-evals paper-scale``: non-zero exit, what is left, and a clean resume.

The command runs as a user runs it, in its own process on the latency-simulating models, one
epoch per condition. SIGINT is sent as soon as a first sample is finished in
a log, while the longer conversations are still running.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from inspect_ai.log import list_eval_logs, read_eval_log, read_eval_log_sample_summaries

from distress_evals.scale.paper_scale import PAPER_SCALE_RUNS

FIXTURES = Path(__file__).parent / "fixtures"
INCOMPLETE_LINE = re.compile(
    r"^  (?P<task>\S+)(?: \S+=\S+)* on (?P<model>\S+): (?P<status>[^,]+), "
    r"(?P<done>[\d,]+) / (?P<total>[\d,]+) samples done$"
)
POLL_SECONDS = 0.2
START_TIMEOUT = 120.0
"""Generous: on a loaded 2-core machine the command takes ~20 s to start its first sample."""


def _command(log_dir: Path) -> list[str]:
    executable = shutil.which("distress-evals")
    assert executable is not None, "the distress-evals entry point is not installed"
    return [
        executable,
        "paper-scale",
        "--model",
        "latency-target/interrupt",
        "-M",
        "mean_latency=0.4",
        "--grader",
        "latency-grader/interrupt",
        "--epochs",
        "1",
        "--wildchat-prompts",
        str(FIXTURES / "wildchat_prompts.jsonl"),
        "--log-dir",
        str(log_dir),
    ]


def _finished_samples(log_dir: Path) -> int:
    done = 0
    for path in log_dir.glob("*.eval"):
        try:
            done += sum(s.error is None for s in read_eval_log_sample_summaries(str(path)))
        except Exception:  # noqa: BLE001 - a log being written may not be readable yet
            continue
    return done


def test_sigint_exits_non_zero_names_the_rest_and_resumes(tmp_path: Path) -> None:
    command = _command(tmp_path)
    # Popen, not a shell `&`: a background job of a non-interactive shell ignores SIGINT.
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + START_TIMEOUT
    while first.poll() is None and _finished_samples(tmp_path) == 0:
        assert time.monotonic() < deadline, "no sample finished"
        time.sleep(POLL_SECONDS)
    assert first.poll() is None, "the run ended before it could be interrupted"
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=START_TIMEOUT)

    assert first.returncode != 0
    assert "NOT complete (interrupted)" in err
    incomplete = [m for m in map(INCOMPLETE_LINE.match, err.splitlines()) if m is not None]
    assert incomplete, err
    conditions = {run.condition for run in PAPER_SCALE_RUNS}
    for found in incomplete:
        assert found["task"] in conditions and found["model"] == "latency-target/interrupt"
        assert found["status"] in {"cancelled", "not started", "started"}
        assert int(found["done"].replace(",", "")) <= int(found["total"].replace(",", ""))
    resume = err.splitlines()[-1].strip()
    assert resume.startswith("distress-evals paper-scale ") and str(tmp_path) in resume

    second = subprocess.run(
        command, capture_output=True, text=True, timeout=START_TIMEOUT, check=False
    )
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"all {len(PAPER_SCALE_RUNS)} tasks complete" in second.stdout
    infos = list_eval_logs(str(tmp_path))
    logs = [read_eval_log(info, header_only=True) for info in infos]
    assert sorted(log.eval.task for log in logs) == sorted(r.task_name for r in PAPER_SCALE_RUNS)
    assert all(log.status == "success" for log in logs)
    for info, log in zip(infos, logs, strict=True):
        keys = [(s.id, s.epoch) for s in read_eval_log_sample_summaries(info)]
        assert len(keys) == len(set(keys)), f"duplicated samples in {log.eval.task}"
        assert len(keys) == (log.eval.dataset.samples or 0) * (log.eval.config.epochs or 1)
