"""What a document's page shows: the document, where it is linked, its versions, text and tables.

Reads ``documents``, ``regions``, ``files``, ``document_urls``, ``document_links``,
``web_pages``, ``document_versions``, ``version_diffs``, ``pdf_pages`` and ``pdf_tables``
through a Datasette database; writes nothing. ``publish.ui`` hands the result to the
``row-archive-documents.html`` template, so ``/archive/documents/<id>`` is the document's
home rather than one row of a table.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from datasette.utils import tilde_encode

# A page's text is shown in full; a document longer than this shows its first pages and
# links to the rest (document_pages), so one huge report cannot make the page unusable.
MAX_PAGES = 60
MAX_TABLES = 40

_DOCUMENT = """
SELECT d.*, r.name AS region_name, r.rcc_name, f.page_count, f.extract_status,
       f.content_type, f.bytes
FROM documents d
LEFT JOIN regions r ON r.slug = d.region
LEFT JOIN files f ON f.sha256 = d.sha256
WHERE d.id = :id
"""
_LINKS = """
SELECT l.page_url, coalesce(w.title, l.page_url) AS page_title, l.link_text, l.section,
       l.first_seen, l.last_seen, l.document_url
FROM document_links l
LEFT JOIN web_pages w ON w.url = l.page_url
WHERE l.document_url = :url
   OR l.document_url IN (SELECT u.url FROM document_urls u WHERE u.document_id = :id)
ORDER BY l.last_seen DESC, l.page_url
"""
_URLS = "SELECT url, first_seen, last_seen, joined_by FROM document_urls WHERE document_id = :id"
_VERSIONS = """
SELECT v.sha256, v.first_seen, v.last_seen, v.first_run_id, v.last_run_id, v.source,
       f.page_count, f.bytes, f.extract_status, s.lines_added, s.lines_removed,
       s.from_sha256 AS previous_sha256
FROM document_versions v
LEFT JOIN files f ON f.sha256 = v.sha256
LEFT JOIN version_diffs s ON s.kind = 'document' AND s.document_id = v.document_id
  AND s.to_sha256 = v.sha256
WHERE v.document_id = :id
ORDER BY v.first_seen DESC, v.rowid DESC
"""
_PAGES = """
SELECT page_number, text, chars, text_source FROM pdf_pages WHERE sha256 = :sha256
ORDER BY page_number LIMIT :limit
"""
_TABLES = """
SELECT page_number, table_index, rows FROM pdf_tables WHERE sha256 = :sha256
ORDER BY page_number, table_index LIMIT :limit
"""


async def document_home(db: Any, document_id: str) -> dict[str, Any] | None:
    """Return everything the document page shows, or None when there is no such document."""
    if not document_id.isdigit():
        return None
    params = {"id": int(document_id)}
    found = (await db.execute(_DOCUMENT, params)).first()
    if found is None:
        return None
    document = dict(found)
    params["url"] = document["url"]
    links = [
        {**link, "page_row": tilde_encode(link["page_url"])}
        for link in await _rows(db, _LINKS, params)
    ]
    urls = await _rows(db, _URLS, params)
    versions = await _rows(db, _VERSIONS, params)
    sha256 = document.get("sha256")
    pages, tables = [], []
    if sha256:
        pages = await _rows(db, _PAGES, {"sha256": sha256, "limit": MAX_PAGES})
        tables = [
            {**table, "rows": _table_rows(table["rows"])}
            for table in await _rows(db, _TABLES, {"sha256": sha256, "limit": MAX_TABLES})
        ]
    return {
        "document": document,
        "links": links,
        "urls": urls,
        "versions": versions,
        "pages": pages,
        "pages_cut": bool(document.get("page_count") and document["page_count"] > len(pages)),
        "tables": tables,
        "changed_versions": sum(1 for v in versions if v["previous_sha256"]),
    }


async def _rows(db: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return [dict(row) for row in (await db.execute(sql, params)).rows]
    except sqlite3.OperationalError:
        # An archive published before a table existed (document_urls, version_diffs).
        return []


def _table_rows(value: str | None) -> list[list[str]]:
    try:
        rows = json.loads(value or "[]")
    except ValueError:
        return []
    return [[("" if cell is None else str(cell)) for cell in row] for row in rows if row]
