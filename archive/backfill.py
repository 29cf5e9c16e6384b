"""The backfill's writes: captures from the Wayback Machine become versions, in time order.

Reads and writes ``archive.db`` and the blob store of one data directory: the versions,
pages, documents, links and files the captures give, and each capture's outcome in
``wayback_captures`` (the ledger of captures and listings is ``archive.backfill_ledger``).

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

from urllib.parse import urlsplit

from rcc_archive.archive.backfill_ledger import (
    ARCHIVED,
    CAPTURE_KIND,
    CDX_KIND,
    FAILED,
    ONLY_WAYBACK,
    PENDING,
    REJECTED,
    WAYBACK,
    Capture,
    CaptureLedger,
)
from rcc_archive.archive.catalogue import (
    CHANGED,
    LINK_COLUMNS,
    NEW,
    UNCHANGED,
    DocumentLink,
    PageRecord,
    page_version_row,
)
from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.document_urls import attach, by_node, resolve
from rcc_archive.archive.identity import LINKED, SITEVISION_NODE
from rcc_archive.archive.sniff import sniff_type

__all__ = [
    "ARCHIVED",
    "CAPTURE_KIND",
    "CDX_KIND",
    "FAILED",
    "ONLY_WAYBACK",
    "PENDING",
    "REJECTED",
    "WAYBACK",
    "Backfill",
    "Capture",
]


class Backfill(CaptureLedger):
    """The backfill's writes: captures become versions, never replacing what the crawl saw."""

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
                    page_version_row(page, sha, seen, WAYBACK, capture.capture_url)
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
                f"insert or ignore into document_links ({LINK_COLUMNS}) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                link.row(seen, run_id),
            )
            self.db.execute(
                "update document_links set first_seen = min(coalesce(first_seen, ?), ?) "
                "where document_url = ? and page_url = ?",
                [seen, seen, link.document_url, link.page_url],
            )

    # -- documents ------------------------------------------------------------------------

    def _document_id(self, url: str, seen: str) -> int:
        """Return the document an old URL is, by the schema's identity rule, or a new one."""
        document_id = resolve(self.db, url)
        if document_id is not None:
            return document_id
        document_id = by_node(self.db, url)
        if document_id is not None:
            # An earlier URL of a known SiteVision file: that document, whose documents.url
            # stays the URL it is linked by now.
            attach(self.db, url, document_id, SITEVISION_NODE, seen, None)
            return document_id
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
        attach(self.db, url, document_id, LINKED, seen, None)
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
