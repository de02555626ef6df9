"""``paper-scale`` stops before any call when its judge cannot start (a missing key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from distress_evals import cli


@pytest.mark.parametrize(
    ("grader", "key"),
    [(None, "ANTHROPIC_API_KEY"), ("openai/gpt-4o-mini", "OPENAI_API_KEY")],
)
def test_paper_scale_names_the_missing_judge_key_and_runs_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    grader: str | None,
    key: str,
) -> None:
    monkeypatch.delenv(key, raising=False)
    log_dir = tmp_path / "logs"
    args = ["paper-scale", "--model", "mockllm/model", "--log-dir", str(log_dir)]
    code = cli.main([*args, *(["--grader", grader] if grader else [])])
    err = capsys.readouterr().err
    assert code == 1
    assert key in err and "cannot start" in err
    assert "--grader <provider/model>" in err and "--model-role" not in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 3
    # Nothing ran: no log, no sample, no target call.
    assert not log_dir.exists() or not any(log_dir.iterdir())
