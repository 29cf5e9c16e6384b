"""The catalogue's tables, declared once and applied idempotently.

Reads and writes the SQLite catalogue (``archive.db``). The public part of this schema
is promised in ``shared/schema.md``: those names and meanings stay stable; columns
added here sit beside them. ``ensure_schema`` may run on every start: it creates what
is missing, adds new columns to old databases, and never drops anything.
"""

from __future__ import annotations

import json

import sqlite_utils

from rcc_archive.archive.document_urls import backfill as backfill_document_urls
from rcc_archive.archive.regions import REGIONS

# Column declarations per table: name -> SQLite type. Order is the column order.
TABLES: dict[str, dict[str, type]] = {
    "regions": {
        "slug": str,
        "name": str,
        "rcc_name": str,
        "healthcare_region": str,
        "former_names": str,
        "member_regions": str,
        "folders": str,
        "homepage": str,
    },
    "crawl_runs": {
        "id": int,
        "started_at": str,
        "finished_at": str,
        "status": str,
        "mirror": str,
        "command": str,
        "pages": int,
        "documents_seen": int,
        "documents_new": int,
        "documents_changed": int,
        "documents_unchanged": int,
        "documents_removed": int,
        "documents_broken": int,
        "requests": int,
        "errors": int,
        "bytes_downloaded": int,
        "previous_run_id": int,
        "region_counts": str,
        "notes": str,
    },
    "fetches": {
        "id": int,
        "run_id": int,
        "url": str,
        "kind": str,
        "fetched_at": str,
        "http_status": int,
        "content_type": str,
        "bytes": int,
        "sha256": str,
        "etag": str,
        "last_modified": str,
        "duration_ms": int,
        "outcome": str,
        "error": str,
        "redirect_to": str,
        "sniffed_type": str,
        # The response's status line and headers as served: JSON list of [name, value].
        "response_headers": str,
        "status_line": str,
        "request_headers": str,
    },
    "web_pages": {
        "url": str,
        "host": str,
        "region": str,
        "title": str,
        "sha256": str,
        "status": str,
        "first_seen": str,
        "last_seen": str,
        "last_run_id": int,
    },
    "web_page_versions": {
        "url": str,
        "sha256": str,
        "title": str,
        "text": str,
        "common_updated": str,
        "regional_updated": str,
        "fact_owner": str,
        "editor": str,
        "published": str,
        "first_seen": str,
        "last_seen": str,
        # "crawl" for what the crawler fetched itself, "wayback" for a recovered capture.
        "source": str,
        "source_url": str,
    },
    "documents": {
        "id": int,
        "url": str,
        "host": str,
        "title": str,
        "link_text": str,
        "found_on": str,
        "section": str,
        "region": str,
        "doc_type": str,
        "period_start": int,
        "period_end": int,
        "year": int,
        "diagnosis": str,
        "sha256": str,
        "status": str,
        "status_reason": str,
        "first_seen": str,
        "last_seen": str,
        "last_run_id": int,
        "removed_run_id": int,
        "classified_by": str,
    },
    "document_versions": {
        "document_id": int,
        "sha256": str,
        "first_seen": str,
        "last_seen": str,
        "first_run_id": int,
        "last_run_id": int,
        "source": str,
        "source_url": str,
    },
    "document_urls": {
        "url": str,
        "document_id": int,
        "first_seen": str,
        "last_seen": str,
        "last_run_id": int,
        # How the URL was joined to the document: "linked", "sitevision-node" or "redirect".
        "joined_by": str,
    },
    "document_links": {
        "document_url": str,
        "page_url": str,
        "link_text": str,
        "title": str,
        "section": str,
        "region": str,
        "first_seen": str,
        "last_seen": str,
        "last_run_id": int,
    },
    "files": {
        "sha256": str,
        "bytes": int,
        "content_type": str,
        "page_count": int,
        "chars": int,
        "extract_status": str,
        "extract_error": str,
        "extractor_version": str,
        "extracted_at": str,
        "pdf_title": str,
        "pdf_author": str,
        "pdf_creator": str,
        "pdf_producer": str,
        "pdf_created": str,
        "pdf_modified": str,
        "first_seen": str,
    },
    "pdf_pages": {
        "sha256": str,
        "page_number": int,
        "text": str,
        "chars": int,
        # "pdf" for the text layer, "ocr" for text recognised from the page image.
        "text_source": str,
    },
    "pdf_tables": {
        "sha256": str,
        "page_number": int,
        "table_index": int,
        "rows": str,
    },
}

