"""Running headers and footers of each PDF, and each page's text without them, for snippets.

Reads ``files`` (``extracted_at``) and ``pdf_pages``; writes ``page_margins`` (one row per
file: the repeated lines found, and from which extraction) and ``pdf_page_bodies`` (one
row per page: its text without those lines). ``pdf_pages.text`` is never changed: it is
what extraction read, and the document page, the search index and the exports keep it.
The search query's snippets leave the same lines out (``publish.snippet_index`` stores
where each page's body lies), so an excerpt shows the sentence that matched rather than
"RCC Syd · Cancerplan 2026–2028 · Sida 4".

A running line is the first or last line of a page (after up to ``EDGE - 1`` running lines
above or below it) that recurs, digits ignored (page numbers), at that edge of at least
half the pages, and of ``MIN_PAGES``, of a file; pages of ``2 * EDGE`` lines or fewer are
all edge and are not counted. Incremental: a file is looked at again only when it was
re-extracted.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence

import sqlite_utils

EDGE = 2
MIN_PAGES = 3
MARGINS = "page_margins"
BODIES = "pdf_page_bodies"
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

_CREATE = (
    f"""CREATE TABLE IF NOT EXISTS {MARGINS} (
        sha256 TEXT PRIMARY KEY,
        extracted_at TEXT,
        lines TEXT NOT NULL
    )""",
    f"""CREATE TABLE IF NOT EXISTS {BODIES} (
        sha256 TEXT NOT NULL,
        page_number INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (sha256, page_number)
    )""",
)
_WAITING = f"""
SELECT f.sha256, f.extracted_at FROM files f
LEFT JOIN {MARGINS} m ON m.sha256 = f.sha256
WHERE EXISTS (SELECT 1 FROM pdf_pages p WHERE p.sha256 = f.sha256)
  AND (m.sha256 IS NULL OR m.extracted_at IS NOT f.extracted_at)
"""


def line_key(line: str) -> str:
    """The form in which running lines are compared: case, spacing and digits ignored."""
    return _DIGITS.sub("#", _SPACE.sub(" ", line).strip().casefold())


def running_lines(pages: Sequence[str]) -> set[str]:
    """Return the keys of the lines that recur at the top or bottom of most pages.

    Peeled from the outside in: the outermost lines first, then (up to ``EDGE`` times)
    the lines that are outermost once those are gone, so a line inside the page counts
    only when everything above (or below) it is a running line too.
    """
    if len(pages) < MIN_PAGES:
        return set()
    needed = max(MIN_PAGES, (len(pages) + 1) // 2)
    remaining = [[line for line in (text or "").splitlines() if line.strip()] for text in pages]
    keys: set[str] = set()
    for _ in range(EDGE):
        seen: Counter[str] = Counter()
        for lines in remaining:
            # A page this short is all edge: its lines say nothing about a running header.
            if len(lines) > 2 * EDGE:
                seen.update({line_key(lines[0]), line_key(lines[-1])})
        found = {key for key, count in seen.items() if count >= needed and key}
        if not found:
            break
        keys |= found
        remaining = [_peel(lines, found) for lines in remaining]
    return keys


def _peel(lines: list[str], keys: set[str]) -> list[str]:
    start, end = 0, len(lines)
    if start < end and line_key(lines[start]) in keys:
        start += 1
    if end > start and line_key(lines[end - 1]) in keys:
        end -= 1
    return lines[start:end]


def strip_running_lines(text: str, keys: set[str]) -> str:
    """Return the page's text without the running lines at its top and bottom."""
    lines = (text or "").splitlines()
    start, end = 0, len(lines)
    for _ in range(EDGE):
        while start < end and not lines[start].strip():
            start += 1
        if start < end and line_key(lines[start]) in keys:
            start += 1
    for _ in range(EDGE):
        while end > start and not lines[end - 1].strip():
            end -= 1
        if end > start and line_key(lines[end - 1]) in keys:
            end -= 1
    body = "\n".join(lines[start:end])
    # A page that is nothing but its running lines keeps them: a snippet needs some text.
    return body if body.strip() else text


def save_page_bodies(db: sqlite_utils.Database, *, rebuild: bool = False) -> int:
    """Find the running lines of every file not yet looked at; return how many files."""
    conn = db.conn
    with conn:
        for statement in _CREATE:
            conn.execute(statement)
        if rebuild:
            conn.execute(f"DELETE FROM {MARGINS}")
            conn.execute(f"DELETE FROM {BODIES}")
    waiting = conn.execute(_WAITING).fetchall()
    for sha256, extracted_at in waiting:
        _save_file(conn, sha256, extracted_at)
    return len(waiting)


def _save_file(conn: sqlite3.Connection, sha256: str, extracted_at: str | None) -> None:
    pages = conn.execute(
        "SELECT page_number, text FROM pdf_pages WHERE sha256 = ? ORDER BY page_number",
        (sha256,),
    ).fetchall()
    keys = running_lines([text or "" for _, text in pages])
    with conn:
        conn.execute(f"DELETE FROM {BODIES} WHERE sha256 = ?", (sha256,))
        if keys:
            conn.executemany(
                f"INSERT INTO {BODIES} (sha256, page_number, body) VALUES (?, ?, ?)",
                ((sha256, number, strip_running_lines(text or "", keys)) for number, text in pages),
            )
        conn.execute(
            f"INSERT OR REPLACE INTO {MARGINS} (sha256, extracted_at, lines) VALUES (?, ?, ?)",
            (sha256, extracted_at, json.dumps(sorted(keys), ensure_ascii=False)),
        )
