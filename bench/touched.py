"""Which rows of the published tables an update wrote: a snapshot before, one after, compared.

Reads the catalogue (``archive.db``) of a data directory; writes nothing. A snapshot keeps
one hash per row of each table ``publish`` writes, keyed by the row's primary key, and
the FTS5 index's structure record (``pdf_pages_search_fts_data`` row 10, which FTS5
rewrites on every change to the index: a new segment, a merge, a deletion). Comparing
two snapshots counts rows added, removed and rewritten per table, and names the files
(sha256) those rows belong to, so "0 rows rewritten in the search index" and "publish
touched only the changed document" are read from the database, not from a log line.
"""

from __future__ import annotations

import hashlib
from typing import Any

from rcc_archive.archive.datadir import DataDir

# Table → (key columns, column naming the file the row belongs to, or None).
TABLES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "pdf_pages_search": (("id",), "sha256"),
    "_publish_state": (("sha256",), "sha256"),
    "pdf_page_bodies": (("sha256", "page_number"), "sha256"),
    "page_margins": (("sha256",), "sha256"),
    "version_diffs": (("kind", "url", "from_sha256", "to_sha256"), "to_sha256"),
    "document_diffs": (("id",), "to_sha256"),
    "page_diffs": (("id",), None),
}
FTS_STRUCTURE = "SELECT block FROM pdf_pages_search_fts_data WHERE id = 10"

Snapshot = dict[str, Any]


def snapshot(data: DataDir) -> Snapshot:
    """Return a hash per row of every published table, and of the FTS5 structure record."""
    if not data.db_path.exists():
        return {"tables": {}, "fts_structure": None}
    db = data.open_db()
    try:
        names = set(db.table_names())
        tables: dict[str, dict[tuple, tuple[str, str | None]]] = {}
        for table, (keys, file_column) in TABLES.items():
            if table not in names:
                tables[table] = {}
                continue
            cursor = db.execute(f"SELECT * FROM [{table}]")
            columns = [description[0] for description in cursor.description]
            key_at = [columns.index(key) for key in keys]
            file_at = columns.index(file_column) if file_column else None
            tables[table] = {
                tuple(row[i] for i in key_at): (
                    hashlib.blake2b(repr(row).encode(), digest_size=12).hexdigest(),
                    row[file_at] if file_at is not None else None,
                )
                for row in cursor
            }
        structure = None
        if "pdf_pages_search_fts_data" in names:
            row = db.execute(FTS_STRUCTURE).fetchone()
            structure = hashlib.sha256(row[0]).hexdigest() if row else None
    finally:
        db.conn.close()
    return {"tables": tables, "fts_structure": structure}


def compare(before: Snapshot, after: Snapshot) -> dict[str, Any]:
    """Count the rows each table gained, lost and rewrote, and the files they belong to."""
    counts: dict[str, dict[str, int]] = {}
    files: set[str] = set()
    for table in TABLES:
        old, new = before["tables"].get(table, {}), after["tables"].get(table, {})
        added = [key for key in new if key not in old]
        removed = [key for key in old if key not in new]
        rewritten = [key for key in new if key in old and new[key][0] != old[key][0]]
        counts[table] = {"added": len(added), "removed": len(removed), "rewritten": len(rewritten)}
        for key in added + rewritten:
            files.add(new[key][1])
        for key in removed:
            files.add(old[key][1])
    files.discard(None)
    return {
        "rows": counts,
        "rows_touched": sum(sum(part.values()) for part in counts.values()),
        "search_rows_touched": sum(counts["pdf_pages_search"].values()),
        "fts_structure_unchanged": before["fts_structure"] == after["fts_structure"],
        "files_touched": sorted(files),
    }
