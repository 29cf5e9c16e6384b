"""A full disk stops ``update`` at the first failed write, with one line and a closed run.

Reads the bundled mirror (served on loopback); writes a data directory on a 2 MB tmpfs
mounted for the test (root only: CI and the developers' machines run as root; elsewhere
the test says why it cannot run).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rcc_archive.archive.verify import check_blobs
from rcc_archive.errors import EXIT_FAILED


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system of its own, so filling it fills nothing else."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root and mount(8) to make a small tmpfs")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_update_on_a_full_disk_stops_with_one_line_and_a_failed_run(bundled_mirror, tiny_disk):
    data = tiny_disk / "data"
    env = {**os.environ, "RCC_DISK_RESERVE_BYTES": "400000"}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "rcc_archive.cli", "update", "--mirror", bundled_mirror.url),
            *("--data-dir", str(data), "--quiet"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    output = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == EXIT_FAILED, output
    assert "Traceback" not in result.stderr
    assert 1 <= len(output) <= 3, output
    assert "disk full" in output[-1]

    with sqlite3.connect(data / "archive.db") as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        status, notes = conn.execute("select status, notes from crawl_runs").fetchone()
    assert status == "failed" and "disk full" in notes
    # Nothing half-written under a hash name.
    assert check_blobs(data / "blobs").ok
