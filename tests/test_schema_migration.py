"""The schema promise: an archive made by release 0.1 opens and upgrades in place.

Reads ``tests/fixtures/archive-0.1/`` (a catalogue and blobs written by release 0.1); writes
only a copy of it in a temporary folder. Every later schema must add what it needs beside
the old tables and columns and keep every row and value an analyst already has.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.schema import TABLES
from rcc_archive.archive.verify import verify_archive

FIXTURE = Path(__file__).parent / "fixtures" / "archive-0.1"

# Tables an index rebuild may legitimately rewrite (SQLite's statistics, FTS5 shadow tables).
REBUILT = ("sqlite_", "pdf_pages_search_fts")


def _snapshot(db_path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every table's columns and rows (sorted), read with plain sqlite3."""
    conn = sqlite3.connect(db_path)
    try:
        names = [
            row[0]
            for row in conn.execute("select name from sqlite_master where type = 'table'")
            if not row[0].startswith(REBUILT)
        ]
        snapshot = {}
        for name in names:
            columns = [row[1] for row in conn.execute(f'pragma table_info("{name}")')]
            rows = conn.execute(f'select * from "{name}"').fetchall()
            snapshot[name] = (columns, sorted(rows, key=repr))
        return snapshot
    finally:
        conn.close()


@pytest.fixture
def release_archive(tmp_path: Path) -> Path:
    """A private copy of the release-0.1 data directory."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def _kept(before: dict, after: dict) -> None:
    """Assert every old table, column, row and value is still in ``after``."""
    for name, (columns, rows) in before.items():
        assert name in after, f"table {name} was dropped"
        new_columns, new_rows = after[name]
        assert set(columns) <= set(new_columns), f"{name} lost columns"
        assert len(new_rows) == len(rows), f"{name}: {len(rows)} rows became {len(new_rows)}"
        positions = [new_columns.index(column) for column in columns]
        projected = sorted((tuple(row[i] for i in positions) for row in new_rows), key=repr)
        assert projected == rows, f"{name}: values changed"


def test_release_fixture_is_the_old_schema(release_archive: Path) -> None:
    """The fixture really predates today's schema, so the upgrade below does something."""
    before = _snapshot(release_archive / "archive.db")
    assert "document_urls" not in before
    assert "response_headers" not in before["fetches"][0]
    assert len(before["documents"][1]) == 2
    assert len(before["pdf_pages"][1]) == 4


def test_todays_schema_upgrades_release_archive_in_place(release_archive: Path) -> None:
    before = _snapshot(release_archive / "archive.db")

    db = DataDir.at(release_archive).open_db()
    db.conn.close()

    after = _snapshot(release_archive / "archive.db")
    for name, columns in TABLES.items():
        assert name in after, f"the upgrade did not create {name}"
        missing = set(columns) - set(after[name][0])
        assert not missing, f"the upgrade did not add {sorted(missing)} to {name}"
    _kept(before, after)


def test_upgrade_twice_changes_nothing(release_archive: Path) -> None:
    data_dir = DataDir.at(release_archive)
    data_dir.open_db().conn.close()
    once = _snapshot(data_dir.db_path)
    data_dir.open_db().conn.close()
    assert _snapshot(data_dir.db_path) == once


def test_upgraded_release_archive_publishes_verifies_and_searches(release_archive: Path) -> None:
    """Today's publish and verify run on the old archive; its text stays searchable."""
    from rcc_archive.publish.build import publish_archive

    before = _snapshot(release_archive / "archive.db")
    data_dir = DataDir.at(release_archive)
    publish_archive(data_dir)
    report = verify_archive(data_dir)
    assert report.ok, (report.missing, report.corrupted)
    assert report.blobs_checked == 7

    after = _snapshot(data_dir.db_path)
    # Published tables (the search index's content, diffs) may be rebuilt; the catalogue's
    # own tables and every older audit must be exactly as they were.
    _kept({name: before[name] for name in TABLES if name in before}, after)
    assert len(after["fixity_audits"][1]) == len(before["fixity_audits"][1]) + 1

    conn = sqlite3.connect(data_dir.db_path)
    try:
        hits = conn.execute(
            "select count(*) from pdf_pages_search where rowid in "
            "(select rowid from pdf_pages_search_fts where pdf_pages_search_fts match 'cancer*')"
        ).fetchone()[0]
    finally:
        conn.close()
    assert hits >= 1
