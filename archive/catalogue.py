"""The crawl's writes to the catalogue: runs, fetches, pages, documents and their versions.

Reads and writes ``archive.db`` and the blob store of one data directory. Every method is
one short transaction, so a crawl killed at any moment leaves a consistent catalogue;
bytes are stored (and fsynced) before any row points at them. Versions are only ever
added or touched, never overwritten: a changed body gets a new version row, the old one
keeps its blob and its dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from rcc_archive.archive.blobs import BlobStore
from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.document_urls import delete_document, document_for, join_redirects, resolve
from rcc_archive.archive.identity import redirect_joins
from rcc_archive.archive.sniff import sniff_type

# Outcomes of one fetch, as promised in the public schema.
NEW, CHANGED, UNCHANGED, NOT_MODIFIED, ERROR, SKIPPED = (
    "new",
    "changed",
    "unchanged",
    "not_modified",
    "error",
    "skipped",
)


_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")


def _column(name: str) -> str:
    """A column name for SQL text; the names come from our own code, never from a page."""
    if not _COLUMN.match(name):
        raise ValueError(f"not a column name: {name!r}")
    return name


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, object]) -> int | None:
    """Insert one row with plain SQL and return its rowid.

    sqlite_utils' ``insert`` looks the table up (``sqlite_master``, ``table_info``) on
    every call; the crawl writes a row per request, and that lookup was most of its SQL.
    """
    columns = ", ".join(f"[{_column(name)}]" for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"insert into [{table}] ({columns}) values ({marks})", list(row.values()))
    return cursor.lastrowid


@dataclass(frozen=True)
class DocumentLink:
    """Where a document was linked: the page, the label and the page section."""

    document_url: str
    page_url: str
    link_text: str
    title: str
    section: str
    region: str | None
    # Socialstyrelsen's article number ("2023-9-8752") when the link or its page names one.
    article_number: str | None = None

    def row(self, seen: str, run_id: int) -> list[str | int | None]:
        """Its ``document_links`` values, in the order of ``LINK_COLUMNS``, first seen ``seen``."""
        return [
            self.document_url,
            self.page_url,
            self.link_text,
            self.title,
            self.section,
            self.region,
            seen,
            seen,
            run_id,
        ]


LINK_COLUMNS = (
    "document_url, page_url, link_text, title, section, region, first_seen, last_seen, last_run_id"
)


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


def page_version_row(
    page: PageRecord, sha: str, seen: str, source: str = "crawl", source_url: str | None = None
) -> dict[str, object]:
    """Return the ``web_page_versions`` row for a page's bytes first seen at ``seen``."""
    return {
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
        "source": source,
        "source_url": source_url,
    }


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
            "select max(id) from crawl_runs where status in ('ok', 'warning') "
            "and coalesce(command, '') != 'backfill'"  # a backfill is no crawl to compare with
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
            return int(_insert(self.db, "fetches", row))

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
        if not fields:
            return
        assignments = ", ".join(f"[{_column(name)}] = ?" for name in fields)
        with self.db.conn:
            self.db.execute(
                f"update fetches set {assignments} where id = ?", [*fields.values(), fetch_id]
            )

    def validators_for(self, url: str) -> tuple[str | None, str | None]:
        """Return the ETag and Last-Modified served with the last body archived for a URL.

        Trusted when that body is the document's current version, or when it was a body
        refused as the document (an HTML error page at a PDF link, kept as a file): then a
        304 says the server still sends that, and the document stays broken.
        """
        validated = self._validated_fetch(url)
        return (validated[0], validated[1]) if validated else (None, None)

    def _validated_fetch(self, url: str) -> tuple[str | None, str | None, str, bool, str] | None:
        """(etag, last_modified, sha256, refused?, error) of the body validators refer to."""
        row = self.db.execute(
            "select f.etag, f.last_modified, f.sha256, f.outcome, f.error from fetches f "
            "where f.url = ? and f.http_status = 200 and f.sha256 is not null "
            "order by f.id desc limit 1",
            [url],
        ).fetchone()
        if row is None or (row[0] is None and row[1] is None):
            return None
        etag, last_modified, sha, outcome, error = row
        document_id = resolve(self.db, url)
        if document_id is None:
            return None
        current = self.db.execute(
            "select sha256 from documents where id = ?", [document_id]
        ).fetchone()[0]
        refused = outcome == ERROR
        # Only trust a 304 if we still hold the bytes it refers to.
        if not (sha == current or refused) or not self.blobs.has(sha):
            return None
        return etag, last_modified, sha, refused, error or ""

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
                self.db.table("web_page_versions").insert(page_version_row(page, sha, now))
            self.db.execute(
                "insert into web_pages (url, host, region, title, sha256, status, first_seen, "
                "last_seen, last_run_id) values (?, ?, ?, ?, ?, 'current', ?, ?, ?) "
                "on conflict (url) do update set host = excluded.host, region = excluded.region, "
                "title = excluded.title, sha256 = excluded.sha256, status = excluded.status, "
                "first_seen = coalesce(web_pages.first_seen, excluded.first_seen), "
                "last_seen = excluded.last_seen, last_run_id = excluded.last_run_id",
                [
                    page.url,
                    urlsplit(page.url).hostname,
                    page.region,
                    page.title,
                    sha,
                    now,
                    now,
                    run_id,
                ],
            )
        return outcome

    # -- documents ----------------------------------------------------------------------

    def save_link(self, run_id: int, link: DocumentLink) -> None:
        """Record that a page links a document, and make sure the document has a row.

        The document is the one ``archive.document_urls`` finds for the URL (a new URL on
        a known SiteVision node is that document); it counts as seen in this run.
        """
        now = utcnow_iso()
        with self.db.conn:
            document_id = document_for(self.db, link.document_url, now, run_id)
            self.db.execute("update documents set last_seen = ? where id = ?", [now, document_id])
            seen = self.db.execute(
                "select last_run_id from document_links where document_url = ? and page_url = ?",
                [link.document_url, link.page_url],
            ).fetchone()
            if seen and seen[0] == run_id:
                # The same document twice on one page: the first link (reading order) wins.
                return
            self.db.execute(
                f"insert into document_links ({LINK_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "on conflict (document_url, page_url) do update set "
                "link_text = excluded.link_text, title = excluded.title, "
                "section = excluded.section, region = excluded.region, "
                "first_seen = coalesce(document_links.first_seen, excluded.first_seen), "
                "last_seen = excluded.last_seen, last_run_id = excluded.last_run_id",
                link.row(now, run_id),
            )

    def save_document_body(
        self, run_id: int, url: str, body: bytes, redirect_urls: tuple[str, ...] = ()
    ) -> tuple[str, str]:
        """Archive a document's bytes as a version; return (outcome, sha256).

        ``redirect_urls`` is the chain from the linked ``url`` to the URL that answered;
        its later URLs join the document.
        """
        sha = self.blobs.put(body)
        now = utcnow_iso()
        with self.db.conn:
            doc_id = document_for(self.db, url, now, run_id)
            doc_id = join_redirects(self.db, doc_id, redirect_joins(redirect_urls), now, run_id)
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
                        "source": "crawl",
                    }
                )
            self._add_file(sha, body, now)
            self.db.execute(
                "update documents set sha256 = ?, status = 'current', status_reason = null, "
                "last_seen = ?, last_run_id = ? where id = ?",
                [sha, now, run_id, doc_id],
            )
        return outcome, sha

    def save_refused_body(self, run_id: int, url: str, body: bytes, reason: str) -> str:
        """Keep a body that is not the document (an HTML error page at a PDF link); return its sha256.

        The bytes are stored and get a ``files`` row with their sniffed type (extraction
        then says ``not_pdf``), but no version: the document is ``broken`` with the
        reason and its current version stays the last real one.
        """
        sha = self.blobs.put(body)
        now = utcnow_iso()
        with self.db.conn:
            doc_id = document_for(self.db, url, now, run_id)
            self._add_file(sha, body, now)
            self.db.execute(
                "update documents set status = 'broken', status_reason = ?, last_seen = ?, "
                "last_run_id = ? where id = ?",
                [reason, now, run_id, doc_id],
            )
        return sha

    def _add_file(self, sha: str, body: bytes, now: str) -> None:
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

    def touch_document(
        self, run_id: int, url: str, redirect_urls: tuple[str, ...] = ()
    ) -> str | None:
        """Mark a document seen unchanged (a 304); return the sha256 the 304 confirms.

        A 304 to the validators of a refused body (an error page) keeps the document
        broken: the server still sends what it sent then. A 304 at the end of a redirect
        chain joins the chain's URLs like a body would: the old link's document is the one
        the target's validators belong to.
        """
        now = utcnow_iso()
        validated = self._validated_fetch(url)
        with self.db.conn:
            doc_id = resolve(self.db, url)
            if doc_id is None:
                return None
            if redirect_urls:
                doc_id = join_redirects(self.db, doc_id, redirect_joins(redirect_urls), now, run_id)
            if validated is not None and validated[3]:
                reason = f"{validated[4]}; unchanged since (the server answered 304 Not Modified)"
                self.db.execute(
                    "update documents set status = 'broken', status_reason = ?, last_seen = ?, "
                    "last_run_id = ? where id = ?",
                    [reason, now, run_id, doc_id],
                )
                return validated[2]
            sha = self.db.execute("select sha256 from documents where id = ?", [doc_id]).fetchone()[
                0
            ]
            if sha is None:
                return None
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
            doc_id = document_for(self.db, url, now, run_id)
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
            doc_id = resolve(self.db, url)
            if doc_id is None:
                return
            sha = self.db.execute("select sha256 from documents where id = ?", [doc_id]).fetchone()
            if sha is None or sha[0] is None:
                delete_document(self.db, doc_id)
            else:
                self.db.execute(
                    "update documents set status = 'broken', status_reason = ? where id = ?",
                    [reason, doc_id],
                )
