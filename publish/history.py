"""Line diffs between consecutive versions of each web page and each document.

Reads ``web_page_versions`` (text), ``document_versions``, ``documents``, ``pdf_pages``
and ``files`` (``extracted_at``); writes ``page_diffs`` and ``document_diffs`` (one row
per added or removed line) and ``version_diffs`` (one row per pair of consecutive
versions compared: line counts, truncation and its reason, and what text the diff was
made from). The comparison itself (``publish.linediff``) is bounded in time on any
input; where a bound cut it short, ``truncated`` is 1 and ``truncated_reason`` says why.

Versions are ordered by ``first_seen``, ties by rowid; a new version is always the last
of its URL, so a pair once compared stays a pair. A document is compared as one text,
all its PDF pages in order, so a page break that moved does not show as a change; each
line keeps the page it sits on (the old file's page for a removed line, the new file's
for an added one). A document pair waits until both files have ``pdf_pages``.

Incremental: a pair is compared once. It is compared again only when either file was
re-extracted (``files.extracted_at`` differs from the one recorded) or ``DIFF_VERSION``
changes. Whitespace is collapsed and blank lines dropped before comparing, so
re-flowed spacing is no change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.publish.linediff import diff_blocks

# Bump when line splitting or comparison changes: every pair is compared again.
DIFF_VERSION = "lines-2"
MAX_DIFF_LINES = 2000
COARSE_REASON = (
    "för många upprepade eller ändrade rader för en exakt jämförelse: "
    "ett avsnitt redovisas som helt ersatt"
)
PAGE_DIFFS = "page_diffs"
DOCUMENT_DIFFS = "document_diffs"
PAIRS = "version_diffs"
_BATCH = 50

_CREATE = (
    f"""CREATE TABLE IF NOT EXISTS {PAGE_DIFFS} (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL REFERENCES web_pages(url),
        from_sha256 TEXT NOT NULL,
        to_sha256 TEXT NOT NULL,
        from_seen TEXT,
        to_seen TEXT,
        line_no INTEGER NOT NULL,
        change TEXT NOT NULL,
        line TEXT NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {PAGE_DIFFS}_pair ON {PAGE_DIFFS} (url, to_sha256)",
    f"CREATE INDEX IF NOT EXISTS {PAGE_DIFFS}_to ON {PAGE_DIFFS} (to_sha256)",
    f"""CREATE TABLE IF NOT EXISTS {DOCUMENT_DIFFS} (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        from_sha256 TEXT NOT NULL,
        to_sha256 TEXT NOT NULL,
        page_number INTEGER NOT NULL,
        line_no INTEGER NOT NULL,
        change TEXT NOT NULL,
        line TEXT NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {DOCUMENT_DIFFS}_pair ON {DOCUMENT_DIFFS} (document_id, to_sha256)",
    f"""CREATE TABLE IF NOT EXISTS {PAIRS} (
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        document_id INTEGER REFERENCES documents(id),
        from_sha256 TEXT NOT NULL,
        to_sha256 TEXT NOT NULL,
        from_seen TEXT,
        to_seen TEXT,
        lines_added INTEGER NOT NULL,
        lines_removed INTEGER NOT NULL,
        truncated INTEGER NOT NULL,
        truncated_reason TEXT,
        from_extracted_at TEXT,
        to_extracted_at TEXT,
        diff_version TEXT NOT NULL,
        diffed_at TEXT NOT NULL,
        PRIMARY KEY (kind, url, from_sha256, to_sha256)
    )""",
    f"CREATE INDEX IF NOT EXISTS {PAIRS}_document ON {PAIRS} (document_id, to_sha256)",
)

# Consecutive versions: each version with the one before it.
_PAGE_PAIRS = f"""
SELECT p.url, p.from_sha256, p.to_sha256, p.from_seen, p.to_seen
FROM (
  SELECT url, sha256 AS to_sha256, first_seen AS to_seen,
         lag(sha256) OVER w AS from_sha256, lag(first_seen) OVER w AS from_seen
  FROM web_page_versions
  WINDOW w AS (PARTITION BY url ORDER BY first_seen, rowid)
) p
LEFT JOIN {PAIRS} s ON s.kind = 'page' AND s.url = p.url
  AND s.from_sha256 = p.from_sha256 AND s.to_sha256 = p.to_sha256
WHERE p.from_sha256 IS NOT NULL AND (s.url IS NULL OR s.diff_version != :version)
"""
_DOCUMENT_PAIRS = f"""
SELECT p.document_id, d.url, p.from_sha256, p.to_sha256, p.from_seen, p.to_seen,
       ff.extracted_at, tf.extracted_at,
       EXISTS (SELECT 1 FROM pdf_pages x WHERE x.sha256 = p.from_sha256)
         AND EXISTS (SELECT 1 FROM pdf_pages y WHERE y.sha256 = p.to_sha256) AS has_text,
       s.url IS NOT NULL AS recorded
FROM (
  SELECT document_id, sha256 AS to_sha256, first_seen AS to_seen,
         lag(sha256) OVER w AS from_sha256, lag(first_seen) OVER w AS from_seen
  FROM document_versions
  WINDOW w AS (PARTITION BY document_id ORDER BY first_seen, rowid)
) p
JOIN documents d ON d.id = p.document_id
LEFT JOIN files ff ON ff.sha256 = p.from_sha256
LEFT JOIN files tf ON tf.sha256 = p.to_sha256
LEFT JOIN {PAIRS} s ON s.kind = 'document' AND s.document_id = p.document_id
  AND s.from_sha256 = p.from_sha256 AND s.to_sha256 = p.to_sha256
WHERE p.from_sha256 IS NOT NULL
  AND (s.url IS NULL OR s.diff_version != :version
       OR s.from_extracted_at IS NOT ff.extracted_at OR s.to_extracted_at IS NOT tf.extracted_at)
"""


_FOLLOW_DOCUMENT_URLS = f"""
UPDATE OR REPLACE {PAIRS} SET url = (SELECT d.url FROM documents d WHERE d.id = {PAIRS}.document_id)
WHERE kind = 'document' AND url IS NOT (SELECT d.url FROM documents d WHERE d.id = {PAIRS}.document_id)
  AND EXISTS (SELECT 1 FROM documents d WHERE d.id = {PAIRS}.document_id)
"""


@dataclass(frozen=True)
class DiffLine:
    """One added (``+``) or removed (``-``) line, with where it sits in its version."""

    change: str
    page_number: int | None
    line_no: int
    text: str


@dataclass(frozen=True)
class LineDiff:
    """The lines two texts differ by: at most a bounded number kept, all of them counted."""

    lines: list[DiffLine]
    added: int
    removed: int
    truncated: bool
    reason: str | None = None  # why truncated, in Swedish (shown in the published archive)


@dataclass(frozen=True)
class HistorySummary:
    """What one history update did."""

    page_pairs_diffed: int
    document_pairs_diffed: int
    document_pairs_waiting: int
    lines_written: int


def diff_texts(
    old: Sequence[tuple[int | None, str | None]],
    new: Sequence[tuple[int | None, str | None]],
    max_lines: int = MAX_DIFF_LINES,
) -> LineDiff:
    """Diff two texts given as (page number, page text) lists, line by line."""
    # Most new versions change a little in the middle: leaving out the pages, then the
    # lines, that both begin and end with is much faster and gives the same lines.
    head, tail = _common_ends([text or "" for _, text in old], [text or "" for _, text in new])
    before, after = _lines(old[head : len(old) - tail]), _lines(new[head : len(new) - tail])
    head, tail = _common_ends([line[2] for line in before], [line[2] for line in after])
    before, after = before[head : len(before) - tail], after[head : len(after) - tail]
    compared = diff_blocks([line[2] for line in before], [line[2] for line in after])
    kept: list[DiffLine] = []
    added = removed = 0
    for i1, i2, j1, j2 in compared.blocks:
        for page, number, text in before[i1:i2]:
            removed += 1
            if len(kept) < max_lines:
                kept.append(DiffLine("-", page, number, text))
        for page, number, text in after[j1:j2]:
            added += 1
            if len(kept) < max_lines:
                kept.append(DiffLine("+", page, number, text))
    reasons = []
    if compared.coarse:
        reasons.append(COARSE_REASON)
    if added + removed > len(kept):
        reasons.append(f"{added + removed} ändrade rader, de första {len(kept)} sparade")
    return LineDiff(kept, added, removed, bool(reasons), "; ".join(reasons) or None)


def _common_ends(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Return how many items two sequences share at their start, and then at their end."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _lines(pages: Sequence[tuple[int | None, str | None]]) -> list[tuple[int | None, int, str]]:
    lines = []
    for page, text in pages:
        # A line ends at "\n" only; any other run of whitespace is one space.
        for number, raw in enumerate((text or "").split("\n"), start=1):
            line = " ".join(raw.split())
            if line:
                lines.append((page, number, line))
    return lines


def save_history(db: sqlite_utils.Database, *, rebuild: bool = False) -> HistorySummary:
    """Diff every pair of consecutive versions not yet diffed; diff all again if ``rebuild``."""
    conn = db.conn
    with conn:
        for statement in _CREATE:
            conn.execute(statement)
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({PAIRS})")}
        if "truncated_reason" not in columns:  # a catalogue published before it existed
            conn.execute(f"ALTER TABLE {PAIRS} ADD COLUMN truncated_reason TEXT")
        # A document whose URL changed (a new URL of its SiteVision node) keeps its
        # compared pairs; they follow it to documents.url, which the views join on.
        conn.execute(_FOLLOW_DOCUMENT_URLS)
        if rebuild:
            for table in (PAGE_DIFFS, DOCUMENT_DIFFS, PAIRS):
                conn.execute(f"DELETE FROM {table}")
    pages, page_lines = _save_page_diffs(conn)
    documents, waiting, document_lines = _save_document_diffs(conn)
    return HistorySummary(
        page_pairs_diffed=pages,
        document_pairs_diffed=documents,
        document_pairs_waiting=waiting,
        lines_written=page_lines + document_lines,
    )


def _save_page_diffs(conn: sqlite3.Connection) -> tuple[int, int]:
    pairs = conn.execute(_PAGE_PAIRS, {"version": DIFF_VERSION}).fetchall()
    written = 0
    for batch in _batches(pairs):
        with conn:
            for url, from_sha, to_sha, from_seen, to_seen in batch:
                diff = diff_texts(_page_text(conn, url, from_sha), _page_text(conn, url, to_sha))
                conn.execute(
                    f"DELETE FROM {PAGE_DIFFS} WHERE url = ? AND to_sha256 = ? AND from_sha256 = ?",
                    (url, to_sha, from_sha),
                )
                conn.executemany(
                    f"""INSERT INTO {PAGE_DIFFS}
                        (url, from_sha256, to_sha256, from_seen, to_seen, line_no, change, line)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        (url, from_sha, to_sha, from_seen, to_seen, ln.line_no, ln.change, ln.text)
                        for ln in diff.lines
                    ),
                )
                _record_pair(conn, "page", url, None, from_sha, to_sha, from_seen, to_seen, diff)
                written += len(diff.lines)
    return len(pairs), written


