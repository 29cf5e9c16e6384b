"""The backfill's ledger: which captures were listed, which are done, where listings resume.

Reads and writes ``wayback_captures`` (every capture listed, and what became of it) and
``wayback_queries`` (each CDX listing's resume key) in ``archive.db``, and reads what the
archive already knows (documents, links, pages, robots.txt) to choose what to take.
Listing and state are written in one transaction, so a run killed at any moment resumes
exactly where its last kept answer ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.schema import WAYBACK_DDL

WAYBACK = "wayback"
CAPTURE_KIND = "wayback"  # fetches.kind of a capture's bytes
CDX_KIND = "wayback-cdx"  # fetches.kind of a CDX listing
ONLY_WAYBACK = "known only from the Wayback Machine"
PENDING, ARCHIVED, REJECTED, FAILED = "pending", "archived", "rejected", "failed"


@dataclass(frozen=True)
class Capture:
    """One capture to archive: where its bytes are replayed and what they stand for."""

    capture_url: str  # the replay URL of the original bytes (``…/web/<ts>id_/<url>``)
    url: str  # the canonical real URL it is a version of
    original: str  # the URL as the Wayback Machine captured it
    timestamp: str  # 14 digits, UTC
    captured_at: str  # the same moment as ISO 8601
    kind: str  # "page" or "document"
    mimetype: str = ""
    digest: str = ""


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the backfill's own tables if they are missing (``open_db`` already does)."""
    for statement in WAYBACK_DDL:
        db.execute(statement)


def _capture_from_row(row: tuple) -> Capture:
    return Capture(
        capture_url=row[0],
        url=row[1],
        original=row[2],
        timestamp=row[3],
        captured_at=row[4],
        kind=row[5],
        mimetype=row[6] or "",
        digest=row[7] or "",
    )


class CaptureLedger:
    """The captures and listings of one data directory: a connection and the blob store."""

    def __init__(self, data_dir: DataDir) -> None:
        self.db: sqlite_utils.Database = data_dir.open_db()
        self.blobs = data_dir.blobs()
        with self.db.conn:
            ensure_tables(self.db)

    # -- listings and captures ------------------------------------------------------------

    def listing_state(self, query: str) -> tuple[str | None, bool]:
        """Return (resume key, complete) of a CDX listing as the last run left it."""
        row = self.db.execute(
            "select resume_key, complete from wayback_queries where query = ?", [query]
        ).fetchone()
        return (row[0], bool(row[1])) if row else (None, False)

    def add_listing(
        self, run_id: int, query: str, captures: list[Capture], resume_key: str | None
    ) -> int:
        """Keep one CDX answer: its captures as pending, then where the listing goes on.

        One transaction, so a run killed after it resumes at ``resume_key`` and still has
        every capture this answer listed. Returns how many captures were new.
        """
        now = utcnow_iso()
        with self.db.conn:
            before = self.db.execute("select count(*) from wayback_captures").fetchone()[0]
            for capture in captures:
                self.db.execute(
                    "insert or ignore into wayback_captures (capture_url, timestamp, captured_at, "
                    "original_url, url, kind, mimetype, digest, status, listed_run_id) "
                    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        capture.capture_url,
                        capture.timestamp,
                        capture.captured_at,
                        capture.original,
                        capture.url,
                        capture.kind,
                        capture.mimetype,
                        capture.digest,
                        PENDING,
                        run_id,
                    ],
                )
            added = self.db.execute("select count(*) from wayback_captures").fetchone()[0] - before
            self.db.execute(
                "insert into wayback_queries (query, resume_key, complete, captures_listed, "
                "updated_at, run_id) values (?, ?, ?, ?, ?, ?) on conflict (query) do update set "
                "resume_key = excluded.resume_key, complete = excluded.complete, "
                "captures_listed = captures_listed + excluded.captures_listed, "
                "updated_at = excluded.updated_at, run_id = excluded.run_id",
                [query, resume_key, int(resume_key is None), len(captures), now, run_id],
            )
        return int(added)

    def to_fetch(self, kind: str) -> list[Capture]:
        """Return the captures of one kind still to archive (pending, or failed before)."""
        rows = self.db.execute(
            "select capture_url, url, original_url, timestamp, captured_at, kind, mimetype, "
            "digest from wayback_captures where kind = ? and status in (?, ?) "
            "order by timestamp, url",
            [kind, PENDING, FAILED],
        ).fetchall()
        return [_capture_from_row(row) for row in rows]

    def done_capture_urls(self) -> set[str]:
        """Return the captures archived (or found to hold nothing to archive) already."""
        rows = self.db.execute(
            "select capture_url from wayback_captures where status in (?, ?)", [ARCHIVED, REJECTED]
        )
        return {row[0] for row in rows}

    def known_document_urls(self) -> set[str]:
        """Every URL the archive knows as a document or a document link, crawled or not."""
        urls = {row[0] for row in self.db.execute("select url from documents")}
        urls.update(row[0] for row in self.db.execute("select url from document_urls"))
        urls.update(row[0] for row in self.db.execute("select document_url from document_links"))
        return urls

    def robots_files(self) -> dict[str, bytes]:
        """Return the latest archived robots.txt of each crawled host, by host name."""
        rows = self.db.execute(
            "select url, sha256 from fetches where kind = 'robots' and http_status = 200 "
            "and sha256 is not null order by id"
        ).fetchall()
        latest = {urlsplit(url).hostname or "": sha for url, sha in rows}
        return {host: self.blobs.read(sha) for host, sha in latest.items() if self.blobs.has(sha)}

    def known_page_urls(self) -> set[str]:
        """Every page URL the archive holds."""
        return {row[0] for row in self.db.execute("select url from web_pages")}

    def capture_failed(
        self, run_id: int, capture: Capture, status: str, reason: str, fetch_id: int | None
    ) -> None:
        """Record why a capture gave no version (``failed`` is retried by the next run)."""
        with self.db.conn:
            self.db.execute(
                "update wayback_captures set status = ?, error = ?, fetch_id = ?, run_id = ?, "
                "fetched_at = ? where capture_url = ?",
                [status, reason, fetch_id, run_id, utcnow_iso(), capture.capture_url],
            )
