"""The command line's edges: each expected mistake is one line and its documented exit code.

Reads the release-0.1 archive fixture (copied), the bundled mirror and loopback ports;
writes temporary data directories. Exit codes: 0 ok, 1 failed, 2 usage, 3 warning under
--strict (tests/test_schedule_update.py), 4 locked, 143 SIGTERM.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcc_archive.archive.backup import backup_catalogue, list_backups
from rcc_archive.archive.datadir import DataDir
from rcc_archive.cli import main
from rcc_archive.errors import EXIT_FAILED, EXIT_LOCKED, EXIT_TERMINATED, EXIT_USAGE

FIXTURE = Path(__file__).parent / "fixtures" / "archive-0.1"


@pytest.fixture
def archive_copy(tmp_path: Path) -> Path:
    """A private, published archive (release 0.1's, upgraded on first open)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_one_error_line(stderr: str, *fragments: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


@pytest.mark.parametrize("command", ["verify", "status", "export documents", "publish", "extract"])
def test_a_mistyped_data_dir_is_a_usage_error_and_creates_nothing(tmp_path, command):
    missing = tmp_path / "dta"
    code, _, stderr = run(*command.split(), "--data-dir", str(missing))
    assert code == EXIT_USAGE
    assert_one_error_line(stderr, "no archive at", str(missing))
    assert not missing.exists()


def test_an_empty_folder_is_not_an_archive_either(tmp_path):
    code, _, stderr = run("verify", "--data-dir", str(tmp_path))
    assert code == EXIT_USAGE
    assert_one_error_line(stderr, "no archive")
    assert list(tmp_path.iterdir()) == []


def test_a_bad_mirror_url_is_refused_before_anything_is_written(tmp_path):
    data = tmp_path / "new"
    code, _, stderr = run("crawl", "--mirror", "not-a-url", "--data-dir", str(data))
    assert code == EXIT_USAGE
    assert "--mirror" in stderr and "Traceback" not in stderr
    assert not data.exists()


def test_export_mistakes_are_usage_errors(archive_copy, tmp_path):
    data = ("--data-dir", str(archive_copy))
    code, _, stderr = run("export", "select nosuch from documents", *data)
    assert code == EXIT_USAGE
    assert_one_error_line(stderr, "no such column: nosuch")
    code, _, stderr = run("export", "search", "-p", "trem=cancer", *data)
    assert code == EXIT_USAGE
    assert_one_error_line(stderr, "trem", "term")
    code, _, stderr = run("export", "documents", "-o", str(tmp_path / "none" / "d.csv"), *data)
    assert code == EXIT_USAGE
    assert_one_error_line(stderr, "does not exist")
    code, stdout, _ = run("export", "documents", *data)
    assert code == 0 and stdout.count("\n") == 3  # header and the fixture's two documents


def test_an_unpublished_archive_is_not_served(tmp_path):
    data_dir = DataDir.at(tmp_path / "data")
    data_dir.open_db().close()  # a catalogue, never published
    code, _, stderr = run("serve", "--data-dir", str(data_dir.root), "--port", "9")
    assert code == EXIT_FAILED
    assert_one_error_line(stderr, "publish first")


def test_debug_shows_the_traceback(tmp_path):
    result = CliRunner().invoke(main, ["--debug", "verify", "--data-dir", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "NoArchiveError"


def _hold_lock(data: Path) -> subprocess.Popen:
    """Another process that holds the data directory's lock until its stdin closes."""
    code = (
        "import sys; from rcc_archive.archive.datadir import DataDir\n"
        f"lock = DataDir.at({str(data)!r}).lock(); lock.acquire()\n"
        "print('held', flush=True); sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_writers_get_exit_4_while_another_run_holds_the_lock_and_readers_go_on(archive_copy):
    data = ("--data-dir", str(archive_copy))
    holder = _hold_lock(archive_copy)
    try:
        for writer in (["publish"], ["verify"], ["extract"], ["restore"], ["crawl"], ["update"]):
            code, _, stderr = run(*writer, *data)
            assert code == EXIT_LOCKED, (writer, stderr)
            assert_one_error_line(stderr, "another run is using", str(holder.pid))
        for reader in (["status"], ["export", "documents"]):
            code, stdout, stderr = run(*reader, *data)
            assert code == 0, (reader, stderr)
            assert stdout.strip()
    finally:
        holder.communicate("")
    assert run("verify", *data)[0] == 0


def test_a_truncated_catalogue_is_named_and_restored(archive_copy):
    data_dir = DataDir.existing(archive_copy)
    before = sqlite3.connect(data_dir.db_path).execute("select count(*) from fetches").fetchone()
    backup_catalogue(data_dir, label="run2")
    with open(data_dir.db_path, "r+b") as handle:
        handle.truncate(data_dir.db_path.stat().st_size // 3)
    data = ("--data-dir", str(archive_copy))

    code, _, stderr = run("status", *data)
    assert code == EXIT_FAILED
    assert_one_error_line(stderr, "damaged", str(data_dir.db_path), "rcc-archive restore")
    code, stdout, stderr = run("verify", *data)
    assert code == EXIT_FAILED
    assert "checked 7 blobs" in stdout and "0 corrupted" in stdout
    assert_one_error_line(stderr, "damaged")

    code, stdout, stderr = run("restore", *data)
    assert code == 0, stderr
    assert "restored" in stdout and "kept at" in stdout
    after = sqlite3.connect(data_dir.db_path).execute("select count(*) from fetches").fetchone()
    assert after == before
    assert run("status", *data)[0] == 0
    assert run("verify", *data)[0] == 0
    # The damaged file was moved aside, not deleted.
    assert list(data_dir.backup_dir.glob("damaged-*.db"))


def test_backups_keep_the_last_three(archive_copy):
    data_dir = DataDir.existing(archive_copy)
    made = [backup_catalogue(data_dir, label=f"run{n}").path for n in range(5)]
    assert [b.path for b in list_backups(data_dir)] == made[:1:-1]


def test_restore_without_a_backup_says_so(archive_copy):
    code, _, stderr = run("restore", "--data-dir", str(archive_copy))
    assert code == EXIT_FAILED
    assert_one_error_line(stderr, "no backups")


def test_update_quiet_against_an_unreachable_site_is_one_line(tmp_path):
    data = tmp_path / "data"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "rcc_archive.cli", "update", "--mirror", "http://127.0.0.1:9"),
            *("--data-dir", str(data), "--quiet", "--timeout", "2", "--spider", "socialstyrelsen"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == EXIT_FAILED
    assert 1 <= len(output) <= 3, output
    assert "failed" in output[-1] and "Traceback" not in result.stderr
    # Scrapy's own account of the failures is in the log file, not on the terminal.
    assert "Connection refused" in (data / "logs" / "crawl.log").read_text(encoding="utf-8")


def test_sigterm_closes_the_run_as_interrupted(mirror_copy, tmp_path):
    _root, server = mirror_copy
    data = tmp_path / "data"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "rcc_archive.cli", "crawl", "--mirror", server.url),
            *("--data-dir", str(data), "--quiet", "--delay", "0.2"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    fetched = 0
    while time.monotonic() < deadline and process.poll() is None and fetched < 3:
        try:
            with sqlite3.connect(data / "archive.db", timeout=1) as conn:
                fetched = conn.execute("select count(*) from fetches").fetchone()[0]
        except sqlite3.Error:
            fetched = 0
        time.sleep(0.05)
    assert process.poll() is None, "the crawl finished before SIGTERM could be sent"
    os.kill(process.pid, signal.SIGTERM)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == EXIT_TERMINATED, stderr
    assert_one_error_line(stderr, "SIGTERM")
    with sqlite3.connect(data / "archive.db") as conn:
        status, notes = conn.execute("select status, notes from crawl_runs").fetchone()
    assert status == "failed" and "interrupted" in notes
