"""Plain-text reports on the archive for the terminal (``rcc-archive status``).

Reads ``crawl_runs``; writes nothing.
"""

from __future__ import annotations

import sqlite_utils

_COLUMNS = (
    ("id", "run"),
    ("started_at", "started"),
    ("status", "status"),
    ("pages", "pages"),
    ("documents_seen", "docs"),
    ("documents_new", "new"),
    ("documents_changed", "changed"),
    ("documents_removed", "removed"),
    ("documents_broken", "broken"),
    ("errors", "errors"),
    ("bytes_downloaded", "bytes"),
    ("notes", "notes"),
)


def format_runs(db: sqlite_utils.Database, limit: int = 10) -> str:
    """Return the last ``limit`` runs as an aligned text table, newest first."""
    names = ", ".join(column for column, _ in _COLUMNS)
    rows = db.execute(
        f"select {names} from crawl_runs order by id desc limit ?", [limit]
    ).fetchall()
    if not rows:
        return "no runs yet"
    table = [[header for _, header in _COLUMNS]]
    table += [["" if value is None else str(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(_COLUMNS) - 1)]
    lines = []
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