def _save_document_diffs(conn: sqlite3.Connection) -> tuple[int, int, int]:
    pairs = conn.execute(_DOCUMENT_PAIRS, {"version": DIFF_VERSION}).fetchall()
    diffed = waiting = written = 0
    for batch in _batches(pairs):
        with conn:
            for row in batch:
                doc_id, url, from_sha, to_sha, from_seen, to_seen = row[:6]
                from_extracted, to_extracted, has_text, recorded = row[6:]
                if recorded:
                    # Made from an earlier extraction: forget it before (maybe) diffing again.
                    _delete_document_pair(conn, doc_id, url, from_sha, to_sha)
                if not has_text:
                    waiting += 1
                    continue
                diff = diff_texts(_pdf_text(conn, from_sha), _pdf_text(conn, to_sha))
                conn.executemany(
                    f"""INSERT INTO {DOCUMENT_DIFFS}
                        (document_id, from_sha256, to_sha256, page_number, line_no, change, line)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (
                        (doc_id, from_sha, to_sha, ln.page_number, ln.line_no, ln.change, ln.text)
                        for ln in diff.lines
                    ),
                )
                _record_pair(
                    conn,
                    "document",
                    url,
                    doc_id,
                    from_sha,
                    to_sha,
                    from_seen,
                    to_seen,
                    diff,
                    (from_extracted, to_extracted),
                )
                diffed += 1
                written += len(diff.lines)
    return diffed, waiting, written


def _page_text(conn: sqlite3.Connection, url: str, sha256: str) -> list[tuple[None, str]]:
    row = conn.execute(
        "SELECT text FROM web_page_versions WHERE url = ? AND sha256 = ?", (url, sha256)
    ).fetchone()
    return [(None, row[0] if row else "")]


def _pdf_text(conn: sqlite3.Connection, sha256: str) -> list[tuple[int, str]]:
    return conn.execute(
        "SELECT page_number, text FROM pdf_pages WHERE sha256 = ? ORDER BY page_number",
        (sha256,),
    ).fetchall()


def _delete_document_pair(
    conn: sqlite3.Connection, document_id: int, url: str, from_sha: str, to_sha: str
) -> None:
    conn.execute(
        f"DELETE FROM {DOCUMENT_DIFFS} WHERE document_id = ? AND to_sha256 = ? AND from_sha256 = ?",
        (document_id, to_sha, from_sha),
    )
    conn.execute(
        f"DELETE FROM {PAIRS} WHERE kind = 'document' AND document_id = ? AND from_sha256 = ? "
        "AND to_sha256 = ?",
        (document_id, from_sha, to_sha),
    )


def _record_pair(
    conn: sqlite3.Connection,
    kind: str,
    url: str,
    document_id: int | None,
    from_sha: str,
    to_sha: str,
    from_seen: str | None,
    to_seen: str | None,
    diff: LineDiff,
    extracted: tuple[str | None, str | None] = (None, None),
) -> None:
    if document_id is not None:
        # One row per pair of a document, whichever URL the document had when compared.
        conn.execute(
            f"DELETE FROM {PAIRS} WHERE kind = 'document' AND document_id = ? "
            "AND from_sha256 = ? AND to_sha256 = ?",
            (document_id, from_sha, to_sha),
        )
    conn.execute(
        f"""INSERT OR REPLACE INTO {PAIRS}
            (kind, url, document_id, from_sha256, to_sha256, from_seen, to_seen, lines_added,
             lines_removed, truncated, truncated_reason, from_extracted_at, to_extracted_at,
             diff_version, diffed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            kind,
            url,
            document_id,
            from_sha,
            to_sha,
            from_seen,
            to_seen,
            diff.added,
            diff.removed,
            int(diff.truncated),
            diff.reason,
            *extracted,
            DIFF_VERSION,
            utcnow_iso(),
        ),
    )


def _batches(items: list) -> Iterable[list]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]
