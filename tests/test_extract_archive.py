"""Extraction through the archive: golden Swedish text, tables, metadata, and file types by bytes."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from extract_samples import (
    LEFT_COLUMN,
    RIGHT_COLUMN,
    TABLE_ROWS,
    archive_bytes,
    column_lines,
    encrypted_pdf,
    swedish_plan_pdf,
)

from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract import EXTRACTOR_VERSION
from rcc_archive.extract.runner import ExtractProgress, ExtractSummary, extract_archive

HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head>"
    b"<body><h1>Forbidden</h1></body></html>\n"
)


def office_file(folder: str) -> bytes:
    """A minimal Office Open XML package whose parts live under ``folder``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}/document.xml", "<doc>Väntetider</doc>")
    return buffer.getvalue()


@dataclass
class ExtractedArchive:
    data_dir: DataDir
    hashes: dict[str, str]
    summary: ExtractSummary
    progress: list[ExtractProgress]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> ExtractedArchive:
    """A data directory holding a Swedish plan and some files that are not PDFs, extracted."""
    data_dir = DataDir.at(tmp_path_factory.mktemp("extract") / "data")
    bodies = {
        "plan": swedish_plan_pdf(),
        "html": HTML_ERROR_PAGE,
        "xlsx": office_file("xl"),
        "docx": office_file("word"),
        "empty": b"",
        "encrypted": encrypted_pdf(),
    }
    hashes = dict(zip(bodies, archive_bytes(data_dir, bodies.values()), strict=True))
    progress: list[ExtractProgress] = []
    summary = extract_archive(data_dir, workers=2, progress=progress.append)
    return ExtractedArchive(data_dir, hashes, summary, progress)


def file_row(archive: ExtractedArchive, name: str) -> dict:
    db = archive.data_dir.open_db()
    try:
        return db.table("files").get(archive.hashes[name])
    finally:
        db.close()


def page_texts(archive: ExtractedArchive, name: str) -> list[str]:
    db = archive.data_dir.open_db()
    try:
        rows = db.execute(
            "select page_number, text, chars from pdf_pages where sha256 = ? order by page_number",
            [archive.hashes[name]],
        ).fetchall()
    finally:
        db.close()
    assert [number for number, _, _ in rows] == list(range(1, len(rows) + 1))
    assert all(chars == len(text) for _, text, chars in rows)
    return [text for _, text, _ in rows]


def test_swedish_text_comes_out_exactly(extracted: ExtractedArchive) -> None:
    first = page_texts(extracted, "plan")[0].splitlines()
    assert first[:3] == [
        "Regional cancerplan 2024–2027",
        "Målet är att förbättra vården för patienter i hela regionen.",
        "Öppenvården och närsjukvården ska samverka för ökad jämlikhet.",
    ]


def test_hyphenated_line_ends_are_joined_and_suspended_compounds_kept(
    extracted: ExtractedArchive,
) -> None:
    first = page_texts(extracted, "plan")[0]
    assert "Arbetet med utvecklingsplanen fortsätter under året." in first
    assert "Patienter med huvud- och halscancer ska få snabbare utredning." in first


def test_running_footer_is_kept_apart_from_a_hyphenated_word(extracted: ExtractedArchive) -> None:
    last = page_texts(extracted, "plan")[2].splitlines()
    assert last[-2:] == [
        "Regionen tar fram en ny utvecklings-",
        "RCC Norr · Cancerplan 2024–2027 · sida 3",
    ]


def test_two_column_page_reads_column_by_column(extracted: ExtractedArchive) -> None:
    second = page_texts(extracted, "plan")[1]
    assert "\n".join(column_lines(LEFT_COLUMN)) + "\n" + "\n".join(column_lines(RIGHT_COLUMN)) in (
        second
    )


def test_ruled_table_rows_are_stored_as_json(extracted: ExtractedArchive) -> None:
    db = extracted.data_dir.open_db()
    try:
        tables = db.execute(
            "select page_number, table_index, rows from pdf_tables where sha256 = ?",
            [extracted.hashes["plan"]],
        ).fetchall()
    finally:
        db.close()
    assert [(page, index) for page, index, _ in tables] == [(1, 0)]
    assert json.loads(tables[0][2]) == TABLE_ROWS


def test_file_row_has_status_counts_and_metadata(extracted: ExtractedArchive) -> None:
    row = file_row(extracted, "plan")
    assert row["extract_status"] == "ok"
    assert row["extract_error"] is None
    assert row["page_count"] == 3
    assert row["chars"] == sum(len(text) for text in page_texts(extracted, "plan"))
    assert row["extractor_version"] == EXTRACTOR_VERSION
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["extracted_at"])
    assert row["pdf_title"] == "Regional cancerplan för Norr"
    assert row["pdf_author"] == "RCC Norr"
    assert row["pdf_creator"] == "extract_samples"
    assert row["pdf_producer"].startswith("ReportLab")
    assert row["pdf_created"] == "2000-01-01T00:00:00Z"
    assert row["pdf_modified"] == "2000-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("html", "HTML page, not a PDF"),
        ("xlsx", "xlsx spreadsheet: no text extraction for this type"),
        ("docx", "docx document: no text extraction for this type"),
        ("empty", "empty file (0 bytes)"),
    ],
)
def test_files_that_are_not_pdfs_say_what_they_are(
    extracted: ExtractedArchive, name: str, reason: str
) -> None:
    row = file_row(extracted, name)
    assert row["extract_status"] == "not_pdf"
    assert reason in row["extract_error"]
    assert page_texts(extracted, name) == []


def test_password_protected_pdf_is_encrypted(extracted: ExtractedArchive) -> None:
    row = file_row(extracted, "encrypted")
    assert row["extract_status"] == "encrypted"
    assert "empty user password was tried" in row["extract_error"]


def test_summary_and_progress_count_every_file(extracted: ExtractedArchive) -> None:
    summary = extracted.summary
    assert summary.done == 6
    assert summary.skipped == 0
    assert summary.statuses == {"ok": 1, "not_pdf": 4, "encrypted": 1}
    assert summary.pages == 3
    assert [step.done for step in extracted.progress] == [1, 2, 3, 4, 5, 6]
    assert {step.total for step in extracted.progress} == {6}
    assert extracted.progress[-1].pages == 3
    assert sorted(step.sha256 for step in extracted.progress) == sorted(extracted.hashes.values())
    assert "6 files extracted" in str(summary)


def test_extract_pdf_works_on_its_own(tmp_path: Path) -> None:
    from rcc_archive.extract.pdf import extract_pdf

    path = tmp_path / "plan.pdf"
    path.write_bytes(swedish_plan_pdf())
    result = extract_pdf(path, max_pages=10)
    assert result.status == "ok"
    assert result.page_count == 3
    assert [page.number for page in result.pages] == [1, 2, 3]
    assert result.metadata.title == "Regional cancerplan för Norr"
    assert extract_pdf(path, max_pages=2).status == "too_large"
