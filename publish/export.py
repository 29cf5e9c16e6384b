"""Export for researchers: rows as CSV or JSON Lines, and the corpus as plain text.

Reads ``archive.db`` (opened read-only) and the repository's ``datasette_metadata.json``
(for canned queries); writes to the given stream, or ``.txt`` files and
``manifest.csv`` into the given folder.

CSV is written for spreadsheets (``publish.spreadsheet``): text that a spreadsheet would
run as a formula is prefixed with ``'``, snippets are plain text, and the archive's
internal links become URLs (absolute under ``base_url``); ``excel=True`` writes Excel's
dialect (UTF-8 BOM, ``;``, CRLF, decimal comma). JSON Lines keeps every value as stored.
Each corpus text file holds a version's pages in order, each page after a line
``--- sida N ---`` (N its page number in the PDF).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from slugify import slugify

from rcc_archive.archive.datadir import DB_NAME, DataDir
from rcc_archive.publish.build import canned_queries, named_parameters
from rcc_archive.publish.fts import register_functions
from rcc_archive.publish.serve import check_base_url, read_metadata
from rcc_archive.publish.spreadsheet import BOM, neutralise, rows_as_cells
from rcc_archive.publish.spreadsheet import writer as spreadsheet_writer

MANIFEST_FIELDS = (
    "file",
    "document_id",
    "url",
    "title",
    "region",
    "region_name",
    "publisher",
    "doc_type",
    "period_start",
    "period_end",
    "year",
    "diagnosis",
    "status",
    "sha256",
    "version_number",
    "is_current_version",
    "first_seen",
    "last_seen",
    "found_on",
    "pages",
    "extract_status",
)
_SELECT = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)


def export_rows(
    db_path: str | os.PathLike[str],
    table_or_sql: str,
    fmt: str,
    out: TextIO,
    params: Mapping[str, str] | None = None,
    metadata_path: Path | None = None,
    *,
    excel: bool = False,
    base_url: str | None = None,
) -> int:
    """Stream a table, view, canned query or SELECT as "csv" or "jsonl"; return the row count.

    ``excel`` (CSV only) writes Excel's dialect; ``base_url`` is put in front of the
    archive's internal links in CSV (without it they stay paths such as ``/-/archive/…``).
    """
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"unknown format {fmt!r}: use csv or jsonl")
    if excel and fmt != "csv":
        raise ValueError("the Excel dialect is a CSV format: use it with csv")
    if base_url is not None:
        base_url = check_base_url(base_url)
    conn = _open_read_only(Path(db_path))
    try:
        sql = _resolve(conn, table_or_sql, metadata_path)
        values = {name: (params or {}).get(name, "") for name in named_parameters(sql)}
        cursor = conn.execute(sql, values)
        columns = [description[0] for description in cursor.description or ()]
        if fmt == "csv":
            return _write_csv(cursor, columns, out, excel=excel, base_url=base_url)
        return _write_jsonl(cursor, columns, out)
    finally:
        conn.close()


def export_corpus(data_dir: DataDir, out_dir: Path) -> int:
    """Write one UTF-8 .txt per document version with text, plus manifest.csv; return the .txt count."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = _open_read_only(data_dir.root / DB_NAME)
    written = 0
    try:
        with (out_dir / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
            manifest = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS)
            manifest.writeheader()
            for version in _versions(conn):
                name = ""
                if version["pages"]:
                    name = corpus_file_name(
                        version["document_id"], version["sha256"], version["title"]
                    )
                    _write_text(out_dir / name, _pages(conn, version["sha256"]))
                    written += 1
                manifest.writerow(
                    {
                        key: neutralise(value) if isinstance(value, str) else value
                        for key, value in {**version, "file": name}.items()
                    }
                )
    finally:
        conn.close()
    return written


def corpus_file_name(document_id: int, sha256: str, title: str | None) -> str:
    """Name a version's text file from its id, hash prefix and title (never from a URL)."""
    slug = slugify(title or "", max_length=60, word_boundary=True) or "dokument"
    return f"{document_id:05d}-{sha256[:12]}-{slug}.txt"


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(f"no catalogue at {path}")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    register_functions(conn)
    return conn


def _resolve(conn: sqlite3.Connection, name: str, metadata_path: Path | None) -> str:
    """Return the SELECT behind a table or view name, a canned query name, or a SELECT."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
    ).fetchone()
    if exists:
        return 'SELECT * FROM "{}"'.format(name.replace('"', '""'))
    queries = canned_queries(read_metadata(metadata_path))
    if name in queries:
        query = queries[name]
        return query["sql"] if isinstance(query, dict) else query
    if _SELECT.match(name):
        # The connection is read-only as well: this check only gives a clearer message.
        return name
    raise ValueError(f"{name!r} is neither a table, a view, a canned query nor a SELECT")


def _write_csv(
    cursor: sqlite3.Cursor, columns: list[str], out: TextIO, *, excel: bool, base_url: str | None
) -> int:
    def absolute(path: str) -> str:
        return base_url + path if base_url else path

    if excel:
        out.write(BOM)
    writer = spreadsheet_writer(out, excel=excel)
    writer.writerow(columns)
    count = 0
    for cells in rows_as_cells(columns, cursor, absolute, excel=excel):
        writer.writerow(cells)
        count += 1
    return count


def _write_jsonl(cursor: sqlite3.Cursor, columns: list[str], out: TextIO) -> int:
    count = 0
    for row in cursor:
        record = {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _plain(value: object) -> object:
    return value.hex() if isinstance(value, bytes) else value


def _versions(conn: sqlite3.Connection) -> Iterator[dict[str, object]]:
    # version_number counts a document's versions from 1 in the order they were first
    # seen; the publisher is named as in the search query's citation line.
    rows = conn.execute(
        """SELECT v.document_id, d.url, d.title, d.region, r.name AS region_name,
                  coalesce(r.rcc_name, CASE WHEN d.host LIKE '%socialstyrelsen.se'
                      THEN 'Socialstyrelsen' ELSE 'Regionala cancercentrum i samverkan' END)
                      AS publisher,
                  d.doc_type, d.period_start, d.period_end, d.year, d.diagnosis, d.status,
                  v.sha256,
                  (SELECT count(*) FROM document_versions o
                   WHERE o.document_id = v.document_id
                     AND (o.first_seen < v.first_seen
                          OR (o.first_seen = v.first_seen AND o.rowid <= v.rowid)))
                      AS version_number,
                  CASE WHEN d.sha256 = v.sha256 THEN 1 ELSE 0 END AS is_current_version,
                  v.first_seen, v.last_seen, d.found_on, f.extract_status,
                  (SELECT count(*) FROM pdf_pages p WHERE p.sha256 = v.sha256) AS pages
           FROM document_versions v
           JOIN documents d ON d.id = v.document_id
           LEFT JOIN regions r ON r.slug = d.region
           LEFT JOIN files f ON f.sha256 = v.sha256
           ORDER BY v.document_id, v.first_seen, v.rowid"""
    )
    for row in rows:
        yield dict(row)


def _pages(conn: sqlite3.Connection, sha256: str) -> Iterator[tuple[int, str]]:
    rows = conn.execute(
        "SELECT page_number, text FROM pdf_pages WHERE sha256 = ? ORDER BY page_number",
        (sha256,),
    )
    for number, text in rows:
        yield number, text or ""


def _write_text(path: Path, pages: Iterator[tuple[int, str]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        for number, text in pages:
            handle.write(f"--- sida {number} ---\n")
            handle.write(text.rstrip("\n") + "\n")
    os.replace(tmp, path)
