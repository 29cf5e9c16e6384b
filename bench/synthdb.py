"""Build a catalogue of generated PDF pages for the search and growth benchmarks.

Reads nothing; writes ``<data dir>/archive.db`` (shaped by ``archive.schema``, then
published by ``publish.build.publish_archive``). The rows look like an extracted
archive: one document, one version and one file per 50 generated pages, the pages' text
and a table on every third page. No blobs are written: search never reads them. Pages are
drawn per file from a seeded generator, so the first 10,000 pages of the 100,000-page
database are the 10,000-page database.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.text import DIAGNOSES, page_text, table_rows
from rcc_archive.archive.datadir import DataDir

PAGES_PER_FILE = 50
REGION_SLUGS = ("mellansverige", "norr", "stockholm-gotland", "syd", "sydost", "vast")
DOC_TYPES = ("cancerplan", "uppfoljning", "processplan", "handlingsplan", "bilaga")
EXTRACTOR_VERSION = "bench-synthetic"
WHEN = "2026-01-15T02:15:00Z"
# Rows per executemany call: big enough to amortise, small enough to keep memory flat.
_CHUNK_FILES = 200


@dataclass(frozen=True)
class BuildStats:
    """How long one generated database took to build, and how big it is."""

    pages: int
    files: int
    text_chars: int
    insert_seconds: float
    publish_seconds: float
    db_bytes: int

    @property
    def build_seconds(self) -> float:
        return self.insert_seconds + self.publish_seconds


def file_sha(index: int) -> str:
    """Return the (made-up but well-formed) sha256 of generated file ``index``."""
    return hashlib.sha256(f"bench-file-{index}".encode()).hexdigest()


def file_pages(index: int, pages: int, seed: int) -> list[str]:
    """Return the page texts of generated file ``index``."""
    rng = random.Random(seed * 7_919 + index)
    return [page_text(rng) for _ in range(pages)]


def build_database(
    data_dir: DataDir, pages: int, *, seed: int = 11, publish: bool = True
) -> BuildStats:
    """Fill an empty data directory with ``pages`` generated pages and (unless told not to) publish it."""
    if data_dir.db_path.exists():
        raise FileExistsError(f"{data_dir.db_path} exists: the benchmark builds from empty")
    from rcc_archive.publish.build import publish_archive

    started = time.perf_counter()
    db = data_dir.open_db()
    conn = db.conn
    files = 0
    chars = 0
    try:
        with conn:
            for chunk in _chunks(pages, seed):
                files += len(chunk)
                chars += sum(len(text) for _, texts in chunk for text in texts)
                insert_files(conn, chunk)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    inserted = time.perf_counter()
    if publish:
        publish_archive(data_dir)
    published = time.perf_counter()
    return BuildStats(
        pages=pages,
        files=files,
        text_chars=chars,
        insert_seconds=round(inserted - started, 3),
        publish_seconds=round(published - inserted, 3),
        db_bytes=database_bytes(data_dir.db_path),
    )


def database_bytes(path: Path) -> int:
    """Return the size of a database file with its WAL and shared-memory files."""
    return sum(
        candidate.stat().st_size
        for candidate in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        )
        if candidate.exists()
    )


def _chunks(pages: int, seed: int) -> Iterator[list[tuple[int, list[str]]]]:
    chunk: list[tuple[int, list[str]]] = []
    index = 0
    remaining = pages
    while remaining > 0:
        count = min(PAGES_PER_FILE, remaining)
        chunk.append((index, file_pages(index, count, seed)))
        remaining -= count
        index += 1
        if len(chunk) == _CHUNK_FILES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def insert_files(conn: sqlite3.Connection, chunk: list[tuple[int, list[str]]]) -> None:
    """Insert generated files ``(index, page texts)`` with their document, version, pages and tables."""
    documents, versions, files, page_rows, tables = [], [], [], [], []
    for index, texts in chunk:
        sha = file_sha(index)
        region = REGION_SLUGS[index % len(REGION_SLUGS)]
        doc_type = DOC_TYPES[index % len(DOC_TYPES)]
        start = 2016 + (index % 3) * 3
        document_id = index + 1
        documents.append(
            (
                document_id,
                f"https://cancercentrum.se/{region}/bench/plan-{index}.pdf",
                "cancercentrum.se",
                f"Regional {doc_type} {start}–{start + 3} ({index})",
                region,
                doc_type,
                start,
                start + 3,
                DIAGNOSES[index % len(DIAGNOSES)] if doc_type == "processplan" else None,
                sha,
                "current",
                WHEN,
                WHEN,
            )
        )
        versions.append((document_id, sha, WHEN, WHEN))
        files.append(
            (
                sha,
                40_000 * len(texts),
                "application/pdf",
                len(texts),
                sum(map(len, texts)),
                "ok",
                EXTRACTOR_VERSION,
                WHEN,
                WHEN,
            )
        )
        for number, text in enumerate(texts, start=1):
            page_rows.append((sha, number, text, len(text)))
            if number % 3 == 0:
                rows = table_rows(random.Random(index * 10_007 + number), 5)
                tables.append((sha, number, 0, json.dumps(rows, ensure_ascii=False)))
    conn.executemany(
        """INSERT INTO documents (id, url, host, title, region, doc_type, period_start,
           period_end, diagnosis, sha256, status, first_seen, last_seen)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        documents,
    )
    conn.executemany(
        "INSERT INTO document_versions (document_id, sha256, first_seen, last_seen) VALUES (?, ?, ?, ?)",
        versions,
    )
    conn.executemany(
        """INSERT INTO files (sha256, bytes, content_type, page_count, chars, extract_status,
           extractor_version, extracted_at, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        files,
    )
    conn.executemany(
        "INSERT INTO pdf_pages (sha256, page_number, text, chars) VALUES (?, ?, ?, ?)", page_rows
    )
    conn.executemany(
        "INSERT INTO pdf_tables (sha256, page_number, table_index, rows) VALUES (?, ?, ?, ?)",
        tables,
    )
