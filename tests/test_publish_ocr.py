"""OCR text in the published archive: searchable like the rest, and marked as OCR where shown."""

from __future__ import annotations

import sqlite3

import pytest
from test_publish_fixture import build_archive

from rcc_archive.publish.build import publish_archive
from rcc_archive.publish.serve import make_datasette

SCANNED = "norr_2024"  # the fixture file whose pages this test turns into OCR text


@pytest.fixture
def archive_with_a_scanned_plan(tmp_path):
    data_dir, shas = build_archive(tmp_path / "data")
    with sqlite3.connect(data_dir.db_path) as db:
        db.execute("update pdf_pages set text_source = 'pdf'")
        db.execute("update pdf_pages set text_source = 'ocr' where sha256 = ?", [shas[SCANNED]])
    publish_archive(data_dir)
    return data_dir, shas


async def test_search_marks_hits_in_ocr_text_and_only_those(archive_with_a_scanned_plan):
    data_dir, shas = archive_with_a_scanned_plan
    ds = make_datasette(data_dir)
    response = await ds.client.get(
        "/archive/search.json", params={"term": "cancerplan", "_shape": "objects"}
    )
    assert response.status_code == 200
    rows = response.json()["rows"]
    scanned = [row for row in rows if row["sha256"] == shas[SCANNED]]
    others = [row for row in rows if row["sha256"] != shas[SCANNED]]
    assert scanned and others, "the fixture's cancerplan pages span both kinds"
    assert all(
        row["text_source"] == "OCR" and "OCR-tolkad text" in row["citation"] for row in scanned
    )
    assert all(row["text_source"] == "PDF-text" and "OCR" not in row["citation"] for row in others)


async def test_the_document_page_says_which_pages_are_ocr_text(archive_with_a_scanned_plan):
    data_dir, shas = archive_with_a_scanned_plan
    with sqlite3.connect(data_dir.db_path) as db:
        (scanned_id,) = db.execute(
            "select id from documents where sha256 = ?", [shas[SCANNED]]
        ).fetchone()
        (other_id,) = db.execute(
            "select id from documents where sha256 != ? and sha256 in "
            "(select sha256 from pdf_pages) limit 1",
            [shas[SCANNED]],
        ).fetchone()
    ds = make_datasette(data_dir)
    scanned_page = await ds.client.get(f"/archive/documents/{scanned_id}")
    other_page = await ds.client.get(f"/archive/documents/{other_id}")
    assert scanned_page.status_code == other_page.status_code == 200
    assert "OCR-tolkad text" in scanned_page.text
    assert "OCR-tolkad text" not in other_page.text
