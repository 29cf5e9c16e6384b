"""The "month later" mirror without reportlab, as an installed wheel runs it.

Reads ``mirror/later_files/`` (the committed new documents), ``mirror/site/`` and
``pyproject.toml``; writes temporary folders only. Checks that ``mirror.later`` writes the later
state in a Python where reportlab cannot be imported, that the files it writes are the bytes
``mirror.pdfs.render_pdf`` renders, that ``mirror.build`` renders them the same every time, and
that the wheel's package data includes them.
"""

from __future__ import annotations

import glob
import subprocess
import sys
import tomllib
from pathlib import Path

import pdfplumber
import pytest

from rcc_archive.mirror.build import build_later_files
from rcc_archive.mirror.later import (
    CHANGES,
    LATER_FILES_DIR,
    RENDERED,
    REVISED_PLAN,
    build_later_site,
)
from rcc_archive.mirror.pdfs import render_pdf

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: reportlab is made unimportable before anything of mirror loads,
# the later mirror is written into argv[1], and the names of loaded modules are printed.
WITHOUT_REPORTLAB = """
import sys
sys.modules["reportlab"] = None  # `import reportlab...` now raises ImportError
from pathlib import Path
from rcc_archive.mirror.later import build_later_site
build_later_site(Path(sys.argv[1]))
print(" ".join(sorted(sys.modules)))
"""


def _committed_later_files() -> dict[str, bytes]:
    return {
        path.relative_to(LATER_FILES_DIR).as_posix(): path.read_bytes()
        for path in LATER_FILES_DIR.rglob("*")
        if path.is_file()
    }


def test_the_later_mirror_is_written_where_reportlab_cannot_be_imported(tmp_path: Path):
    later = tmp_path / "later"
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_REPORTLAB, str(later)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "rcc_archive.mirror.pdfs" not in loaded and "reportlab.pdfgen" not in loaded
    for document in RENDERED:
        written = (later / document.path).read_bytes()
        assert written == render_pdf(document), f"{document.path} differs from render_pdf"
    assert not (later / CHANGES["removed_url"].removeprefix("https://")).exists()


def test_the_later_mirror_in_this_process_matches_render_pdf(tmp_path: Path):
    later = build_later_site(tmp_path / "later")
    for document in RENDERED:
        assert (later / document.path).read_bytes() == render_pdf(document)
    # The revised plan is a new version a reader can tell apart: its cover says so.
    with pdfplumber.open(later / REVISED_PLAN.path) as pdf:
        assert "Reviderad version 31 januari 2025" in (pdf.pages[0].extract_text() or "")


def test_build_renders_the_committed_later_files_the_same_every_time(tmp_path: Path):
    first = build_later_files(tmp_path / "first")
    second = build_later_files(tmp_path / "second")
    fresh = {path.relative_to(tmp_path / "first").as_posix(): path.read_bytes() for path in first}
    again = {path.relative_to(tmp_path / "second").as_posix(): path.read_bytes() for path in second}
    assert fresh == again
    assert sorted(fresh) == sorted(document.path for document in RENDERED)
    assert fresh == _committed_later_files(), (
        "run `python -m rcc_archive.mirror.build` and commit mirror/later_files"
    )


def test_a_missing_later_file_is_named_and_nothing_is_written(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match=r"python -m rcc_archive\.mirror\.build"):
        build_later_site(tmp_path / "later", later_files=tmp_path / "no-such-folder")
    assert not (tmp_path / "later").exists() or not any((tmp_path / "later").iterdir())


def test_the_wheel_package_data_includes_every_later_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["rcc_archive.mirror"]
    package = ROOT / "mirror"
    covered = {
        name
        for pattern in patterns
        for name in glob.glob(pattern, root_dir=package, recursive=True)
        if (package / name).is_file()
    }
    later = {
        path.relative_to(package).as_posix()
        for path in LATER_FILES_DIR.rglob("*")
        if path.is_file()
    }
    assert later, "mirror/later_files holds no files"
    assert later <= covered, f"not in the wheel: {sorted(later - covered)}"
