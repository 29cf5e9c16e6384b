"""The search box of the page tables (``?_search=``): two small indexes and the WHERE it uses.

Reads ``pdf_pages_search`` (the stems ``publish.fts`` stores), ``pdf_pages`` and ``files``
(only to tell whether the index covers every page); writes ``pdf_pages_words``,
``pdf_pages_parts`` and the one-row ``_search_box_state``.

Why a second pair of indexes. Datasette's table page shows the first rows in key order
and counts every row that matches, two queries with the same WHERE. On the trigram index
(``publish.fts``) a word on every page is a phrase match over two trigram doclists of
every page, and its 100,000 matches at 100,000 pages were then mapped back to
``pdf_pages`` by key, for the rows and again for the count (650 ms). These indexes answer
the same query language with one doclist per query word, and for a word on most pages
the WHERE lists the few pages that lack it, so the rows stop after the first page and
the count is one pass over ``pdf_pages``' key index.

- ``pdf_pages_words``: each page's stems in order (FTS5, ``ascii`` tokenizer, so a stem is
  one token and å, ä, ö are letters), for phrases, short words and short prefixes.
- ``pdf_pages_parts``: every suffix of four letters or more of each distinct stem
  (``detail=none``, a prefix index of four letters): a stem holds "canc" exactly when
  one of its suffixes starts with "canc", so ``"canc"*`` is the compound search of
  ``publish.fts``, answered from one prefix doclist.
- Both hold ``·`` (no stem contains it) in every page, so "every page but these"
  (``"·" NOT …``) is one query.

Both tables are contentless: a page's row is removed by handing FTS5 the values it was
indexed with, rebuilt from the stems ``pdf_pages_search`` still holds. Which pages a
query matches is exactly what the trigram index says (``tests/test_publish_search_box.py``
compares them); a query that mixes compound words with phrases or short words, which
the two tables cannot combine in one MATCH, uses the trigram index as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

from rcc_archive.publish.query import (
    COMPOUND_MIN,
    Node,
    Op,
    Phrase,
    Term,
    fts5_expression,
    fts5_string,
    short_forms,
)

WORDS_TABLE = "pdf_pages_words"
PARTS_TABLE = "pdf_pages_parts"
STATE_TABLE = "_search_box_state"
# The two FTS5 indexes this module keeps beside the trigram index.
INDEX_TABLES = (WORDS_TABLE, PARTS_TABLE)
# In every page of both tables, and in no stem (a stem is letters and digits only).
EVERY_PAGE = "·"
KEYS_TABLE = "pdf_pages_search"
# A search matching more than this share of the indexed pages, and missing at most
# MAX_LISTED of them, is answered by listing the pages it misses (in the request's
# parameters: a few kilobytes at most).
DENSE_SHARE = 0.5
MAX_LISTED = 1000

CREATE = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS_TABLE} USING fts5(
        stems, content='', tokenize='ascii'
    )""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {PARTS_TABLE} USING fts5(
        parts, content='', tokenize='ascii', detail='none', prefix='{COMPOUND_MIN}'
    )""",
    f"""CREATE TABLE IF NOT EXISTS {STATE_TABLE} (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pages INTEGER NOT NULL,
        max_page_rowid INTEGER,
        max_extracted_at TEXT
    )""",
)
# That every page of pdf_pages is in the index: no page was added since publish (a new
# page gets a rowid above the largest, and its file a later extracted_at).
_COVERAGE = "(SELECT max(rowid) FROM pdf_pages), (SELECT max(extracted_at) FROM files)"


def words_document(stems: Iterable[str]) -> str:
    """Return what ``pdf_pages_words`` indexes for a page's stems, in order."""
    return " ".join((EVERY_PAGE, *stems))


def parts_document(stems: Iterable[str]) -> str:
    """Return what ``pdf_pages_parts`` indexes: every suffix of 4+ letters of each stem."""
    return " ".join({EVERY_PAGE, *chain.from_iterable(map(_suffixes, set(stems)))})


@lru_cache(maxsize=100_000)
def _suffixes(word_stem: str) -> tuple[str, ...]:
    return tuple(word_stem[start:] for start in range(len(word_stem) - COMPOUND_MIN + 1))


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the two indexes and their state row's table where they are missing."""
    for statement in CREATE:
        conn.execute(statement)


def clear(conn: sqlite3.Connection) -> None:
    """Empty both indexes (a rebuild, or a new index format)."""
    for table in (WORDS_TABLE, PARTS_TABLE):
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")


