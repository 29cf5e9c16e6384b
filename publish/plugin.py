"""Datasette plugin: Swedish search, highlighted snippets, links, and the archived files.

Reads the published catalogue through Datasette and the blobs in ``<data dir>/blobs``
next to the database file; writes nothing.

- ``prepare_connection`` adds ``sv_match(q)``, ``sv_snippet(text, q)`` and
  ``sv_stems(text)`` (see ``publish/fts.py``; each bounds its own work) to every
  connection, and caps any string or blob a query builds at 32 MB.
- The table search box. Datasette 0.65's own ``_search`` (``datasette/filters.py``)
  runs ``escape_fts(:search)`` against an FTS table whose ``content=`` names the table,
  which would search raw trigrams without stemming. Our index is deliberately not
  declared that way (its content table is ``pdf_pages_search``), so Datasette finds no
  FTS table for ``pdf_pages`` and stays out of it. This module's
  ``filters_from_request`` hook, run last (``trylast``) so its ``supports_search``
  wins over Datasette's default, shows the search box on ``pdf_pages`` and the
  ``document_pages`` view and turns ``?_search=`` into a WHERE on ``(sha256,
  page_number)`` (``publish.search_box``: the pages that match, or for a word on most
  pages the few that do not): the same stemmed, compound-aware and never-failing query
  language as the ``search`` canned query, with no request rewriting.
- ``render_cell`` shows ``<mark>`` in snippets (everything else escaped), Markdown
  links to internal paths as anchors, and archived-file links for ``sha256`` cells.
- ``register_routes`` serves ``/-/archive/<sha256>``: the path is built only from a
  validated 64-hex hash, never from anything else in the request.
- ``asgi_wrapper`` answers every method but GET, HEAD and OPTIONS with 405: the archive
  has no write endpoints, and Datasette's own POST handlers (for example a POST to a
  read-only canned query) should not be reachable either; inside it, every ``.csv``
  response is rewritten for spreadsheets (``publish/csv_web.py``: no formulas, plain
  snippets, absolute links), and ``register_output_renderer`` adds the ``.excel``
  export link (BOM, ``;``, CRLF).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import AsgiFileDownload, NotFound
from markupsafe import Markup, escape

from rcc_archive.archive import sniff
from rcc_archive.archive.blobs import BlobStore
from rcc_archive.publish.csv_web import excel_renderer, wrap_csv
from rcc_archive.publish.fts import FTS_TABLE, SEARCH_TABLE, register_functions
from rcc_archive.publish.query import parse_query
from rcc_archive.publish.search_box import search_where
from rcc_archive.publish.snippets import MARK_CLOSE, MARK_OPEN
from rcc_archive.publish.spreadsheet import LINKS, ONE_LINK

# The reading pages' hooks (publish/ui.py) ride along with this plugin's registration.
from rcc_archive.publish.ui import ui_output_renderer, ui_render_cell, ui_template_vars  # noqa: F401

SEARCHABLE = frozenset({"pdf_pages", "document_pages"})
# A query the search box's own indexes cannot answer in one MATCH (compound words mixed
# with phrases or short words), or an archive published before they existed.
_TRIGRAM_WHERE = (
    "(sha256, page_number) IN (SELECT sha256, page_number FROM "
    f"{SEARCH_TABLE} WHERE id IN (SELECT rowid FROM {FTS_TABLE} "
    f"WHERE {FTS_TABLE} MATCH sv_match(:sv_search)))"
)
MAX_SQL_VALUE_BYTES = 32 * 2**20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Internal Markdown links ("[label](/path)"; see publish.spreadsheet): "&" in a path is
# escaped as &amp; in the attribute.
_LINKS = LINKS
_ONE_LINK = ONE_LINK
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_INLINE = frozenset({sniff.PDF, sniff.PNG, sniff.JPEG, sniff.GIF})
_EXTENSIONS = {
    sniff.PDF: ".pdf",
    sniff.PNG: ".png",
    sniff.JPEG: ".jpg",
    sniff.GIF: ".gif",
    sniff.DOCX: ".docx",
    sniff.XLSX: ".xlsx",
    sniff.PPTX: ".pptx",
    sniff.ZIP: ".zip",
}


@hookimpl
def prepare_connection(conn) -> None:
    """Add the Swedish search functions to a new connection, and cap its strings."""
    register_functions(conn)
    # No value in the catalogue comes near this (files are blobs on disk), but an
    # anonymous ?sql= could otherwise build strings of up to 1 GB in one C call that no
    # time limit interrupts: "string or blob too big" instead.
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_SQL_VALUE_BYTES)


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    """Show the search box on page tables and turn ``_search`` into a Swedish match."""
    if table not in SEARCHABLE:
        return None

    async def inner():
        db = datasette.get_database(database)
        if not await db.table_exists(FTS_TABLE):
            return None
        query = request.args.get("_search", "")
        if not query.strip():
            return FilterArguments([], extra_context={"supports_search": True})
        node = parse_query(query)
        found = None if node is None else await search_where(db, node, table)
        where, params = found or (_TRIGRAM_WHERE, {})
        return FilterArguments(
            [where],
            {"sv_search": query, **params},
            [f'search matches "{query}" (Swedish: inflections and compound parts)'],
            {"supports_search": True, "search": query},
        )

    return inner


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Render snippets, internal Markdown links, document ids and archived-file hashes."""
    if not isinstance(value, str):
        if column == "document_id" and isinstance(value, int) and table != "document_versions":
            href = datasette.urls.row(database, "documents", str(value))
            return Markup(f'<a href="{escape(href)}">{value}</a>')
        return None
    if column == "snippet":
        return render_snippet(value)
    if value.startswith("[") and _LINKS.match(value):
        return _render_links(value, datasette)
    if column == "sha256" and _SHA256.match(value):
        href = datasette.urls.path(f"/-/archive/{value}")
        page = _page_number(row)
        if page is not None:
            href += f"#page={page}"
        return Markup(f'<a href="{escape(href)}" title="Arkiverad fil">{value}</a>')
    return None


