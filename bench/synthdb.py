"""Build a catalogue of generated PDF pages for the search, growth and publish benchmarks.

Reads nothing; writes ``<data dir>/archive.db`` (shaped by ``archive.schema``, then
published by ``publish.build.publish_archive``). The rows look like an extracted
archive after two crawl runs: one file per 50 generated pages, the pages' text and a
table on every third page; each file is a document's version, and every tenth file
(index 9, 19, …) is the second version of the file before it, found by run 2, with
``CHANGED_PAGES`` of its pages rewritten, so ``publish`` has version pairs to diff and
the ``changes`` view has new and changed documents. Each document has a fetch per run
(200 ``new`` in run 1; 200 ``changed`` or 304 ``not_modified`` in run 2). No blobs are
written: search never reads them. Pages are drawn per file from a seeded generator, so
the first 10,000 pages of the 100,000-page database are the 10,000-page database.
``bench.newversion`` gives one document a new version afterwards, as one changed PDF would.
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
# Every VERSION_EVERY-th file is the second version of the file before it.
VERSION_EVERY = 10
CHANGED_PAGES = (3, 17, 30)
REGION_SLUGS = ("mellansverige", "norr", "stockholm-gotland", "syd", "sydost", "vast")
DOC_TYPES = ("cancerplan", "uppfoljning", "processplan", "handlingsplan", "bilaga")
EXTRACTOR_VERSION = "bench-synthetic"
WHEN = "2026-01-15T02:15:00Z"
WHEN_2 = "2026-02-15T02:15:00Z"
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


def is_second_version(index: int) -> bool:
    """Tell whether generated file ``index`` is the second version of the file before it."""
    return index % VERSION_EVERY == VERSION_EVERY - 1


def file_pages(index: int, pages: int, seed: int) -> list[str]:
    """Return the page texts of generated file ``index``.

    A second version is the first one's pages with those in ``CHANGED_PAGES`` redrawn.
    """
    if is_second_version(index):
        return changed_pages(file_pages(index - 1, pages, seed), seed * 7_919 + index)
    rng = random.Random(seed * 7_919 + index)
    return [page_text(rng) for _ in range(pages)]


def changed_pages(texts: list[str], seed: int) -> list[str]:
    """Return ``texts`` with the pages in ``CHANGED_PAGES`` (those it has) redrawn from ``seed``."""
    rng = random.Random(seed)
    changed = list(texts)
    for number in CHANGED_PAGES:
        if number < len(changed):
            changed[number] = page_text(rng)
    return changed


def document_id(index: int) -> int:
    """Return the id of the document generated file ``index`` is a version of."""
    return index if is_second_version(index) else index + 1


def insert_runs(conn: sqlite3.Connection) -> None:
    """Insert the two crawl runs the generated versions and fetches belong to."""
    conn.executemany(
        """INSERT INTO crawl_runs (id, started_at, finished_at, status, command, previous_run_id)
           VALUES (?, ?, ?, 'ok', 'update', ?)""",
        [(1, WHEN, WHEN, None), (2, WHEN_2, WHEN_2, 1)],
    )


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
            insert_runs(conn)
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
    """Insert generated files ``(index, page texts)`` with their document, version, fetches, pages and tables.

    A second version (``is_second_version``) joins its first version's document, which
    must be in the same chunk or already inserted.
    """
    documents, versions, files, fetches, pages, tables = [], [], [], [], [], []
    latest: dict[int, str] = {}
    for index, texts in chunk:
        sha = file_sha(index)
        doc_id = document_id(index)
        url = _document_url(index - 1 if is_second_version(index) else index)
        if is_second_version(index):
            versions.append((doc_id, sha, WHEN_2, WHEN_2, 2, 2))
            fetches.append((2, url, WHEN_2, 200, sha, "changed"))
            latest[doc_id] = sha
        else:
            documents.append(_document_row(index, sha))
            versions.append((doc_id, sha, WHEN, WHEN, 1, 1))
            fetches.append((1, url, WHEN, 200, sha, "new"))
            if not is_second_version(index + 1):
                fetches.append((2, url, WHEN_2, 304, None, "not_modified"))
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
        pages.extend(page_rows(sha, texts))
        tables.extend(table_rows_of(index, sha, len(texts)))
    conn.executemany(
        """INSERT INTO documents (id, url, host, title, region, doc_type, period_start,
           period_end, diagnosis, sha256, status, first_seen, last_seen, last_run_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)""",
        documents,
    )
    conn.executemany(
        """INSERT INTO document_versions (document_id, sha256, first_seen, last_seen,
           first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?)""",
        versions,
    )
    conn.executemany(
        "UPDATE documents SET sha256 = ? WHERE id = ?", [(sha, doc) for doc, sha in latest.items()]
    )
    conn.executemany(
        """INSERT INTO fetches (run_id, url, kind, fetched_at, http_status, sha256, outcome)
           VALUES (?, ?, 'document', ?, ?, ?, ?)""",
        fetches,
    )
    insert_extracted(conn, files, pages, tables)


def _document_url(index: int) -> str:
    region = REGION_SLUGS[index % len(REGION_SLUGS)]
    return f"https://cancercentrum.se/{region}/bench/plan-{index}.pdf"


def _document_row(index: int, sha: str) -> tuple:
    region = REGION_SLUGS[index % len(REGION_SLUGS)]
    doc_type = DOC_TYPES[index % len(DOC_TYPES)]
    start = 2016 + (index % 3) * 3
    return (
        document_id(index),
        _document_url(index),
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
        WHEN_2,
    )


def page_rows(sha: str, texts: list[str]) -> list[tuple[str, int, str, int]]:
    return [(sha, number, text, len(text)) for number, text in enumerate(texts, start=1)]


def table_rows_of(index: int, sha: str, pages: int) -> list[tuple[str, int, int, str]]:
    return [
        (sha, number, 0, json.dumps(table_rows(random.Random(index * 10_007 + number), 5)))
        for number in range(3, pages + 1, 3)
    ]


def insert_extracted(
    conn: sqlite3.Connection, files: list[tuple], pages: list[tuple], tables: list[tuple]
) -> None:
    conn.executemany(
        """INSERT INTO files (sha256, bytes, content_type, page_count, chars, extract_status,
           extractor_version, extracted_at, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        files,
    )
    conn.executemany(
        "INSERT INTO pdf_pages (sha256, page_number, text, chars) VALUES (?, ?, ?, ?)", pages
    )
    conn.executemany(
        "INSERT INTO pdf_tables (sha256, page_number, table_index, rows) VALUES (?, ?, ?, ?)",
        tables,
    )