def insert_pages(conn: sqlite3.Connection, pages: Iterable[tuple[int, list[str]]]) -> None:
    """Index pages given as ``(pdf_pages_search.id, the page's stems in order)``."""
    _write_pages(conn, list(pages), delete=False)


def delete_pages(conn: sqlite3.Connection, pages: Iterable[tuple[int, str]]) -> None:
    """Remove pages given as ``(id, stems string)``, the string ``pdf_pages_search`` holds.

    A contentless FTS5 table forgets a row only when handed the tokens it was indexed
    with; the stored stems give them back exactly (the same tokens, in the same order).
    """
    _write_pages(conn, [(rowid, stems.split()) for rowid, stems in pages], delete=True)


def _write_pages(
    conn: sqlite3.Connection, rows: list[tuple[int, list[str]]], *, delete: bool
) -> None:
    """Add pages to both tables, or (``delete``) hand them the same tokens to forget."""
    for table, column, document in (
        (WORDS_TABLE, "stems", words_document),
        (PARTS_TABLE, "parts", parts_document),
    ):
        sql = (
            f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', ?, ?)"
            if delete
            else f"INSERT INTO {table}(rowid, {column}) VALUES (?, ?)"
        )
        conn.executemany(sql, ((rowid, document(stems)) for rowid, stems in rows))


def merge_segments(
    conn: sqlite3.Connection, tables: Iterable[str], *, changed_pages: int, total_pages: int
) -> None:
    """Merge the segments of FTS5 ``tables``, at a cost that follows the size of the change.

    'optimize' merges every segment into one, rewriting the whole index: right after a
    large change (a first publish, a rebuild, a tenth of the pages), since the published
    database is read, not written. After one new file it would cost what indexing
    everything costs, so a small change gets a merge bounded to ~200 pages of work, on
    levels that already hold 'usermerge' segments (FTS5's automerge does the same as it
    writes): the segment count stays bounded and the cost follows the change.
    """
    whole = changed_pages * 10 >= total_pages
    for table in tables:
        if whole:
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        else:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', 200)")


def save_state(conn: sqlite3.Connection) -> None:
    """Record how far ``pdf_pages`` reached when indexed; write only when that changed."""
    pages = conn.execute(f"SELECT count(*) FROM {KEYS_TABLE}").fetchone()[0]
    state = (pages, *conn.execute(f"SELECT {_COVERAGE}").fetchone())
    recorded = conn.execute(
        f"SELECT pages, max_page_rowid, max_extracted_at FROM {STATE_TABLE}"
    ).fetchone()
    if recorded != state:
        conn.execute(f"INSERT OR REPLACE INTO {STATE_TABLE} VALUES (1, ?, ?, ?)", state)


@dataclass(frozen=True)
class Route:
    """The one index that answers a whole query, and the FTS5 expression for it."""

    table: str
    expression: str


def route(node: Node) -> Route | None:
    """Return the index and expression for a parsed query; None when no one index can."""
    tables = set(_tables(node))
    if len(tables) > 1:
        return None
    table = tables.pop() if tables else WORDS_TABLE
    return Route(table, fts5_expression(node, _leaf))


def _tables(node: Node) -> Iterable[str]:
    if isinstance(node, Op):
        yield from _tables(node.left)
        yield from _tables(node.right)
    elif isinstance(node, Term):
        if len(node.stem) >= COMPOUND_MIN:
            yield PARTS_TABLE
        elif not node.prefix or len(node.stem) >= 2:
            yield WORDS_TABLE
    else:
        yield WORDS_TABLE


def _leaf(leaf: Term | Phrase) -> str:
    if isinstance(leaf, Term):
        if len(leaf.stem) >= COMPOUND_MIN:
            return fts5_string(leaf.stem) + "*"
        if leaf.prefix:
            # As in the trigram index: a one-letter prefix asks for nothing.
            return fts5_string(leaf.stem) + "*" if len(leaf.stem) >= 2 else NO_MATCH
        return "(" + " OR ".join(fts5_string(form) for form in short_forms(leaf.stem)) + ")"
    return fts5_string(" ".join(leaf.stems)) + ("*" if leaf.prefix else "")


# A phrase of no tokens: FTS5 matches no row with it.
NO_MATCH = '""'


def every_page_but(expression: str) -> str:
    """Return the expression for the indexed pages that ``expression`` does not match."""
    return f'"{EVERY_PAGE}" NOT {expression}'