def render_snippet(value: str) -> Markup:
    """Escape a snippet, then turn only our own markers back into <mark> tags."""
    escaped = str(escape(value))
    escaped = escaped.replace(str(escape(MARK_OPEN)), "<mark>")
    return Markup(escaped.replace(str(escape(MARK_CLOSE)), "</mark>"))


def _render_links(value: str, datasette) -> Markup:
    anchors = []
    for match in _ONE_LINK.finditer(value):
        label, path = match.groups()
        href = datasette.urls.path(path)
        anchors.append(f'<a href="{escape(href)}">{escape(label)}</a>')
    return Markup("; ".join(anchors))


def _page_number(row) -> int | None:
    try:
        page = row["page_number"]
    except (IndexError, KeyError, TypeError):
        return None
    return page if isinstance(page, int) else None


@hookimpl
def register_output_renderer(datasette):
    """Offer an Excel CSV (BOM, ``;``) among every page's export links."""
    return excel_renderer(datasette)


@hookimpl
def asgi_wrapper(datasette):
    """Refuse every method that could write; make every CSV safe for spreadsheets."""

    def wrap(app):
        app = wrap_csv(app, datasette)

        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in _READ_METHODS:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 405,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"allow", b"GET, HEAD, OPTIONS"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b"This archive is read-only."})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


@hookimpl
def register_routes(datasette):
    """Serve archived files by hash."""
    return [(r"^/-/archive/(?P<sha256>[0-9a-f]{64})$", serve_archived_file)]


async def serve_archived_file(datasette, request):
    """Stream one archived blob, inline if a browser can show it safely, else as a download."""
    sha256 = request.url_vars["sha256"]
    if not _SHA256.match(sha256):
        raise NotFound("Not an archived file")
    db = _archive_database(datasette)
    if db is None:
        raise NotFound("No archive database")
    blob_root = Path(db.path).parent / "blobs"
    if not blob_root.is_dir():
        raise NotFound("No archived files")
    path = BlobStore(blob_root).path(sha256)
    if not path.is_file():
        raise NotFound("No archived file with that hash")
    content_type = await _content_type(db, sha256, path)
    headers = {
        "x-content-type-options": "nosniff",
        "cache-control": "public, max-age=31536000, immutable",
    }
    name = sha256 + _EXTENSIONS.get(content_type, "")
    if content_type in _INLINE:
        headers["content-disposition"] = f'inline; filename="{name}"'
    else:
        # HTML error pages and unknown bytes from other sites must never run as our pages.
        headers["content-disposition"] = f'attachment; filename="{name}"'
        headers["content-security-policy"] = "default-src 'none'; sandbox"
        if content_type not in _EXTENSIONS:
            content_type = "application/octet-stream"
    return AsgiFileDownload(path, content_type=content_type, headers=headers)


def _archive_database(datasette):
    databases = [db for db in datasette.databases.values() if db.path]
    for db in databases:
        if db.name == "archive":
            return db
    return databases[0] if databases else None


async def _content_type(db, sha256: str, path: Path) -> str:
    try:
        result = await db.execute("SELECT content_type FROM files WHERE sha256 = ?", [sha256])
        row = result.first()
    except sqlite3.Error:  # a database without the files table: fall back to the bytes
        row = None
    if row and row[0]:
        return row[0]
    with path.open("rb") as handle:
        return sniff.sniff_type(handle.read(4096))
