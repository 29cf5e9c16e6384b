"""Which document a URL belongs to: ``document_urls``, kept by the rule in ``archive.identity``.

Reads and writes ``documents`` and ``document_urls``. The functions run inside the
caller's transaction. Invariant they keep: every ``documents.url`` has a row in
``document_urls`` pointing at that same document, and a URL belongs to one document
only, so changing ``documents.url`` to another URL of the same document never breaks
the uniqueness of ``documents.url``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlite_utils

from rcc_archive.archive.identity import (
    LINKED,
    REDIRECT,
    SITEVISION_NODE,
    node_like_pattern,
    same_node,
)


def resolve(db: sqlite_utils.Database, url: str) -> int | None:
    """Return the id of the document a URL already belongs to, or None."""
    row = db.execute("select document_id from document_urls where url = ?", [url]).fetchone()
    if row is not None:
        return int(row[0])
    # An archive written before document_urls, not yet opened through ensure_schema.
    row = db.execute("select id from documents where url = ?", [url]).fetchone()
    return int(row[0]) if row else None


def by_node(db: sqlite_utils.Database, url: str) -> int | None:
    """Return the document that has a URL on the same host and SiteVision node, or None.

    If several do (two documents from before the rule), the one seen last wins.
    """
    pattern = node_like_pattern(url)
    if pattern is None:
        return None
    rows = db.execute(
        """
        select u.url, u.document_id from document_urls u join documents d on d.id = u.document_id
        where u.url like ? order by coalesce(d.last_seen, d.first_seen) desc, d.id desc
        """,
        [pattern],
    ).fetchall()
    for candidate, document_id in rows:
        if same_node(candidate, url):
            return int(document_id)
    return None


def attach(
    db: sqlite_utils.Database,
    url: str,
    document_id: int,
    joined_by: str,
    now: str,
    run_id: int | None,
) -> bool:
    """Record that ``url`` belongs to a document, or that it was seen again; True if new.

    A URL that already belongs to a document keeps that document and how it was joined.
    """
    known = db.execute("select document_id from document_urls where url = ?", [url]).fetchone()
    if known is not None:
        if int(known[0]) == document_id:
            db.execute(
                "update document_urls set last_seen = ?, last_run_id = ? where url = ?",
                [now, run_id, url],
            )
        return False
    db.execute(
        "insert into document_urls (url, document_id, first_seen, last_seen, last_run_id, "
        "joined_by) values (?, ?, ?, ?, ?, ?)",
        [url, document_id, now, now, run_id, joined_by],
    )
    return True


def document_for(db: sqlite_utils.Database, url: str, now: str, run_id: int | None) -> int:
    """Return the document a linked (or fetched) URL is, creating it if it is new.

    A URL new to the archive but on the node of a known document is that document, and
    becomes its ``documents.url``: the URL it is linked by now.
    """
    document_id = resolve(db, url)
    if document_id is not None:
        attach(db, url, document_id, LINKED, now, run_id)
        return document_id
    document_id = by_node(db, url)
    if document_id is not None:
        attach(db, url, document_id, SITEVISION_NODE, now, run_id)
        db.execute(
            "update documents set url = ?, host = ? where id = ?", [url, _host(url), document_id]
        )
        return document_id
    table = db.table("documents")
    table.insert({"url": url, "host": _host(url), "first_seen": now, "status": "current"})
    document_id = int(table.last_pk)
    attach(db, url, document_id, LINKED, now, run_id)
    return document_id


def join_redirects(
    db: sqlite_utils.Database, document_id: int, urls: list[str], now: str, run_id: int | None
) -> int:
    """Join the URLs a document's request was redirected to; return the document's id after.

    A target that is already another document is the same document too. The two rows
    become one when one of them is new in this run (nothing about it was published yet):
    the one with a history stays, or the older if both are new. Two documents that both
    have a history before this run are left apart: histories are never merged behind the
    reader's back (``fetches.redirect_to`` still shows the hop).
    """
    for url in urls:
        if attach(db, url, document_id, REDIRECT, now, run_id):
            continue
        other = resolve(db, url)
        if other is None or other == document_id or run_id is None:
            continue
        mine, theirs = is_new_in_run(db, document_id, run_id), is_new_in_run(db, other, run_id)
        if not (mine or theirs):
            continue
        if mine and theirs:
            survivor, loser = min(document_id, other), max(document_id, other)
        else:
            survivor, loser = (other, document_id) if mine else (document_id, other)
        merge(db, survivor, loser)
        document_id = survivor
    return document_id


def is_new_in_run(db: sqlite_utils.Database, document_id: int, run_id: int) -> bool:
    """Tell whether a document first appeared in this run (no earlier version or URL)."""
    row = db.execute(
        """
        select
          (select count(*) from document_versions
           where document_id = :doc and coalesce(first_run_id, -1) != :run),
          (select count(*) from document_urls u, crawl_runs r
           where u.document_id = :doc and r.id = :run and u.first_seen < r.started_at),
          (select count(*) from fetches f join document_urls u on u.url = f.url
           where u.document_id = :doc and f.run_id < :run)
        """,
        {"doc": document_id, "run": run_id},
    ).fetchone()
    return row == (0, 0, 0)


def merge(db: sqlite_utils.Database, survivor: int, loser: int) -> None:
    """Make ``loser`` (new in this run) part of ``survivor``: its URLs and versions move."""
    db.execute("update document_urls set document_id = ? where document_id = ?", [survivor, loser])
    for sha, first_seen, last_seen, last_run in db.execute(
        "select sha256, first_seen, last_seen, last_run_id from document_versions "
        "where document_id = ?",
        [loser],
    ).fetchall():
        kept = db.execute(
            "select 1 from document_versions where document_id = ? and sha256 = ?", [survivor, sha]
        ).fetchone()
        if kept:
            db.execute(
                "update document_versions set first_seen = min(first_seen, ?), "
                "last_seen = max(last_seen, ?), last_run_id = max(coalesce(last_run_id, 0), ?) "
                "where document_id = ? and sha256 = ?",
                [first_seen, last_seen, last_run or 0, survivor, sha],
            )
            db.execute(
                "delete from document_versions where document_id = ? and sha256 = ?", [loser, sha]
            )
        else:
            db.execute(
                "update document_versions set document_id = ? where document_id = ? and sha256 = ?",
                [survivor, loser, sha],
            )
    gone = db.execute(
        "select sha256, status, status_reason, last_run_id, last_seen from documents where id = ?",
        [loser],
    ).fetchone()
    db.execute("delete from documents where id = ?", [loser])
    if gone is not None and gone[0] is not None:
        # The survivor had no bytes yet (linked, its fetch still to come or refused).
        db.execute(
            "update documents set sha256 = ?, status = ?, status_reason = ?, last_run_id = ?, "
            "last_seen = max(coalesce(last_seen, ''), ?) where id = ? and sha256 is null",
            [*gone, survivor],
        )


def delete_document(db: sqlite_utils.Database, document_id: int) -> None:
    """Delete a document that never got a version, and its URLs."""
    db.execute("delete from document_urls where document_id = ?", [document_id])
    db.execute(
        "delete from documents where id = ? and id not in (select document_id from document_versions)",
        [document_id],
    )


def backfill(db: sqlite_utils.Database) -> int:
    """Give every document's URL its ``document_urls`` row (archives from before the table).

    Also names the source of versions written before ``document_versions.source``
    existed: the crawl. Idempotent and cheap; returns how many URLs were added.
    """
    with db.conn:
        cursor = db.execute(
            """
            insert or ignore into document_urls
              (url, document_id, first_seen, last_seen, last_run_id, joined_by)
            select d.url, d.id, d.first_seen, coalesce(d.last_seen, d.first_seen), d.last_run_id, ?
            from documents d
            where d.url is not null and not exists (select 1 from document_urls u where u.url = d.url)
            """,
            [LINKED],
        )
        # Small rows, so this scan stays cheap; page versions (large texts) are left as they are.
        db.execute("update document_versions set source = 'crawl' where source is null")
    return cursor.rowcount


def _host(url: str) -> str | None:
    return urlsplit(url).hostname
