"""The Swedish full-text index over ``pdf_pages``, and the SQL functions that query it.

Reads ``pdf_pages`` and ``files`` (``extractor_version``, ``extracted_at``); writes
``pdf_pages_search`` (one row of stems per page), its FTS5 index
``pdf_pages_search_fts``, the bookkeeping table ``_publish_state`` and, through
``publish.search_box``, the two indexes behind the page tables' search box.

Design. Each page becomes one string of Snowball-Swedish stems padded with spaces
(" regional cancerplan för stockholm … "), indexed by FTS5's ``trigram`` tokenizer.
A query word becomes its stem, and one FTS5 expression over that string answers both
problems Swedish poses:

- inflection: the phrase ``" plan "`` (stem between spaces) matches exactly the words
  whose stem is "plan": plan, planen, planerna. Snowball leaves short words unstemmed
  ("året"), so a stem under 4 letters matches itself plus the common endings
  (``" år " OR " året " OR " åren " …``), as whole words only: as a substring "år"
  sits inside unrelated words ("vården");
- compounds: a stem of 4+ letters is searched as a bare substring of the stems, so
  ``"canc"`` (from "cancer") is found inside the stem "bröstcancervård" and ``"vård"``
  (from "vården") inside "vård", "vården" and "sjukvård" alike.

Because every word of the query becomes a phrase of the same expression, quotes,
AND/OR/NOT and brackets compose exactly as the user wrote them, and ``bm25()`` ranks on
stem occurrences (FTS5 scores phrases, not trigrams). SQLite 3.40's trigram tokenizer
keeps diacritics, so å, ä and ö stay distinct letters. The cost is size: the stems
table and its trigram index take about 3.5 times the page text (measured on 9 000
synthetic pages, 25 MB of text: 88 MB more, built in 6 s).

Incremental: a file's pages are (re)indexed only when its ``extractor_version``,
``extracted_at``, page count or our ``INDEX_VERSION`` differ from ``_publish_state``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.publish import search_box, snippet_index
from rcc_archive.publish.query import (
    COMPOUND_MIN,
    Phrase,
    Term,
    fts5_expression,
    fts5_string,
    parse_query,
    short_forms,
)
from rcc_archive.publish.snippets import body_snippet, snippet
from rcc_archive.publish.stem_snippets import indexed_snippet
from rcc_archive.publish.swedish import stem_words, stems

# Bump when tokenising, stemming or the format of an index changes (the trigram index, or
# the search box's tables in publish.search_box, the snippets' in publish.snippet_index):
# every file is re-indexed.
INDEX_VERSION = "sv-trigram-stems-3"
SEARCH_TABLE = "pdf_pages_search"
FTS_TABLE = "pdf_pages_search_fts"
STATE_TABLE = "_publish_state"
# An expression that matches no row, for queries that ask for nothing.
NO_MATCH = '""'
# What the SQL functions read of a text: ten times a dense PDF page (about 10,000 characters).
MAX_FUNCTION_TEXT = 100_000

_CREATE = (
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        page_number INTEGER NOT NULL,
        stems TEXT NOT NULL,
        UNIQUE (sha256, page_number)
    )""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        stems, content='{SEARCH_TABLE}', content_rowid='id', tokenize='trigram'
    )""",
    f"""CREATE TABLE IF NOT EXISTS {STATE_TABLE} (
        sha256 TEXT PRIMARY KEY,
        extractor_version TEXT,
        extracted_at TEXT,
        pages INTEGER NOT NULL,
        index_version TEXT NOT NULL,
        indexed_at TEXT NOT NULL
    )""",
    snippet_index.CREATE,
)


@dataclass(frozen=True)
class IndexSummary:
    """What one index update did."""

    files_indexed: int
    files_removed: int
    files_unchanged: int
    pages_indexed: int


def index_text(text: str) -> str:
    """Return the string of stems that the index holds for one page."""
    return stems_string(stems(text or ""))


def stems_string(page_stems: list[str]) -> str:
    """Join a page's stems as the index holds them: padded with spaces, one between each."""
    return " " + " ".join(page_stems) + " "


def match_expression(query: str) -> str:
    """Turn a user's query into a safe FTS5 expression over the stems index."""
    node = parse_query(query)
    return NO_MATCH if node is None else fts5_expression(node, _trigram_leaf)