def where_matching(index: str, param: str) -> str:
    """The WHERE for the pages that ``index MATCH :param`` finds, looked up by their keys."""
    return (
        f"(sha256, page_number) IN (SELECT sha256, page_number FROM {KEYS_TABLE} WHERE id IN "
        f"(SELECT rowid FROM {index} WHERE {index} MATCH :{param}))"
    )


def where_not_listed(table: str, param: str, bits: str) -> str:
    """The WHERE for every page but those whose ``pdf_pages`` rowids ``:param`` lists (JSON).

    The rows are read in key order, so the first page of them is found at once, and the
    count is one pass over the pages. Each row is tested on an integer, ``pdf_pages`` on
    its rowid and the ``document_pages`` view (which has none) on its document, first
    against ``:bits``, a bit per value modulo 63 of the listed pages' rowids or
    documents: a row whose bit is clear is kept with a shift and a mask, and only the
    rest are looked up (a view's pages of a listed document on their keys). Rowids of
    ``pdf_pages``, unlike the index's own ids, stay the same when publish re-indexes, so
    a publish between this request's queries changes nothing.
    """
    listed = f"SELECT value FROM json_each(:{param})"
    if table == "pdf_pages":
        return f"((:{bits} >> (rowid % 63)) & 1 = 0 OR +rowid NOT IN ({listed}))"
    documents = (
        "SELECT v.document_id FROM pdf_pages p JOIN document_versions v "
        f"ON v.sha256 = p.sha256 WHERE p.rowid IN ({listed})"
    )
    pages = f"SELECT sha256, page_number FROM pdf_pages WHERE rowid IN ({listed})"
    return (
        f"((:{bits} >> (document_id % 63)) & 1 = 0 OR +document_id NOT IN ({documents}) "
        f"OR (sha256, page_number) NOT IN ({pages}))"
    )


# What where_not_listed tests each row on, from a listed page's pdf_pages rowid (x.page).
# CROSS JOIN keeps SQLite's join order: from the few listed pages out, never the reverse.
_ROW_NUMBER = {
    "pdf_pages": ("", "x.page"),
    "document_pages": (
        "CROSS JOIN pdf_pages p ON p.rowid = x.page "
        "CROSS JOIN document_versions v ON v.sha256 = p.sha256",
        "v.document_id",
    ),
}


async def search_where(db: Any, node: Node, table: str) -> tuple[str, dict[str, Any]] | None:
    """Return the WHERE and parameters of a search on ``table``; None if no index can route it.

    One query first lists the indexed pages the search does not match, up to
    ``MAX_LISTED``. A search on most pages then lists those (``where_not_listed``), but
    only while the index covers every page of ``pdf_pages`` (nothing extracted since
    publish), since a page missing from the index would otherwise match; any other
    search names the pages it matches.
    """
    chosen = route(node)
    if chosen is None:
        return None
    index = chosen.table
    join, number = _ROW_NUMBER[table]
    few = f"(SELECT count(*) FROM missing) <= {MAX_LISTED}"
    try:
        found = await db.execute(
            f"""WITH missing AS (SELECT rowid AS id FROM {index} WHERE {index} MATCH :missing
                                 LIMIT {MAX_LISTED + 1}),
                listed AS (SELECT p.rowid AS page FROM missing m
                           CROSS JOIN {KEYS_TABLE} k ON k.id = m.id
                           CROSS JOIN pdf_pages p ON p.sha256 = k.sha256
                                AND p.page_number = k.page_number)
                SELECT CASE WHEN {few} THEN (SELECT json_group_array(page) FROM listed) END,
                       CASE WHEN {few} THEN (SELECT coalesce(sum(DISTINCT 1 << ({number} % 63)), 0)
                                             FROM listed x {join}) END,
                       state.pages, state.max_page_rowid, state.max_extracted_at, {_COVERAGE}
                FROM (SELECT 1) LEFT JOIN {STATE_TABLE} state""",
            {"missing": every_page_but(chosen.expression)},
        )
    except sqlite3.OperationalError:  # published before these tables existed
        return None
    listed, bits, pages, *coverage = found.first()
    covered = pages is not None and coverage[:2] == coverage[2:]
    if covered and listed is not None and len(json.loads(listed)) <= pages * (1 - DENSE_SHARE):
        where = where_not_listed(table, "sv_missing", "sv_bits")
        return where, {"sv_missing": listed, "sv_bits": bits}
    return where_matching(index, "sv_expression"), {"sv_expression": chosen.expression}
