"""Close a backfill run: give documents known only from captures their place, count, judge.

Reads ``wayback_captures``, ``document_links``, ``document_versions`` and ``fetches``;
writes ``documents`` (title, page, section and region of documents no crawl has seen) and
the run's ``crawl_runs`` row. A backfill marks nothing removed and nothing broken: only a
crawl can say what is linked today.
"""

from __future__ import annotations

import sqlite_utils

from rcc_archive.archive.backfill import ARCHIVED, CDX_KIND, FAILED
from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.runs import RunSummary


def settle_wayback_documents(db: sqlite_utils.Database) -> int:
    """Describe each document without a crawled version by its latest archived link."""
    rows = db.execute(
        """
        select d.id, l.title, l.link_text, l.page_url, l.section, l.region
        from documents d
        join document_urls u on u.document_id = d.id
        join document_links l on l.document_url = u.url
        where not exists (select 1 from document_versions v where v.document_id = d.id
                          and coalesce(v.source, 'crawl') = 'crawl')
        order by d.id, l.last_seen desc, length(l.title) desc, l.page_url
        """
    ).fetchall()
    settled: set[int] = set()
    with db.conn:
        for doc_id, title, link_text, page_url, section, region in rows:
            if doc_id in settled:
                continue
            settled.add(doc_id)
            db.execute(
                "update documents set title = ?, link_text = ?, found_on = ?, section = ?, "
                "region = ? where id = ?",
                [title or None, link_text, page_url, section, region, doc_id],
            )
    return len(settled)


def count_backfill(db: sqlite_utils.Database, run_id: int) -> dict[str, int]:
    """Count what a backfill run listed, fetched and added."""

    def one(sql: str, *params: object) -> int:
        return int(db.execute(sql, [run_id, *params]).fetchone()[0] or 0)

    archived = "select count(*) from wayback_captures where run_id = ? and status = ? and kind = ?"
    outcome = archived + " and outcome = ?"
    return {
        "pages": one(archived, ARCHIVED, "page"),
        "documents_seen": one(
            "select count(distinct sha256) from wayback_captures where run_id = ? "
            "and status = ? and kind = ?",
            ARCHIVED,
            "document",
        ),
        "documents_new": one(outcome, ARCHIVED, "document", "new"),
        "documents_changed": one(outcome, ARCHIVED, "document", "changed"),
        "documents_unchanged": one(outcome, ARCHIVED, "document", "unchanged"),
        "documents_removed": 0,
        "documents_broken": 0,
        "requests": one(
            "select count(*) from fetches where run_id = ? and coalesce(outcome, '') != 'skipped'"
        ),
        "errors": one(
            "select count(*) from fetches where run_id = ? and (outcome = 'error' "
            "or http_status >= 400)"
        ),
        "bytes_downloaded": one("select sum(bytes) from fetches where run_id = ?"),
    }


def finish_backfill(
    db: sqlite_utils.Database, run_id: int, *, complete: bool, error: str | None = None
) -> RunSummary:
    """Settle documents known only from captures, count, judge and close the run."""
    settle_wayback_documents(db)
    counts = count_backfill(db, run_id)
    notes: list[str] = []
    failed = int(
        db.execute(
            "select count(*) from wayback_captures where run_id = ? and status = ?",
            [run_id, FAILED],
        ).fetchone()[0]
    )
    if failed:
        notes.append(f"{failed} captures could not be fetched; the next backfill asks again")
    listing_errors = int(
        db.execute(
            # Only a listing whose last attempt failed: a 429 waited out is no failure.
            "select count(*) from fetches f where run_id = ? and kind = ? and outcome = 'error' "
            "and id = (select max(g.id) from fetches g where g.run_id = f.run_id "
            "and g.url = f.url)",
            [run_id, CDX_KIND],
        ).fetchone()[0]
    )
    if listing_errors:
        notes.append(f"{listing_errors} CDX queries failed; the next backfill resumes them")
    status = "warning" if notes else "ok"
    if not complete:
        status = "failed"
        notes.insert(0, error or "the backfill did not finish")
    with db.conn:
        db.table("crawl_runs").update(
            run_id,
            {
                **counts,
                "status": status,
                "finished_at": utcnow_iso(),
                "notes": "; ".join(notes) or None,
            },
        )
    return RunSummary(run_id=run_id, status=status, counts=counts, notes=notes)
