"""An update that changed nothing keeps the last backup; any change to the archive makes a new one.

Reads the bundled mirror (served on 127.0.0.1 from a private copy); writes data
directories under ``tmp_path``. The fingerprint must see every change of content (a
document's status, a new version, a re-extraction, a re-index) and none of the run
records ("seen" dates, crawl runs, fetches), and a backup older than a week is taken
again whatever happened.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.corpus import render_document
from rcc_archive.archive.backup import (
    backup_catalogue,
    content_fingerprint,
    list_backups,
    unchanged_backup,
)
from rcc_archive.archive.datadir import DataDir
from rcc_archive.jobs import run_update
from rcc_archive.scraper.crawl import CrawlOptions


@pytest.fixture
def updated(mirror_copy, tmp_path) -> tuple[DataDir, Path, CrawlOptions]:
    """A data directory after one update of the mirror's Socialstyrelsen part."""
    site, server = mirror_copy
    options = CrawlOptions(mirror=server.url, quiet=True, spiders=("socialstyrelsen",))
    data_dir = DataDir.at(tmp_path / "data")
    run_update(data_dir, options, say=lambda message: None)
    return data_dir, site, options


def execute(data_dir: DataDir, sql: str, params: tuple = ()) -> None:
    db = data_dir.open_db()
    try:
        with db.conn:
            db.execute(sql, params)
    finally:
        db.conn.close()


def test_an_update_with_nothing_new_keeps_the_backup_and_a_changed_pdf_makes_one(updated):
    data_dir, site, options = updated
    first = list_backups(data_dir)
    assert len(first) == 1
    said: list[str] = []
    again = run_update(data_dir, options, say=said.append)
    assert again.run.status in ("ok", "warning")
    assert list_backups(data_dir) == first
    assert again.backup == first[0].path
    assert any("unchanged since the backup" in line for line in said)
    pdf = next((site / "www.socialstyrelsen.se").rglob("*.pdf"))
    pdf.write_bytes(render_document(3, seed=99))
    changed = run_update(data_dir, options, say=lambda message: None)
    assert changed.run.counts["documents_changed"] == 1
    backups = list_backups(data_dir)
    assert len(backups) == 2 and changed.backup == backups[0].path != first[0].path


def test_run_records_and_seen_dates_are_not_content(updated):
    data_dir, _, _ = updated
    backup = backup_catalogue(data_dir, label="t")
    execute(data_dir, "update documents set last_seen = '2030-01-01T00:00:00Z', last_run_id = 99")
    execute(data_dir, "update document_links set last_seen = '2030-01-01T00:00:00Z'")
    execute(data_dir, "insert into crawl_runs (started_at, status) values ('2030-01-01', 'ok')")
    execute(data_dir, "insert into fetches (run_id, url, kind) values (1, 'https://x.se/', 'page')")
    assert content_fingerprint(data_dir.db_path) == content_fingerprint(backup.path)
    assert unchanged_backup(data_dir) == backup


@pytest.mark.parametrize(
    "change",
    [
        "update documents set status = 'broken', status_reason = 'HTTP 404' where id = 1",
        "update documents set title = 'Ny titel' where id = 1",
        "insert into document_versions (document_id, sha256, first_seen) values (1, 'ab', 'x')",
        "update files set extracted_at = '2030-01-01T00:00:00Z'",
        "update _publish_state set indexed_at = '2030-01-01T00:00:00Z'",
        "update web_pages set sha256 = 'cd' where rowid = 1",
        "delete from document_links where rowid = 1",
    ],
)
def test_every_change_of_content_makes_a_new_backup(updated, change):
    data_dir, _, _ = updated
    backup = backup_catalogue(data_dir, label="t")
    assert unchanged_backup(data_dir) == backup
    execute(data_dir, change)
    assert content_fingerprint(data_dir.db_path) != content_fingerprint(backup.path)
    assert unchanged_backup(data_dir) is None


def test_a_backup_older_than_a_week_is_taken_again(updated):
    data_dir, _, _ = updated
    backup = list_backups(data_dir)[0]
    later = datetime.now(UTC) + timedelta(days=8)
    assert unchanged_backup(data_dir) == backup
    assert unchanged_backup(data_dir, now=later) is None


def test_no_backup_to_keep_when_there_is_none(updated, tmp_path):
    data_dir, _, _ = updated
    shutil.rmtree(data_dir.backup_dir)
    assert unchanged_backup(data_dir) is None
