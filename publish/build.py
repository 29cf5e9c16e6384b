"""Shape the catalogue for publishing: search index, version diffs, views, indexes, metadata check.

Reads and writes ``<data dir>/archive.db`` (through ``publish.fts``, ``publish.history``
and ``publish.views``) and reads the repository's ``datasette_metadata.json``.
Idempotent and incremental: a second run with nothing changed re-indexes, re-diffs and
re-analyses nothing, and a run after a small change costs in proportion to the change
(``refresh_statistics``; the FTS5 merge in ``publish.fts``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.fts import register_functions, save_search_index
from rcc_archive.publish.history import save_history
from rcc_archive.publish.margins import save_page_bodies
from rcc_archive.publish.serve import read_metadata
from rcc_archive.publish.views import save_indexes, save_views

DATABASE = "archive"
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class MetadataMismatch(ValueError):
    """The metadata names a table, column or query the catalogue does not have."""


@dataclass(frozen=True)
class PublishSummary:
    """What one publish did."""

    files_indexed: int
    files_removed: int
    files_unchanged: int
    pages_indexed: int
    views: list[str] = field(default_factory=list)
    page_pairs_diffed: int = 0
    document_pairs_diffed: int = 0
    document_pairs_waiting: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.files_indexed} files indexed ({self.pages_indexed} pages), "
            f"{self.files_unchanged} unchanged, {self.files_removed} dropped; "
            f"{self.page_pairs_diffed} page and {self.document_pairs_diffed} document "
            f"version pairs diffed; {len(self.views)} views; {self.seconds:.1f} s"
        )


def publish_archive(
    data_dir: DataDir, *, rebuild: bool = False, metadata_path: Path | None = None
) -> PublishSummary:
    """Bring the search index, version diffs, views and indexes up to date and check the metadata."""
    started = time.monotonic()
    metadata = read_metadata(metadata_path)
    db = data_dir.open_db()
    try:
        index = save_search_index(db, rebuild=rebuild)
        # Each page without its running header and footer (publish.margins).
        save_page_bodies(db, rebuild=rebuild)
        # Before the views: the changes view reads the diff tables.
        history = save_history(db, rebuild=rebuild)
        # One transaction for all the views: Python's sqlite3 would commit each DROP and
        # CREATE on its own, and a reader (serve) between them would find no view.
        if not db.conn.in_transaction:
            db.conn.execute("BEGIN IMMEDIATE")
        views = save_views(db)
        save_indexes(db)
        problems = metadata_problems(db, metadata)
        if problems:
            raise MetadataMismatch(
                "datasette_metadata.json does not match the catalogue:\n  - "
                + "\n  - ".join(problems)
            )
        refresh_statistics(
            db,
            changed=index.files_indexed + index.files_removed,
            total=index.files_indexed + index.files_unchanged,
        )
        # serve reads through the WAL (mode=ro), so this is not needed for it to see the
        # new index: it only hands the WAL's pages back to the file to keep it small.
        # TRUNCATE waits (busy_timeout) for readers still on an older snapshot.
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()
    return PublishSummary(
        files_indexed=index.files_indexed,
        files_removed=index.files_removed,
        files_unchanged=index.files_unchanged,
        pages_indexed=index.pages_indexed,
        views=views,
        page_pairs_diffed=history.page_pairs_diffed,
        document_pairs_diffed=history.document_pairs_diffed,
        document_pairs_waiting=history.document_pairs_waiting,
        seconds=round(time.monotonic() - started, 3),
    )


def refresh_statistics(db: sqlite_utils.Database, *, changed: int, total: int) -> str:
    """Bring the query planner's statistics up to date; return the statement used.

    A full ``ANALYZE`` reads every table and index: right after a first publish or when at
    least a tenth of the indexed files changed, but after one changed file it would cost
    in proportion to the archive.
    Otherwise ``PRAGMA optimize`` analyses only the tables this connection used whose size
    changed a lot since their last analysis (SQLite's own rule), which costs nothing when
    nothing did.
    """
    analysed = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).fetchone()
    statement = "ANALYZE" if not analysed or changed * 10 >= total else "PRAGMA optimize"
    with db.conn:
        db.conn.execute(statement)
    return statement


def metadata_problems(db: sqlite_utils.Database, metadata: dict[str, Any]) -> list[str]:
    """List every table, column and canned query in the metadata that does not work."""
    problems: list[str] = []
    database = metadata.get("databases", {}).get(DATABASE, {})
    names = set(db.table_names()) | set(db.view_names())
    for table, config in database.get("tables", {}).items():
        if table not in names:
            problems.append(f"table {table!r} does not exist")
            continue
        columns = {row[1] for row in db.conn.execute(f"PRAGMA table_xinfo([{table}])")}
        named = set(config.get("columns", {}))
        named.update(config.get("facets", []))
        named.update(config[key] for key in ("label_column", "sort", "sort_desc") if key in config)
        problems.extend(
            f"column {table}.{column} does not exist" for column in sorted(named - columns)
        )
    register_functions(db.conn)
    for name, query in canned_queries(metadata).items():
        sql = query["sql"] if isinstance(query, dict) else query
        params = dict.fromkeys(named_parameters(sql), "")
        try:
            db.conn.execute(f"EXPLAIN {sql}", params)
        except sqlite3.Error as error:
            problems.append(f"canned query {name!r} fails: {error}")
    return problems


def canned_queries(metadata: dict[str, Any]) -> dict[str, Any]:
    """Return the canned queries the metadata declares for the archive database."""
    return metadata.get("databases", {}).get(DATABASE, {}).get("queries", {})


def named_parameters(sql: str) -> list[str]:
    """Return the ``:name`` parameters of an SQL statement, in order, without repeats."""
    return list(dict.fromkeys(_PARAM.findall(sql)))
