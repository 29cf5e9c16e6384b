"""The backfill's writes: captures from the Wayback Machine become versions, in time order.

Reads and writes ``archive.db`` and the blob store of one data directory: ``wayback_captures``
(every capture listed, and what became of it), ``wayback_queries`` (each CDX listing's
resume key), and the versions, pages, documents, links and files the captures give.

The rules, so a backfill never passes for the crawl and never rewrites it:

- A capture's bytes are a version with ``first_seen`` and ``last_seen`` at the capture
  time, ``source`` ``wayback`` and ``source_url`` the capture's replay URL.
- Bytes the archive already holds as a version of that document or page are that version:
  it keeps its ``source`` (a ``crawl`` version stays ``crawl``), and only its dates widen
  (``first_seen`` moves back to the capture time if earlier: the capture proves the bytes
  were served then). The capture row says which version it matched.
- A document or page the crawl knows keeps its current ``sha256``, status and place; one
  known only from captures gets the latest capture as its ``sha256`` and status ``removed``
  with the reason "known only from the Wayback Machine" (``current`` means linked in the
  latest crawl), and the title, page and region of its latest archived link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from archive.catalogue import CHANGED, NEW, UNCHANGED, DocumentLink, PageRecord
from archive.clock import utcnow_iso
from archive.datadir import DataDir
from archive.sniff import sniff_type

WAYBACK = "wayback"
CAPTURE_KIND = "wayback"  # fetches.kind of a capture's bytes
CDX_KIND = "wayback-cdx"  # fetches.kind of a CDX listing
ONLY_WAYBACK = "known only from the Wayback Machine"
PENDING, ARCHIVED, REJECTED, FAILED = "pending", "archived", "rejected", "failed"

_TABLES = (
    """CREATE TABLE IF NOT EXISTS wayback_captures (
        capture_url TEXT PRIMARY KEY,
        timestamp TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        original_url TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        mimetype TEXT,
        digest TEXT,
        status TEXT NOT NULL,
        outcome TEXT,
        sha256 TEXT,
        version_source TEXT,
        error TEXT,
        fetch_id INTEGER REFERENCES fetches(id),
        listed_run_id INTEGER REFERENCES crawl_runs(id),
        run_id INTEGER REFERENCES crawl_runs(id),
        fetched_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS wayback_captures_url ON wayback_captures (url, timestamp)",
    "CREATE INDEX IF NOT EXISTS wayback_captures_status ON wayback_captures (status)",
    """CREATE TABLE IF NOT EXISTS wayback_queries (
        query TEXT PRIMARY KEY,
        resume_key TEXT,
        complete INTEGER NOT NULL DEFAULT 0,
        captures_listed INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        run_id INTEGER REFERENCES crawl_runs(id)
    )""",
)


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
    """Create the backfill's own tables if they are missing."""
    for statement in _TABLES:
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


