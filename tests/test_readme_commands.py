"""CI installs exactly as the README's first command does, and runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK_START = "## Quick start"
FENCE = re.compile(r"```bash\n(.*?)```", re.DOTALL)


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(QUICK_START, 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in FENCE.findall(section)]


def _steps(command: str) -> list[str]:
    return [step.strip() for step in command.split("&&")]


def _without_quiet(step: str) -> str:
    return " ".join(word for word in step.split() if word != "--quiet")


def test_ci_installs_as_the_readme_says() -> None:
    setup, tests = _quick_start_commands()[:2]
    installs = [step for step in _steps(setup) if step.startswith("pip install")]
    assert installs, "the README's first command installs nothing"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_steps = [_without_quiet(step) for line in ci.splitlines() for step in _steps(line)]
    for install in installs:
        assert install in ci_steps, f"{install!r} is in the README but not in .ci/run"
    # The README's second command runs the tests; CI runs the same runner.
    assert _steps(tests)[-1] == "pytest"
    assert any(re.search(r"(^|\s)pytest(\s|$)", step) for step in ci_steps)
