"""Every third-party module the installed code imports is declared in pyproject.toml.

Declared means listed in the installed package's metadata (pyproject's dependencies and
extras), read with ``importlib.metadata``.
"""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("src", "tasks", "solvers", "scorers", "datasets")
FIRST_PARTY = {"distress_evals", "__future__"}


def _name(requirement: str) -> str:
    for stop in ";[=<>~! ":
        requirement = requirement.split(stop)[0]
    return requirement.strip().lower().replace("_", "-")


def imported_modules() -> dict[str, str]:
    """Top-level third-party modules imported anywhere in the package, with one importer."""
    found: dict[str, str] = {}
    for folder in CODE_DIRS:
        for file in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                        found.setdefault(top, str(file.relative_to(ROOT)))
    return found


def test_every_imported_distribution_is_declared() -> None:
    declared = {_name(r) for r in requires("distress-evals") or []}
    distributions = packages_distributions()
    missing = {
        module: importer
        for module, importer in imported_modules().items()
        if not {_name(d) for d in distributions.get(module, [module])} & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    assert {"numpy", "zstandard"} <= set(imported_modules())  # the scan sees real imports
