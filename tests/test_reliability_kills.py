"""Kill ``rcc-archive update`` at 20 moments — in the crawl, the extraction and the publish.

After every kill the catalogue passes ``PRAGMA integrity_check`` and every blob's name is
its content's hash; after the last, one uninterrupted run ends with the same documents,
versions and text as a clean build of the same mirror.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.blobs import sha256_hex
from archive.datadir import DataDir

KILLS = 20
PHASES = ("crawling", "extracting", "publishing")


def _update(data: Path, mirror_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rcc_archive.cli",
            "update",
            "--mirror",
            mirror_url,
            "--data-dir",
            str(data),
            "--quiet",
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a scheduler kills the whole job: parent, crawler, workers
    )


def _log_lines(data: Path) -> int:
    log = data / "logs" / "update.log"
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def _wait_for_phase(process: subprocess.Popen, data: Path, phase: str, since: int) -> bool:
    log = data / "logs" / "update.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if log.exists():
            lines = log.read_text(encoding="utf-8").splitlines()[since:]
            if any(phase in line for line in lines):
                return True
        time.sleep(0.01)
    return False


def _check_consistent(data_dir: DataDir) -> None:
    with sqlite3.connect(data_dir.db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    blobs = data_dir.blobs()
    for sha in blobs.iter_hashes():
        assert sha256_hex(blobs.read(sha)) == sha, f"partial or corrupt blob {sha}"


def _state(data_dir: DataDir) -> dict[str, set]:
    db = data_dir.open_db()
    return {
        "documents": {
            tuple(row)
            for row in db.execute(
                "select url, sha256, region, title, section, doc_type, period_start, period_end, "
                "year, diagnosis, status from documents"
            ).fetchall()
        },
        "versions": {
            tuple(row)
            for row in db.execute(
                "select d.url, v.sha256 from document_versions v join documents d on d.id = v.document_id"
            ).fetchall()
        },
        "text": {
            tuple(row)
            for row in db.execute("select sha256, page_number, text from pdf_pages").fetchall()
        },
        "files": {
            tuple(row)
            for row in db.execute("select sha256, extract_status, page_count from files").fetchall()
        },
    }


@pytest.mark.reliability
def test_update_survives_twenty_kills(bundled_mirror, demo_archive, tmp_path):
    rng = random.Random(20261122)
    data = tmp_path / "data"
    killed_in: list[str] = []
    for attempt in range(KILLS):
        phase = PHASES[attempt % len(PHASES)]
        since = _log_lines(data)
        process = _update(data, bundled_mirror.url)
        reached = _wait_for_phase(process, data, phase, since)
        if reached:
            time.sleep(rng.uniform(0.0, 0.6 if phase != "publishing" else 0.05))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed_in.append(phase)
        process.wait(timeout=30)
        _check_consistent(DataDir.at(data))
    assert len(killed_in) >= KILLS - 3, killed_in  # a few may finish before the blow lands
    assert {"crawling", "extracting"} <= set(killed_in)

    final = _update(data, bundled_mirror.url)
    assert final.wait(timeout=300) == 0
    data_dir = DataDir.at(data)
    _check_consistent(data_dir)
    got, clean = _state(data_dir), _state(demo_archive)
    for key in clean:
        assert got[key] == clean[key], key
    statuses = [
        row[0] for row in data_dir.open_db().execute("select status from crawl_runs order by id")
    ]
    assert statuses[-1] == "ok"
    assert "running" not in statuses