def _trigram_leaf(leaf: Term | Phrase) -> str:
    if isinstance(leaf, Term):
        if len(leaf.stem) >= COMPOUND_MIN:
            return fts5_string(leaf.stem)
        if leaf.prefix:
            # FTS5 trigram phrases need 3 characters: " a" is too short to mean anything.
            return fts5_string(" " + leaf.stem) if len(leaf.stem) >= 2 else NO_MATCH
        forms = [fts5_string(" " + form + " ") for form in short_forms(leaf.stem)]
        return "(" + " OR ".join(forms) + ")"
    body = " " + " ".join(leaf.stems)
    return fts5_string(body if leaf.prefix else body + " ")


def register_functions(conn: sqlite3.Connection) -> None:
    """Add ``sv_match``, ``sv_snippet`` and ``sv_stems`` to an SQLite connection.

    ``sv_snippet(text, q)`` highlights ``q`` in ``text``; ``sv_snippet(body, text, q)``
    highlights it in ``body`` (the page without its running lines) when that holds a hit,
    else in ``text``: one call per row where the search query needs both.

    SQLite's progress handler (Datasette's ``sql_time_limit_ms``) can stop a query only
    between calls of a Python function, never inside one, so each function bounds its own
    input: text beyond ``MAX_FUNCTION_TEXT`` characters and queries beyond
    ``MAX_QUERY_CHARS`` are cut before any work (``publish.query``), and the snippet
    highlights at most ``publish.snippets.MAX_HIGHLIGHT_TERMS`` terms. A call then costs milliseconds
    whatever an anonymous ``?sql=`` hands it, and the time limit stops a query over many
    rows between them. The page texts the archive holds are far below the cut.
    """
    conn.create_function("sv_match", 1, _sv_match, deterministic=True)
    conn.create_function("sv_snippet", 2, _sv_snippet, deterministic=True)
    conn.create_function("sv_snippet", 3, _sv_body_snippet, deterministic=True)
    conn.create_function("sv_snippet", 8, _sv_indexed_snippet, deterministic=True)
    conn.create_function("sv_stems", 1, _sv_stems, deterministic=True)


def _sv_match(query: object) -> str:
    return match_expression(query if isinstance(query, str) else "")


def _sv_snippet(text: object, query: object) -> str | None:
    if not isinstance(text, str):
        return None
    return snippet(text[:MAX_FUNCTION_TEXT], query if isinstance(query, str) else "")


def _sv_body_snippet(body: object, text: object, query: object) -> str | None:
    return body_snippet(
        body[:MAX_FUNCTION_TEXT] if isinstance(body, str) else None,
        text[:MAX_FUNCTION_TEXT] if isinstance(text, str) else None,
        query if isinstance(query, str) else "",
    )


def _sv_indexed_snippet(
    text: object,
    stems: object,
    words: object,
    clean: object,
    body_start: object,
    body_end: object,
    body: object,
    query: object,
) -> str | None:
    return indexed_snippet(
        text[:MAX_FUNCTION_TEXT] if isinstance(text, str) else None,
        stems[:MAX_FUNCTION_TEXT] if isinstance(stems, str) else None,
        words if isinstance(words, bytes) else None,
        clean[:MAX_FUNCTION_TEXT] if isinstance(clean, str) else None,
        body_start if isinstance(body_start, int) else None,
        body_end if isinstance(body_end, int) else None,
        body[:MAX_FUNCTION_TEXT] if isinstance(body, str) else None,
        query if isinstance(query, str) else "",
    )


