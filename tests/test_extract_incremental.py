"""Re-runs: skip what is done, re-extract on demand, retry only failures, replace pages atomically."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest
from extract_samples import archive_bytes, encrypted_pdf, simple_pdf

from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract.metadata import PdfMetadata
from rcc_archive.extract.result import FileResult, PageText
from rcc_archive.extract.runner import ExtractProgress, ExtractSummary, extract_archive
from rcc_archive.extract.store import save_file_result

HEADER_THEN_EOF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class Archive:
    data_dir: DataDir
    hashes: dict[str, str]


@pytest.fixture
def archive(tmp_path) -> Archive:
    """Five files extracted once: two good PDFs, an encrypted one, a broken one, an HTML page."""
    data_dir = DataDir.at(tmp_path / "data")
    bodies = {
        "first": simple_pdf("Första planen för regionen."),
        "second": simple_pdf("Andra planen för regionen."),
        "encrypted": encrypted_pdf(),
        "broken": HEADER_THEN_EOF,
        "html": b"<html><body>Sidan finns inte</body></html>",
    }
    hashes = dict(zip(bodies, archive_bytes(data_dir, bodies.values()), strict=True))
    summary = extract_archive(data_dir, workers=1)
    assert summary.done == 5
    assert summary.statuses == {"ok": 2, "encrypted": 1, "broken": 1, "not_pdf": 1}
    return Archive(data_dir, hashes)


def run(data_dir: DataDir, **options) -> tuple[ExtractSummary, set[str]]:
    """Extract and return the summary and the hashes the run touched."""
    touched: list[ExtractProgress] = []
    summary = extract_archive(data_dir, workers=1, progress=touched.append, **options)
    return summary, {step.sha256 for step in touched}


def table_rows(data_dir: DataDir, sql: str) -> list[tuple]:
    db = data_dir.open_db()
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_second_run_skips_everything(archive: Archive) -> None:
    before = table_rows(archive.data_dir, "select * from files order by sha256")
    summary, touched = run(archive.data_dir)
    assert (summary.done, summary.skipped) == (0, 5)
    assert touched == set()
    assert table_rows(archive.data_dir, "select * from files order by sha256") == before


def test_force_re_extracts_everything_without_duplicating_pages(archive: Archive) -> None:
    pages_before = table_rows(archive.data_dir, "select sha256, page_number, text from pdf_pages")
    summary, touched = run(archive.data_dir, force=True)
    assert (summary.done, summary.skipped) == (5, 0)
    assert touched == set(archive.hashes.values())
    pages_after = table_rows(archive.data_dir, "select sha256, page_number, text from pdf_pages")
    assert sorted(pages_after) == sorted(pages_before)
    assert len(pages_after) == 2


def test_retry_failed_touches_only_failed_files(archive: Archive) -> None:
    summary, touched = run(archive.data_dir, retry_failed=True)
    assert touched == {archive.hashes["encrypted"], archive.hashes["broken"]}
    assert (summary.done, summary.skipped) == (2, 3)


def test_files_from_another_extractor_version_are_extracted_again(archive: Archive) -> None:
    db = archive.data_dir.open_db()
    db.execute(
        "update files set extractor_version = '0' where sha256 = ?", [archive.hashes["second"]]
    )
    db.conn.commit()
    db.close()
    summary, touched = run(archive.data_dir)
    assert touched == {archive.hashes["second"]}
    assert summary.statuses == {"ok": 1}


def test_same_bytes_twice_are_one_file_extracted_once(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    body = simple_pdf("Samma plan under två adresser.")
    hashes = archive_bytes(data_dir, [body, body])
    assert hashes[0] == hashes[1]
    assert table_rows(data_dir, "select count(*) from files") == [(1,)]
    summary, touched = run(data_dir)
    assert summary.done == 1
    assert touched == {hashes[0]}
    assert table_rows(data_dir, "select count(*) from pdf_pages") == [(1,)]


def test_a_failed_rewrite_leaves_the_old_pages_whole(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    (sha256,) = archive_bytes(data_dir, [simple_pdf("Gammal text.")])
    db = data_dir.open_db()
    good = FileResult(
        status="ok",
        page_count=2,
        pages=[PageText(1, "Sida ett."), PageText(2, "Sida två.")],
        metadata=PdfMetadata(title="Gammal"),
    )
    save_file_result(db, sha256, good, version="test", extracted_at="2026-01-01T00:00:00Z")
    # Two pages numbered 1: the insert fails half-way through the rewrite.
    bad = FileResult(status="ok", page_count=2, pages=[PageText(1, "Ny."), PageText(1, "Ny igen.")])
    with pytest.raises(sqlite3.IntegrityError):
        save_file_result(db, sha256, bad, version="test", extracted_at="2026-02-01T00:00:00Z")
    assert db.execute(
        "select page_number, text from pdf_pages order by page_number"
    ).fetchall() == [
        (1, "Sida ett."),
        (2, "Sida två."),
    ]
    row = db.table("files").get(sha256)
    assert (row["extracted_at"], row["pdf_title"]) == ("2026-01-01T00:00:00Z", "Gammal")
    db.close()
