"""Close a crawl run: settle each document's link and status, count, and judge the run's health.

Reads and writes ``crawl_runs``, ``documents``, ``document_links``, ``web_pages`` and reads
``fetches`` and ``document_urls`` (links count per document, whichever of its URLs they use). A run that ends early (killed, or stopped by an error) is closed without
marking anything removed: only a run that finished its crawl may say a link disappeared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import sqlite_utils

from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.identity import sitevision_timestamp
from rcc_archive.archive.regions import REGIONS


@dataclass(frozen=True)
class HealthRules:
    """When a finished run is a ``warning`` rather than ``ok``."""

    max_document_drop: float = 0.2  # share of the previous healthy run's documents
    max_error_share: float = 0.1  # errors per request
    max_errors: int = 25


@dataclass
class RunSummary:
    """Counts and verdict of one run."""

    run_id: int
    status: str
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)


def settle_documents(db: sqlite_utils.Database, run_id: int) -> None:
    """Give each document linked in this run its title, page, section and region."""
    rows = db.execute(
        """
        select l.document_url, l.page_url, l.link_text, l.title, l.section, l.region,
               p.region as page_region, u.document_id
        from document_links l
        join document_urls u on u.url = l.document_url
        left join web_pages p on p.url = l.page_url
        where l.last_run_id = ?
        order by l.document_url
        """,
        [run_id],
    ).fetchall()
    # Links by document, not by URL: the URLs document_urls joins are one document.
    by_doc: dict[int, list[tuple]] = {}
    for row in rows:
        by_doc.setdefault(row[7], []).append(row)
    with db.conn:
        for document_id, links in by_doc.items():
            votes: dict[str, int] = {}
            for link in links:
                if link[5]:
                    votes[link[5]] = votes.get(link[5], 0) + 1
            region = min(votes, key=lambda r: (-votes[r], r)) if votes else None

            def rank(link: tuple, region: str | None = region) -> tuple:
                # Prefer a link in the document's region, on that region's own page, with
                # the most descriptive label, on the shortest page URL: stable across runs.
                return (
                    link[5] != region,
                    link[6] != region,
                    -len(link[3] or ""),
                    len(link[1]),
                    link[1],
                    link[0],
                )

            linked = [link[0] for link in links]
            url = _current_url(db, run_id, document_id, linked, min(links, key=rank)[0])
            # Title, label and place come from a link by the URL it is linked by now (a
            # page not yet updated may still link its old URL, with an older label).
            best = min((link for link in links if link[0] == url), key=rank, default=None)
            best = best or min(links, key=rank)
            # documents.url is the URL the document is linked by now; it is one of the
            # document's own URLs, so it cannot collide with another document's.
            db.execute(
                "update documents set url = ?, host = ?, title = ?, link_text = ?, found_on = ?, "
                "section = ?, region = ? where id = ?",
                [
                    url,
                    urlsplit(url).hostname,
                    best[3] or None,
                    best[2],
                    best[1],
                    best[4],
                    region,
                    document_id,
                ],
            )


_ANSWERED = ("new", "changed", "unchanged", "not_modified")


def _current_url(
    db: sqlite_utils.Database, run_id: int, document_id: int, urls: list[str], best: str
) -> str:
    """Pick the URL a document is linked by now, among those that linked it in this run.

    A URL that redirected in this run points at another: when every linked URL did, the
    URL that answered with the document (200 or 304) is the document's now. Of a
    SiteVision node's URLs the newest timestamp is the current file; otherwise the URL of
    the best link.
    """
    candidates = set(urls)
    fetched = db.execute(
        "select f.url, f.http_status, f.outcome from fetches f "
        "join document_urls u on u.url = f.url "
        "where f.run_id = ? and u.document_id = ? and f.kind = 'document'",
        [run_id, document_id],
    ).fetchall()
    # A 304 is an answer, not a redirect.
    redirected = {url for url, status, _ in fetched if status in (301, 302, 303, 307, 308)}
    if candidates <= redirected:
        # Answered with the document itself (a page on the way, say a publication page an
        # old link led to, is not the document's URL).
        answered = {url for url, _, outcome in fetched if outcome in _ANSWERED}
        candidates |= answered - redirected
    return min(
        sorted(candidates),
        key=lambda url: (url in redirected, -(sitevision_timestamp(url) or 0), url != best, url),
    )


def mark_unfetched(db: sqlite_utils.Database, run_id: int) -> int:
    """Mark documents linked in this run but not fetched in it as broken; return how many."""
    with db.conn:
        cursor = db.execute(
            """
            update documents set status = 'broken',
                status_reason = 'linked, but no response was archived in this run'
            where coalesce(last_run_id, -1) != :run and status = 'current'
              and id in (select u.document_id from document_links l
                         join document_urls u on u.url = l.document_url
                         where l.last_run_id = :run)
            """,
            {"run": run_id},
        )
    return cursor.rowcount


def mark_removed(db: sqlite_utils.Database, run_id: int) -> int:
    """Mark documents and pages not seen in a finished run as removed; return documents removed."""
    with db.conn:
        cursor = db.execute(
            """
            update documents set status = 'removed', removed_run_id = :run,
                status_reason = 'no longer linked from any crawled page (last linked ' ||
                    coalesce(last_seen, first_seen) || ')'
            where status != 'removed'
              and id not in (select u.document_id from document_links l
                             join document_urls u on u.url = l.document_url
                             where l.last_run_id = :run)
            """,
            {"run": run_id},
        )
        removed = cursor.rowcount
        db.execute(
            "update web_pages set status = 'removed' where status != 'removed' "
            "and coalesce(last_run_id, 0) != :run",
            {"run": run_id},
        )
    return removed


def count_run(db: sqlite_utils.Database, run_id: int) -> dict[str, int]:
    """Count what a run fetched and found."""

    def one(sql: str) -> int:
        return int(db.execute(sql, {"run": run_id}).fetchone()[0] or 0)

    # A document's outcome in a run is the most telling of its fetches' (a failed try
    # before a success was a retry; a file fetched through its old URL's redirect and
    # under its new URL is one change, not a change and a repeat).
    final = """
        select coalesce(u.document_id, -min(f.id)) as document,
               min(case f.outcome when 'new' then 1 when 'changed' then 2 when 'unchanged' then 3
                   when 'not_modified' then 4 else 5 end) as rank
        from fetches f
        left join document_urls u on u.url = f.url
        where f.run_id = :run and f.kind = 'document'
        group by coalesce(u.document_id, f.url)
    """
    return {
        "pages": one(
            "select count(distinct url) from fetches where run_id = :run and kind = 'page' "
            "and outcome in ('new', 'changed', 'unchanged', 'not_modified')"
        ),
        "documents_seen": one(
            "select count(*) from documents where last_run_id = :run and status != 'removed'"
        ),
        "documents_new": one(f"select count(*) from ({final}) where rank = 1"),
        "documents_changed": one(f"select count(*) from ({final}) where rank = 2"),
        "documents_unchanged": one(f"select count(*) from ({final}) where rank in (3, 4)"),
        "documents_removed": one(
            "select count(*) from documents where status = 'removed' and removed_run_id = :run"
        ),
        "documents_broken": one(
            "select count(*) from documents where last_run_id = :run and status = 'broken'"
        ),
        "requests": one(
            "select count(*) from fetches where run_id = :run and outcome != 'skipped'"
        ),
        "errors": one("select count(*) from fetches where run_id = :run and outcome = 'error'"),
        "bytes_downloaded": one("select sum(bytes) from fetches where run_id = :run"),
    }


def region_counts(db: sqlite_utils.Database, run_id: int) -> dict[str, int]:
    """Count the documents each region (or ``national``) had linked in a run."""
    rows = db.execute(
        "select coalesce(region, 'national'), count(*) from documents "
        "where last_run_id = ? and status != 'removed' group by 1",
        [run_id],
    ).fetchall()
    return {region: count for region, count in rows}


def judge_health(
    db: sqlite_utils.Database,
    counts: dict[str, int],
    regions_now: dict[str, int],
    previous_run_id: int | None,
    rules: HealthRules,
) -> tuple[str, list[str]]:
    """Return the run's status (ok, warning, failed) and the reasons for it."""
    if counts["pages"] == 0 and counts["documents_seen"] == 0:
        return "failed", ["nothing could be fetched"]
    notes: list[str] = []
    if counts["errors"] > rules.max_errors or (
        counts["requests"] and counts["errors"] / counts["requests"] > rules.max_error_share
    ):
        notes.append(f"{counts['errors']} errors in {counts['requests']} requests")
    previous = (
        db.execute(
            "select documents_seen, region_counts from crawl_runs where id = ?",
            [previous_run_id],
        ).fetchone()
        if previous_run_id is not None
        else None
    )
    if previous:
        before_total, before_regions = previous[0] or 0, json.loads(previous[1] or "{}")
        for region in REGIONS:
            if before_regions.get(region.slug, 0) > 0 and regions_now.get(region.slug, 0) == 0:
                notes.append(
                    f"region {region.slug} had {before_regions[region.slug]} documents, now none"
                )
        if before_total:
            drop = 1 - counts["documents_seen"] / before_total
            if drop > rules.max_document_drop:
                notes.append(
                    f"documents fell from {before_total} to {counts['documents_seen']} ({drop:.0%})"
                )
    return ("warning" if notes else "ok"), notes


def finish_run(
    db: sqlite_utils.Database,
    run_id: int,
    *,
    complete: bool,
    rules: HealthRules | None = None,
    error: str | None = None,
) -> RunSummary:
    """Settle documents, mark removals (complete runs only), count, judge and close the run."""
    rules = rules or HealthRules()
    settle_documents(db, run_id)
    if complete:
        mark_unfetched(db, run_id)
        mark_removed(db, run_id)
    counts = count_run(db, run_id)
    regions_now = region_counts(db, run_id)
    previous_run_id = db.execute(
        "select previous_run_id from crawl_runs where id = ?", [run_id]
    ).fetchone()[0]
    status, notes = judge_health(db, counts, regions_now, previous_run_id, rules)
    if not complete:
        status = "failed"
        notes.insert(0, error or "the crawl did not finish")
    with db.conn:
        db.table("crawl_runs").update(
            run_id,
            {
                **counts,
                "region_counts": json.dumps(regions_now, sort_keys=True),
                "status": status,
                "finished_at": utcnow_iso(),
                "notes": "; ".join(notes) or None,
            },
        )
    return RunSummary(run_id=run_id, status=status, counts=counts, notes=notes)
