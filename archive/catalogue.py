"""The crawl's writes to the catalogue: runs, fetches, pages, documents and their versions.

Reads and writes ``archive.db`` and the blob store of one data directory. Every method is
one short transaction, so a crawl killed at any moment leaves a consistent catalogue;
bytes are stored (and fsynced) before any row points at them. Versions are only ever
added or touched, never overwritten: a changed body gets a new version row, the old one
keeps its blob and its dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from archive.blobs import BlobStore
from archive.clock import utcnow_iso
from archive.datadir import DataDir
from archive.sniff import sniff_type

# Outcomes of one fetch, as promised in the public schema.
NEW, CHANGED, UNCHANGED, NOT_MODIFIED, ERROR, SKIPPED = (
    "new",
    "changed",
    "unchanged",
    "not_modified",
    "error",
    "skipped",
)


@dataclass(frozen=True)
class DocumentLink:
    """Where a document was linked: the page, the label and the page section."""

    document_url: str
    page_url: str
    link_text: str
    title: str
    section: str
    region: str | None


@dataclass(frozen=True)
class PageRecord:
    """A fetched page and what it says about itself."""

    url: str
    body: bytes
    region: str | None
    title: str
    text: str
    common_updated: str | None = None
    regional_updated: str | None = None
    fact_owner: str | None = None
    editor: str | None = None
    published: str | None = None


class Catalogue:
    """The crawl's view of one data directory: a connection and the blob store."""

    def __init__(self, data_dir: DataDir) -> None:
        self.data_dir = data_dir
        self.db: sqlite_utils.Database = data_dir.open_db()
        self.blobs: BlobStore = data_dir.blobs()

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, mirror: str | None, command: str = "crawl") -> int:
        """Open a ``crawl_runs`` row with status ``running`` and return its id."""
        self.close_stale_runs()
        previous = self.db.execute(
            "select max(id) from crawl_runs where status in ('ok', 'warning')"
        ).fetchone()[0]
        with self.db.conn:
            table = self.db.table("crawl_runs")
            table.insert(
                {
                    "started_at": utcnow_iso(),
                    "status": "running",
                    "mirror": mirror,
                    "command": command,
                    "previous_run_id": previous,
                }
            )
            return int(table.last_pk)

    def close_stale_runs(self) -> int:
        """Mark runs left ``running`` by a killed process as ``failed``; return how many.

        Callers hold the data directory's lock, so no run is really still going.
        """
        with self.db.conn:
            cursor = self.db.execute(
                "update crawl_runs set status = 'failed', finished_at = coalesce(finished_at, ?), "
                "notes = 'interrupted: the process ended before the run was closed' "
                "where status = 'running'",
                [utcnow_iso()],
            )
        return cursor.rowcount

    # -- fetches ------------------------------------------------------------------------

    def record_fetch(self, run_id: int, url: str, **fields: object) -> int:
        """Add one ``fetches`` row (one HTTP exchange or one refused request)."""
        row = {"run_id": run_id, "url": url, "fetched_at": utcnow_iso(), **fields}
        with self.db.conn:
            table = self.db.table("fetches")
            table.insert(row)
            return int(table.last_pk)

    def record_stored_fetch(self, run_id: int, url: str, body: bytes, **fields: object) -> int:
        """Archive a body that is not a page or document (robots.txt) and record its fetch."""
        sha = self.blobs.put(body)
        last = self.db.execute(
            "select sha256 from fetches where url = ? and sha256 is not null order by id desc limit 1",
            [url],
        ).fetchone()
        outcome = NEW if last is None else (UNCHANGED if last[0] == sha else CHANGED)
        return self.record_fetch(run_id, url, sha256=sha, outcome=outcome, **fields)

    def update_fetch(self, fetch_id: int, **fields: object) -> None:
        """Fill in what was learnt about a fetch after it was archived."""
        with self.db.conn:
            self.db.table("fetches").update(fetch_id, fields)

    def validators_for(self, url: str) -> tuple[str | None, str | None]:
        """Return the ETag and Last-Modified last served with a document's current bytes."""
        row = self.db.execute(
            """
            select f.etag, f.last_modified, d.sha256 from fetches f
            join documents d on d.url = f.url and d.sha256 = f.sha256
            where f.url = ? and f.http_status = 200 and (f.etag is not null or f.last_modified is not null)
            order by f.id desc limit 1
            """,
            [url],
        ).fetchone()
        # Only trust a 304 if we still hold the bytes it refers to.
        if row is None or not self.blobs.has(row[2]):
            return None, None
        return row[0], row[1]

    # -- pages --------------------------------------------------------------------------

    def save_page(self, run_id: int, page: PageRecord) -> str:
        """Archive a page's bytes and text; return ``new``, ``changed`` or ``unchanged``."""
        sha = self.blobs.put(page.body)
        now = utcnow_iso()
        with self.db.conn:
            current = self.db.execute(
                "select sha256 from web_pages where url = ?", [page.url]
            ).fetchone()
            outcome = NEW if current is None else (UNCHANGED if current[0] == sha else CHANGED)
            existing = self.db.execute(
                "select 1 from web_page_versions where url = ? and sha256 = ?", [page.url, sha]
            ).fetchone()
            if existing:
                self.db.execute(
                    "update web_page_versions set last_seen = ? where url = ? and sha256 = ?",
                    [now, page.url, sha],
                )
            else:
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
                        "first_seen": now,
                        "last_seen": now,
                    }
                )
            self.db.table("web_pages").upsert(
                {
                    "url": page.url,
                    "host": urlsplit(page.url).hostname,
                    "region": page.region,
                    "title": page.title,
                    "sha256": sha,
                    "status": "current",
                    "last_seen": now,
                    "last_run_id": run_id,
                },
                pk="url",
            )
            self.db.execute(
                "update web_pages set first_seen = coalesce(first_seen, ?) where url = ?",
                [now, page.url],
            )
        return outcome

    # -- documents ----------------------------------------------------------------------

    def save_link(self, run_id: int, link: DocumentLink) -> None:
        """Record that a page links a document, and make sure the document has a row."""
        now = utcnow_iso()
        with self.db.conn:
            self._ensure_document(link.document_url, now)
            seen = self.db.execute(
                "select last_run_id from document_links where document_url = ? and page_url = ?",
                [link.document_url, link.page_url],
            ).fetchone()
            if seen and seen[0] == run_id:
                # The same document twice on one page: the first link (reading order) wins.
                return
            self.db.table("document_links").upsert(
                {
                    "document_url": link.document_url,
                    "page_url": link.page_url,
                    "link_text": link.link_text,
                    "title": link.title,
                    "section": link.section,
                    "region": link.region,
                    "last_seen": now,
                    "last_run_id": run_id,
                },
                pk=("document_url", "page_url"),
            )
            self.db.execute(
                "update document_links set first_seen = coalesce(first_seen, ?) "
                "where document_url = ? and page_url = ?",
                [now, link.document_url, link.page_url],
            )

    def _ensure_document(self, url: str, now: str) -> int:
        row = self.db.execute("select id from documents where url = ?", [url]).fetchone()
        if row:
            return int(row[0])
        table = self.db.table("documents")
        table.insert(
            {"url": url, "host": urlsplit(url).hostname, "first_seen": now, "status": "current"}
        )
        return int(table.last_pk)

    def save_document_body(self, run_id: int, url: str, body: bytes) -> tuple[str, str]:
        """Archive a document's bytes as a version; return (outcome, sha256)."""
        sha = self.blobs.put(body)
        now = utcnow_iso()
        with self.db.conn:
            doc_id = self._ensure_document(url, now)
            current = self.db.execute(
                "select sha256 from documents where id = ?", [doc_id]
            ).fetchone()[0]
            known = self.db.execute(
                "select 1 from document_versions where document_id = ? and sha256 = ?",
                [doc_id, sha],
            ).fetchone()
            if current is None:
                outcome = NEW
            elif current == sha:
                outcome = UNCHANGED
            else:
                outcome = CHANGED
            if known:
                self.db.execute(
                    "update document_versions set last_seen = ?, last_run_id = ? "
                    "where document_id = ? and sha256 = ?",
                    [now, run_id, doc_id, sha],
                )
            else:
                self.db.table("document_versions").insert(
                    {
                        "document_id": doc_id,
                        "sha256": sha,
                        "first_seen": now,
                        "last_seen": now,
                        "first_run_id": run_id,
                        "last_run_id": run_id,
                    }
                )
            self.db.table("files").insert(
                {
                    "sha256": sha,
                    "bytes": len(body),
                    "content_type": sniff_type(body),
                    "first_seen": now,
                },
                pk="sha256",
                ignore=True,
            )
            self.db.execute(
                "update documents set sha256 = ?, status = 'current', status_reason = null, "
                "last_seen = ?, last_run_id = ? where id = ?",
                [sha, now, run_id, doc_id],
            )
        return outcome, sha

    def touch_document(self, run_id: int, url: str) -> str | None:
        """Mark a document seen unchanged (a 304); return its current sha256."""
        now = utcnow_iso()
        with self.db.conn:
            row = self.db.execute(
                "select id, sha256 from documents where url = ?", [url]
            ).fetchone()
            if row is None or row[1] is None:
                return None
            doc_id, sha = row
            self.db.execute(
                "update documents set status = 'current', status_reason = null, last_seen = ?, "
                "last_run_id = ? where id = ?",
                [now, run_id, doc_id],
            )
            self.db.execute(
                "update document_versions set last_seen = ?, last_run_id = ? "
                "where document_id = ? and sha256 = ?",
                [now, run_id, doc_id, sha],
            )
        return sha

    def mark_document_broken(self, run_id: int, url: str, reason: str) -> None:
        """Record that a linked document could not be fetched; its versions stay."""
        now = utcnow_iso()
        with self.db.conn:
            doc_id = self._ensure_document(url, now)
            self.db.execute(
                "update documents set status = 'broken', status_reason = ?, last_run_id = ? "
                "where id = ?",
                [reason, run_id, doc_id],
            )

    def forget_unfetched(self, run_id: int, url: str, reason: str) -> None:
        """Drop this run's links to a document we may not fetch; keep any archived versions."""
        with self.db.conn:
            self.db.execute(
                "delete from document_links where document_url = ? and last_run_id = ?",
                [url, run_id],
            )
            row = self.db.execute(
                "select id, sha256 from documents where url = ?", [url]
            ).fetchone()
            if row is None:
                return
            if row[1] is None:
                self.db.execute(
                    "delete from documents where id = ? and id not in "
                    "(select document_id from document_versions)",
                    [row[0]],
                )
            else:
                self.db.execute(
                    "update documents set status = 'broken', status_reason = ? where id = ?",
                    [reason, row[0]],
                )