def _sv_stems(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    return index_text(text[:MAX_FUNCTION_TEXT]).strip()


def save_search_index(db: sqlite_utils.Database, *, rebuild: bool = False) -> IndexSummary:
    """Bring the stems index up to date with ``pdf_pages``; re-index everything if ``rebuild``.

    The whole update is one transaction, so a reader (``serve`` during ``publish``) sees
    the old index or the new one, never a file half re-indexed or, during a rebuild, an
    index that holds only the pages done so far; a killed publish leaves the old index.
    """
    conn = db.conn
    pages = 0
    # An explicit BEGIN: Python's sqlite3 would start no transaction before CREATE, and
    # IMMEDIATE takes the write lock now rather than failing halfway on a busy database.
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")
    with conn:
        for statement in _CREATE:
            conn.execute(statement)
        search_box.create_tables(conn)
        if rebuild:
            conn.execute(f"DELETE FROM {STATE_TABLE}")
            conn.execute(f"DELETE FROM {SEARCH_TABLE}")
            conn.execute(f"DELETE FROM {snippet_index.TABLE}")
            conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
        current = _current_files(conn)
        recorded = {
            row[0]: tuple(row[1:])
            for row in conn.execute(
                f"SELECT sha256, extractor_version, extracted_at, pages, index_version "
                f"FROM {STATE_TABLE}"
            )
        }
        changed = [
            sha for sha, state in current.items() if recorded.get(sha) != (*state, INDEX_VERSION)
        ]
        removed = [sha for sha in recorded if sha not in current]
        # The search box's tables forget a page only when given what it was indexed as,
        # which an older format computed differently: on a new format they start empty
        # (every file is re-indexed then anyway).
        fresh = rebuild or any(state[-1] != INDEX_VERSION for state in recorded.values())
        if fresh:
            search_box.clear(conn)
        # All deletions first: a re-extracted file's old pages must be gone before any
        # file's new pages go in.
        for sha in removed + changed:
            _delete_file(conn, sha, search_box_too=not fresh)
        for sha in changed:
            pages += _insert_file(conn, sha)
            conn.execute(
                f"INSERT OR REPLACE INTO {STATE_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                (sha, *current[sha], INDEX_VERSION, utcnow_iso()),
            )
        if changed or removed:
            # After a first publish or a rebuild every segment is merged into one (the
            # published database is read, not written); after a small change the merge
            # is bounded, so its cost follows the change (``search_box.merge_segments``).
            search_box.merge_segments(
                conn,
                (FTS_TABLE, *search_box.INDEX_TABLES),
                changed_pages=pages + sum(recorded[sha][2] for sha in removed),
                total_pages=sum(state[2] for state in current.values()),
            )
        search_box.save_state(conn)
    return IndexSummary(
        files_indexed=len(changed),
        files_removed=len(removed),
        files_unchanged=len(current) - len(changed),
        pages_indexed=pages,
    )


def _current_files(conn: sqlite3.Connection) -> dict[str, tuple[str | None, str | None, int]]:
    rows = conn.execute(
        """SELECT p.sha256, f.extractor_version, f.extracted_at, count(*)
           FROM pdf_pages p LEFT JOIN files f ON f.sha256 = p.sha256
           GROUP BY p.sha256"""
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _delete_file(conn: sqlite3.Connection, sha256: str, *, search_box_too: bool) -> None:
    # An external-content FTS5 table forgets a row only when told its old values.
    if search_box_too:
        search_box.delete_pages(
            conn, conn.execute(f"SELECT id, stems FROM {SEARCH_TABLE} WHERE sha256 = ?", (sha256,))
        )
    conn.execute(
        f"""INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, stems)
            SELECT 'delete', id, stems FROM {SEARCH_TABLE} WHERE sha256 = ?""",
        (sha256,),
    )
    conn.execute(
        f"DELETE FROM {snippet_index.TABLE} WHERE id IN "
        f"(SELECT id FROM {SEARCH_TABLE} WHERE sha256 = ?)",
        (sha256,),
    )
    conn.execute(f"DELETE FROM {SEARCH_TABLE} WHERE sha256 = ?", (sha256,))
    conn.execute(f"DELETE FROM {STATE_TABLE} WHERE sha256 = ?", (sha256,))


def _insert_file(conn: sqlite3.Connection, sha256: str) -> int:
    rows = conn.execute(
        "SELECT page_number, text FROM pdf_pages WHERE sha256 = ? ORDER BY page_number",
        (sha256,),
    ).fetchall()
    # Each page's words (swedish.words), and what its snippets need (publish.snippet_index).
    pages = snippet_index.file_pages([text for _, text in rows])
    page_stems = [
        (number, stem_words(found)) for (number, _), (found, _) in zip(rows, pages, strict=True)
    ]
    conn.executemany(
        f"INSERT INTO {SEARCH_TABLE} (sha256, page_number, stems) VALUES (?, ?, ?)",
        ((sha256, number, stems_string(found)) for number, found in page_stems),
    )
    conn.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, stems) SELECT id, stems FROM {SEARCH_TABLE} WHERE sha256 = ?",
        (sha256,),
    )
    ids = dict(
        conn.execute(f"SELECT page_number, id FROM {SEARCH_TABLE} WHERE sha256 = ?", (sha256,))
    )
    search_box.insert_pages(conn, ((ids[number], found) for number, found in page_stems))
    snippet_index.save_pages(
        conn, ((ids[number], entry) for (number, _), (_, entry) in zip(rows, pages, strict=True))
    )
    return len(rows)
