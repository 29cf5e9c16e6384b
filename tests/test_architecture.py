"""Stages hand over through the archive, never through each other's internals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each stage may import of the project's own packages.
ALLOWED = {
    "archive": {"archive"},
    "scraper": {"archive", "scraper"},
    "extract": {"archive", "extract"},
    "publish": {"archive", "publish"},
}
PROJECT = {"archive", "scraper", "extract", "publish", "rcc_archive", "mirror", "bench"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(_stage(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "rcc_archive":
                names.update(_stage("rcc_archive." + alias.name) for alias in node.names)
            else:
                names.add(_stage(node.module))
    return names & PROJECT


def _stage(module: str) -> str:
    # The stages install as rcc_archive.<stage>; the stage is the name after the namespace.
    parts = module.split(".")
    if parts[0] == "rcc_archive" and len(parts) > 1 and parts[1] in PROJECT:
        return parts[1]
    return parts[0]


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_a_stage_imports_only_the_archive_and_itself(stage):
    for path in sorted((ROOT / stage).rglob("*.py")):
        wrong = _imports(path) - ALLOWED[stage]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_every_module_says_what_it_reads_and_writes():
    for stage in ALLOWED:
        for path in sorted((ROOT / stage).rglob("*.py")):
            docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert docstring, f"{path.relative_to(ROOT)} has no module docstring"
