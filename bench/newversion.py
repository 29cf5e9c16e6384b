"""One new version of one generated document, as a changed PDF crawled and extracted would leave.

Reads a generated catalogue (``bench.synthdb``); writes a crawl run, a ``changed`` fetch,
a document version, the new file with its pages and tables, and points the document at
it. ``publish`` then has one file to index and one version pair to diff.
"""

from __future__ import annotations

import hashlib

from bench.synthdb import (
    EXTRACTOR_VERSION,
    changed_pages,
    document_id,
    insert_extracted,
    page_rows,
    table_rows_of,
)
from rcc_archive.archive.datadir import DataDir


def add_version(data_dir: DataDir, index: int, *, seed: int = 11) -> tuple[str, int]:
    """Give generated file ``index``'s document a new version, as a crawl run and extraction would.

    The new file is the document's current pages with ``CHANGED_PAGES`` redrawn; it gets a
    crawl run of its own, a ``changed`` fetch, a version and its pages. Returns the new
    file's sha256 and page count.
    """
    db = data_dir.open_db()
    conn = db.conn
    try:
        doc_id = document_id(index)
        url, current = conn.execute(
            "SELECT url, sha256 FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        texts = [
            row[0]
            for row in conn.execute(
                "SELECT text FROM pdf_pages WHERE sha256 = ? ORDER BY page_number", [current]
            )
        ]
        run_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM crawl_runs").fetchone()[0]
        sha = hashlib.sha256(f"bench-file-{index}-run-{run_id}".encode()).hexdigest()
        new = changed_pages(texts, seed * 104_729 + run_id)
        when = f"2026-03-{min(run_id, 28):02d}T02:15:00Z"
        with conn:
            conn.execute(
                """INSERT INTO crawl_runs (id, started_at, finished_at, status, command,
                   previous_run_id) VALUES (?, ?, ?, 'ok', 'update', ?)""",
                [run_id, when, when, run_id - 1],
            )
            conn.execute(
                """INSERT INTO fetches (run_id, url, kind, fetched_at, http_status, sha256,
                   outcome) VALUES (?, ?, 'document', ?, 200, ?, 'changed')""",
                [run_id, url, when, sha],
            )
            conn.execute(
                """INSERT INTO document_versions (document_id, sha256, first_seen, last_seen,
                   first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?)""",
                [doc_id, sha, when, when, run_id, run_id],
            )
            conn.execute(
                "UPDATE documents SET sha256 = ?, last_seen = ?, last_run_id = ? WHERE id = ?",
                [sha, when, run_id, doc_id],
            )
            files = [
                (
                    sha,
                    40_000 * len(new),
                    "application/pdf",
                    len(new),
                    sum(map(len, new)),
                    "ok",
                    EXTRACTOR_VERSION,
                    when,
                    when,
                )
            ]
            insert_extracted(conn, files, page_rows(sha, new), table_rows_of(index, sha, len(new)))
    finally:
        conn.close()
    return sha, len(new)
