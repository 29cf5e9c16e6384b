"""Views and indexes that shape the catalogue for reading in Datasette.

Reads nothing but its own constants; writes views and indexes into the catalogue
(``archive.db``). Views are dropped and recreated on every publish so a changed
definition takes effect; indexes are created only when missing.
"""

from __future__ import annotations

import sqlite_utils

# Links in cells are written as Markdown, "[label](/path)": readable in JSON and CSV,
# and turned into anchors by the plugin's render_cell (internal paths only).
VIEWS: dict[str, str] = {
    "current_documents": """
SELECT
  d.id AS document_id,
  d.title,
  d.region,
  r.name AS region_name,
  d.doc_type,
  d.period_start,
  d.period_end,
  d.year,
  d.diagnosis,
  d.url,
  d.found_on,
  d.section,
  d.sha256,
  f.content_type,
  f.bytes,
  f.page_count,
  f.extract_status,
  '[arkiverad fil](/-/archive/' || d.sha256 || ')' AS archived_file,
  d.first_seen,
  d.last_seen
FROM documents d
LEFT JOIN regions r ON r.slug = d.region
LEFT JOIN files f ON f.sha256 = d.sha256
WHERE d.status = 'current'
""",
    "document_pages": """
SELECT
  d.id AS document_id,
  d.title,
  d.region,
  r.name AS region_name,
  d.doc_type,
  d.period_start,
  d.period_end,
  d.year,
  d.diagnosis,
  d.status,
  CASE WHEN d.sha256 = p.sha256 THEN 1 ELSE 0 END AS is_current_version,
  v.first_seen AS version_first_seen,
  p.sha256,
  p.page_number,
  p.chars,
  p.text,
  '[PDF s. ' || p.page_number || '](/-/archive/' || p.sha256 || '#page=' || p.page_number || ')'
    AS archived_page
FROM pdf_pages p
JOIN document_versions v ON v.sha256 = p.sha256
JOIN documents d ON d.id = v.document_id
LEFT JOIN regions r ON r.slug = d.region
""",
}

# Indexes the views and canned queries lean on, beyond those archive/schema.py declares.
INDEXES: dict[str, list[tuple[str, ...]]] = {
    "documents": [("doc_type", "region"), ("diagnosis",), ("first_seen",), ("last_seen",)],
    "document_versions": [("first_seen",)],
    "fetches": [("run_id", "outcome")],
}


def save_views(db: sqlite_utils.Database) -> list[str]:
    """Recreate every view; return their names."""
    with db.conn:
        for name, sql in VIEWS.items():
            db.conn.execute(f"DROP VIEW IF EXISTS [{name}]")
            db.conn.execute(f"CREATE VIEW [{name}] AS {sql}")
    return list(VIEWS)


def save_indexes(db: sqlite_utils.Database) -> None:
    """Create the publishing indexes that are missing."""
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db.table(table).create_index(columns, if_not_exists=True)