class Backfill:
    """The backfill's view of one data directory: a connection and the blob store."""

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

    def _archived(
        self,
        run_id: int,
        capture: Capture,
        outcome: str,
        sha: str,
        source: str,
        fetch_id: int | None,
    ) -> None:
        self.db.execute(
            "update wayback_captures set status = ?, outcome = ?, sha256 = ?, version_source = ?, "
            "error = null, fetch_id = ?, run_id = ?, fetched_at = ? where capture_url = ?",
            [ARCHIVED, outcome, sha, source, fetch_id, run_id, utcnow_iso(), capture.capture_url],
        )
        if fetch_id is not None:
            self.db.execute(
                "update fetches set outcome = ?, sha256 = ? where id = ?", [outcome, sha, fetch_id]
            )

    def _add_file(self, sha: str, body: bytes, seen: str) -> None:
        self.db.execute(
            "insert or ignore into files (sha256, bytes, content_type, first_seen) "
            "values (?, ?, ?, ?)",
            [sha, len(body), sniff_type(body), seen],
        )
        self.db.execute(
            "update files set first_seen = min(coalesce(first_seen, ?), ?) where sha256 = ?",
            [seen, seen, sha],
        )

    # -- pages ----------------------------------------------------------------------------

    def save_page(
        self, run_id: int, capture: Capture, page: PageRecord, fetch_id: int | None
    ) -> str:
        """Archive a captured page as a version of its URL; return new, changed or unchanged."""
        sha = self.blobs.put(page.body)
        seen = capture.captured_at
        with self.db.conn:
            known = self.db.execute(
                "select source from web_page_versions where url = ? and sha256 = ?",
                [page.url, sha],
            ).fetchone()
            if known:
                outcome, source = UNCHANGED, known[0] or "crawl"
                self._widen("web_page_versions", "url = ? and sha256 = ?", [page.url, sha], seen)
            else:
                had = self.db.execute(
                    "select 1 from web_page_versions where url = ?", [page.url]
                ).fetchone()
                outcome, source = (CHANGED if had else NEW), WAYBACK
                self.db.table("web_page_versions").insert(
                    {
                        "url": page.url,
                        "sha256": sha,
                        "title": page.title,
                        "text": page.text,
                        "common_updated": page.common_updated,
                        "regional_updated": page.regional_updated,
                        "fact_owner": page.fact_owner,
                        "editor": page.editor,
                        "published": page.published,
                        "first_seen": seen,
                        "last_seen": seen,
                        "source": WAYBACK,
                        "source_url": capture.capture_url,
                    }
                )
            self.db.execute(
                "insert or ignore into web_pages (url, host, region, title, status, first_seen, "
                "last_seen) values (?, ?, ?, ?, 'removed', ?, ?)",
                [page.url, urlsplit(page.url).hostname, page.region, page.title, seen, seen],
            )
            self._widen("web_pages", "url = ?", [page.url], seen)
            if not self._crawled("web_page_versions", "url = ?", [page.url]):
                latest = self.db.execute(
                    "select sha256, title from web_page_versions where url = ? "
                    "order by first_seen desc, rowid desc limit 1",
                    [page.url],
                ).fetchone()
                self.db.execute(
                    "update web_pages set sha256 = ?, title = ? where url = ?",
                    [latest[0], latest[1], page.url],
                )
            self._archived(run_id, capture, outcome, sha, source, fetch_id)
        return outcome

    def save_link(self, run_id: int, link: DocumentLink, seen: str) -> None:
        """Record that a captured page linked a document at the capture time."""
        with self.db.conn:
            self.db.execute(
                "insert or ignore into document_links (document_url, page_url, link_text, title, "
                "section, region, first_seen, last_seen, last_run_id) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    link.document_url,
                    link.page_url,
                    link.link_text,
                    link.title,
                    link.section,
                    link.region,
                    seen,
                    seen,
                    run_id,
                ],
            )
            self.db.execute(
                "update document_links set first_seen = min(coalesce(first_seen, ?), ?) "
                "where document_url = ? and page_url = ?",
                [seen, seen, link.document_url, link.page_url],
            )

    # -- documents ------------------------------------------------------------------------

    def _document_id(self, url: str, seen: str) -> int:
        row = (
            self.db.execute("select document_id from document_urls where url = ?", [url]).fetchone()
            or self.db.execute("select id from documents where url = ?", [url]).fetchone()
        )
        if row:
            return int(row[0])
        table = self.db.table("documents")
        table.insert(
            {
                "url": url,
                "host": urlsplit(url).hostname,
                "first_seen": seen,
                "last_seen": seen,
                "status": "removed",
                "status_reason": ONLY_WAYBACK,
            }
        )
        document_id = int(table.last_pk)
        self.db.execute(
            "insert or ignore into document_urls (url, document_id, first_seen, last_seen, "
            "joined_by) values (?, ?, ?, ?, 'linked')",
            [url, document_id, seen, seen],
        )
        return document_id

    def save_document(
        self, run_id: int, capture: Capture, body: bytes, fetch_id: int | None
    ) -> tuple[str, str]:
        """Archive a captured document's bytes as a version; return (outcome, sha256)."""
        sha = self.blobs.put(body)
        seen = capture.captured_at
        with self.db.conn:
            doc_id = self._document_id(capture.url, seen)
            known = self.db.execute(
                "select source from document_versions where document_id = ? and sha256 = ?",
                [doc_id, sha],
            ).fetchone()
            if known:
                outcome, source = UNCHANGED, known[0] or "crawl"
                where = "document_id = ? and sha256 = ?"
                self._widen("document_versions", where, [doc_id, sha], seen)
            else:
                had = self.db.execute(
                    "select 1 from document_versions where document_id = ?", [doc_id]
                ).fetchone()
                outcome, source = (CHANGED if had else NEW), WAYBACK
                self.db.table("document_versions").insert(
                    {
                        "document_id": doc_id,
                        "sha256": sha,
                        "first_seen": seen,
                        "last_seen": seen,
                        "first_run_id": run_id,
                        "last_run_id": run_id,
                        "source": WAYBACK,
                        "source_url": capture.capture_url,
                    }
                )
            self._add_file(sha, body, seen)
            self.db.execute(
                "update documents set first_seen = min(coalesce(first_seen, ?), ?) where id = ?",
                [seen, seen, doc_id],
            )
            if not self._crawled("document_versions", "document_id = ?", [doc_id]):
                # Known only from captures: its latest capture stands for it.
                latest = self.db.execute(
                    "select sha256, last_seen from document_versions where document_id = ? "
                    "order by first_seen desc, rowid desc limit 1",
                    [doc_id],
                ).fetchone()
                self.db.execute(
                    "update documents set sha256 = ?, last_seen = max(coalesce(last_seen, ?), ?) "
                    "where id = ?",
                    [latest[0], latest[1], latest[1], doc_id],
                )
            self._archived(run_id, capture, outcome, sha, source, fetch_id)
        return outcome, sha

    def _widen(self, table: str, where: str, params: list[object], seen: str) -> None:
        self.db.execute(
            f"update {table} set first_seen = min(coalesce(first_seen, ?), ?), "
            f"last_seen = max(coalesce(last_seen, ?), ?) where {where}",
            [seen, seen, seen, seen, *params],
        )

    def _crawled(self, table: str, where: str, params: list[object]) -> bool:
        row = self.db.execute(
            f"select 1 from {table} where {where} and coalesce(source, 'crawl') = 'crawl' limit 1",
            params,
        ).fetchone()
        return row is not None
