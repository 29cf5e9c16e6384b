"""The extractor's side of the catalogue: which files to extract, and saving each result.

Reads ``files``; writes ``files`` (extraction columns), ``pdf_pages`` and ``pdf_tables``.
Each file's result is saved in one transaction, so a killed run never leaves half of a
file's pages behind: either the old pages stand or the new ones do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from rcc_archive.extract.result import SETTLED_STATUSES, FileResult


@dataclass(frozen=True)
class PendingFile:
    """A ``files`` row chosen for extraction."""

    sha256: str
    bytes: int | None


def select_files(
    db: sqlite_utils.Database,
    *,
    version: str,
    force: bool = False,
    retry_failed: bool = False,
    ocr: bool = False,
) -> tuple[list[PendingFile], int]:
    """Return the files this run should extract, and how many it skips.

    A file is due when it was never extracted or was extracted by another extractor
    version; ``retry_failed`` adds files whose last status was a failure, ``force``
    takes every file, and ``ocr`` files with a page that has no text and that OCR has
    not read (extracted while OCR was off or not installed).
    """
    pending: list[PendingFile] = []
    skipped = 0
    unread = _pages_ocr_has_not_read(db) if ocr else set()
    rows = db.execute(
        "select sha256, bytes, extract_status, extractor_version from files order by sha256"
    ).fetchall()
    for sha256, size, status, extracted_by in rows:
        due = (
            force
            or status is None
            or extracted_by != version
            or (retry_failed and status not in SETTLED_STATUSES)
            or (sha256 in unread and status in SETTLED_STATUSES)
        )
        if due:
            pending.append(PendingFile(sha256=sha256, bytes=size))
        else:
            skipped += 1
    return pending, skipped


def _pages_ocr_has_not_read(db: sqlite_utils.Database) -> set[str]:
    """Files with a page of (next to) no text that is not OCR's reading."""
    # Cleaned text is stripped, so fewer than 2 characters is fewer than 2 visible
    # ones: the pages ``extract.pdf`` sends to OCR.
    rows = db.execute(
        "select distinct sha256 from pdf_pages where chars < 2 "
        "and coalesce(text_source, 'pdf') != 'ocr'"
    ).fetchall()
    return {sha256 for (sha256,) in rows}


def save_file_result(
    db: sqlite_utils.Database,
    sha256: str,
    result: FileResult,
    *,
    version: str,
    extracted_at: str,
) -> None:
    """Replace a file's pages and tables and record its status, all in one transaction."""
    meta = result.metadata
    with db.atomic():
        db.execute("delete from pdf_pages where sha256 = ?", [sha256])
        db.execute("delete from pdf_tables where sha256 = ?", [sha256])
        db.table("pdf_pages").insert_all(
            (
                {
                    "sha256": sha256,
                    "page_number": page.number,
                    "text": page.text,
                    "chars": page.chars,
                    "text_source": page.source,
                }
                for page in result.pages
            ),
            pk=("sha256", "page_number"),
        )
        db.table("pdf_tables").insert_all(
            (
                {
                    "sha256": sha256,
                    "page_number": table.page_number,
                    "table_index": table.index,
                    "rows": json.dumps(table.rows, ensure_ascii=False),
                }
                for table in result.tables
            ),
            pk=("sha256", "page_number", "table_index"),
        )
        db.execute(
            """
            update files set
                content_type = coalesce(content_type, ?),
                page_count = ?, chars = ?,
                extract_status = ?, extract_error = ?,
                extractor_version = ?, extracted_at = ?,
                pdf_title = ?, pdf_author = ?, pdf_creator = ?, pdf_producer = ?,
                pdf_created = ?, pdf_modified = ?
            where sha256 = ?
            """,
            [
                result.content_type,
                result.page_count,
                result.chars if result.pages else None,
                result.status,
                result.reason,
                version,
                extracted_at,
                meta.title,
                meta.author,
                meta.creator,
                meta.producer,
                meta.created,
                meta.modified,
                sha256,
            ],
        )