PRIMARY_KEYS: dict[str, str | tuple[str, ...]] = {
    "regions": "slug",
    "crawl_runs": "id",
    "fetches": "id",
    "web_pages": "url",
    "web_page_versions": ("url", "sha256"),
    "documents": "id",
    "document_versions": ("document_id", "sha256"),
    "document_urls": "url",
    "document_links": ("document_url", "page_url"),
    "files": "sha256",
    "pdf_pages": ("sha256", "page_number"),
    "pdf_tables": ("sha256", "page_number", "table_index"),
}

FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "fetches": [("run_id", "crawl_runs", "id")],
    "documents": [("region", "regions", "slug")],
    "web_pages": [("region", "regions", "slug")],
    "document_versions": [("document_id", "documents", "id")],
    "document_urls": [("document_id", "documents", "id")],
}

INDEXES: dict[str, list[tuple[str, ...]]] = {
    "fetches": [("run_id",), ("url", "fetched_at"), ("sha256",)],
    "documents": [("region",), ("doc_type",), ("sha256",), ("status",)],
    "document_versions": [("sha256",)],
    "document_urls": [("document_id",)],
    "document_links": [("page_url",)],
    "web_page_versions": [("sha256",)],
    "files": [("extract_status",)],
}

UNIQUE_INDEXES: dict[str, list[tuple[str, ...]]] = {
    "documents": [("url",)],
}


# The backfill's ledger (rcc-archive backfill): declared here with the rest, so every
# archive has the tables the published metadata describes, backfilled or not.
WAYBACK_DDL = (
    """CREATE TABLE IF NOT EXISTS wayback_captures (
        capture_url TEXT PRIMARY KEY,
        timestamp TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        original_url TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        mimetype TEXT,
        digest TEXT,
        status TEXT NOT NULL,
        outcome TEXT,
        sha256 TEXT,
        version_source TEXT,
        error TEXT,
        fetch_id INTEGER REFERENCES fetches(id),
        listed_run_id INTEGER REFERENCES crawl_runs(id),
        run_id INTEGER REFERENCES crawl_runs(id),
        fetched_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS wayback_captures_url ON wayback_captures (url, timestamp)",
    "CREATE INDEX IF NOT EXISTS wayback_captures_status ON wayback_captures (status)",
    """CREATE TABLE IF NOT EXISTS wayback_queries (
        query TEXT PRIMARY KEY,
        resume_key TEXT,
        complete INTEGER NOT NULL DEFAULT 0,
        captures_listed INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT,
        run_id INTEGER REFERENCES crawl_runs(id)
    )""",
)


# The classifier's bookkeeping (extract.classify_store): what each document was last
# classified from. Declared here for the same reason as the ledger above.
CLASSIFIED_TABLE = "_classified"
CLASSIFIED_DDL = f"""CREATE TABLE IF NOT EXISTS {CLASSIFIED_TABLE} (
    document_id INTEGER PRIMARY KEY,
    inputs TEXT NOT NULL
)"""


def open_db(path: str) -> sqlite_utils.Database:
    """Open the catalogue with the settings every stage relies on, shaping it first."""
    db = sqlite_utils.Database(path)
    # WAL lets Datasette read while a crawl writes; a busy timeout rides out the
    # short locks a concurrent reader or the extractor's writer may hold.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA synchronous=NORMAL")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns and indexes, and fill ``regions``."""
    for name, columns in TABLES.items():
        table = db.table(name)
        if not table.exists():
            table.create(
                columns,
                pk=PRIMARY_KEYS[name],
                foreign_keys=FOREIGN_KEYS.get(name, []),
                if_not_exists=True,
            )
        else:
            existing = set(table.columns_dict)
            for column, col_type in columns.items():
                if column not in existing:
                    table.add_column(column, col_type)
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db.table(name).create_index(columns, if_not_exists=True)
    for name, indexes in UNIQUE_INDEXES.items():
        for columns in indexes:
            db.table(name).create_index(columns, unique=True, if_not_exists=True)
    for statement in WAYBACK_DDL:
        db.execute(statement)
    db.execute(CLASSIFIED_DDL)
    save_regions(db)
    # Archives from before document_urls: each document's URL becomes its first row.
    backfill_document_urls(db)


def save_regions(db: sqlite_utils.Database) -> None:
    """Write the six regions' facts into ``regions`` (an upsert, so re-runs are no-ops)."""
    db.table("regions").upsert_all(
        (
            {
                "slug": region.slug,
                "name": region.name,
                "rcc_name": region.rcc_name,
                "healthcare_region": region.healthcare_region,
                "former_names": json.dumps(list(region.former_names), ensure_ascii=False),
                "member_regions": json.dumps(list(region.member_regions), ensure_ascii=False),
                "folders": json.dumps(list(region.folders), ensure_ascii=False),
                "homepage": region.homepage,
            }
            for region in REGIONS
        ),
        pk="slug",
    )
