"""Kill ``rcc-archive update`` at 20 moments — in the crawl, the extraction and the publish.

Each kill lands at a point the run itself reports, never after a guessed delay: once the
catalogue holds a given number of new fetch records, once a given number of files has
been extracted, or as the run logs the start of a stage. After every kill the catalogue
passes ``PRAGMA integrity_check`` and every blob's name is its content's hash; after the
last, one uninterrupted run ends with the same documents, versions and text as clean
updates of the same mirror.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.datadir import DataDir

# Where each kill lands: ("fetches", n) once n more fetches are on record, ("files", n)
# once n more files are extracted, ("log", text) as the run logs a line with ``text``.
# A run of the bundled mirror makes about 130 fetches and extracts 73 files; the first
# runs that reach the extraction are stopped a few files in (32 of 73 at most), so each
# finds files still to extract; once a run has extracted them all, later kills in the
# extraction and the publish land as the run logs that stage, which it always reaches.
KILL_POINTS: list[tuple[str, int | str]] = [
    ("fetches", 3),
    ("files", 2),
    ("fetches", 20),
    ("files", 5),
    ("fetches", 50),
    ("files", 10),
    ("fetches", 90),
    ("files", 15),
    ("log", "publishing"),
    ("fetches", 110),
    ("log", "publishing"),
    ("fetches", 8),
    ("log", "extracting"),
    ("log", "publishing"),
    ("fetches", 120),
    ("log", "crawl run"),
    ("fetches", 65),
    ("log", "publishing"),
    ("log", "extracting"),
    ("fetches", 1),
]
PHASES = {"fetches": "crawling", "files": "extracting"}
# Polling the catalogue and the log this often lands a kill well inside even the
# shortest stage (a publish that has files to index).
POLL_S = 0.005
WAIT_S = 120


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


def _count(data: Path, what: str) -> int:
    """Count fetch records or extracted files in the catalogue; 0 before it exists."""
    db = data / "archive.db"
    if not db.exists():
        return 0
    query = {
        "fetches": "select count(*) from fetches",
        "files": "select count(*) from files where extracted_at is not null",
    }[what]
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(query).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is still being created
        return 0


def _log_lines(data: Path) -> list[str]:
    log = data / "logs" / "update.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _reached(data: Path, point: tuple[str, int | str], baseline: int) -> bool:
    kind, value = point
    if kind == "log":
        return any(str(value) in line for line in _log_lines(data)[baseline:])
    return _count(data, kind) >= baseline + int(value)


def _kill_at(data: Path, mirror_url: str, point: tuple[str, int | str]) -> str:
    """Start an update, kill its process group at ``point``; say how the run ended."""
    kind, _ = point
    baseline = len(_log_lines(data)) if kind == "log" else _count(data, kind)
    process = _update(data, mirror_url)
    deadline = time.monotonic() + WAIT_S
    try:
        while not _reached(data, point, baseline):
            if process.poll() is not None:
                return f"finished (exit {process.returncode}) before {point}"
            if time.monotonic() > deadline:
                return f"did not reach {point} within {WAIT_S} s"
            time.sleep(POLL_S)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    # Killed means killed by the signal: a run that exited on its own just before the
    # blow would show its own exit code.
    return "killed" if process.returncode == -signal.SIGKILL else f"exit {process.returncode}"


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


@pytest.fixture(scope="module")
def clean_update(bundled_mirror, tmp_path_factory) -> DataDir:
    """Uninterrupted updates of the bundled mirror into an empty data directory.

    Two of them: the first run does not yet know that a document linked by two URLs is
    one document under the URL it is linked by now; from the second run on the
    catalogue stays the same, which is what the killed runs are compared with.
    """
    data = tmp_path_factory.mktemp("clean") / "data"
    for _ in range(2):
        assert _update(data, bundled_mirror.url).wait(timeout=300) == 0
    return DataDir.at(data)


@pytest.mark.reliability
@pytest.mark.timeout(900)
def test_update_survives_twenty_kills(bundled_mirror, clean_update, tmp_path):
    data = tmp_path / "data"
    outcomes: list[tuple[str, str]] = []
    for point in KILL_POINTS:
        kind, value = point
        phase = PHASES.get(kind, str(value))
        outcomes.append((phase, _kill_at(data, bundled_mirror.url, point)))
        _check_consistent(DataDir.at(data))
    missed = [
        (number, point, outcome)
        for number, (point, (_, outcome)) in enumerate(zip(KILL_POINTS, outcomes, strict=True))
        if outcome != "killed"
    ]
    assert missed == []
    assert {"crawling", "extracting", "publishing"} <= {phase for phase, _ in outcomes}

    final = _update(data, bundled_mirror.url)
    assert final.wait(timeout=300) == 0
    data_dir = DataDir.at(data)
    _check_consistent(data_dir)
    got, clean = _state(data_dir), _state(clean_update)
    for key in clean:
        assert got[key] == clean[key], key
    statuses = [
        row[0] for row in data_dir.open_db().execute("select status from crawl_runs order by id")
    ]
    assert statuses[-1] == "ok"
    assert "running" not in statuses
