"""Datasette hooks for the pages people read: data first, a home per document, checks, the feed.

Reads the published catalogue through Datasette and the metadata Datasette holds;
writes nothing. The hooks are registered through ``publish.plugin`` (which imports
them), so they carry ``specname`` and names of their own beside that module's hooks.

- ``extra_template_vars`` takes the long description and the column descriptions out of
  ``metadata`` on table, view, row and query pages and hands them to the templates in
  ``publish/templates/`` as ``archive_notes``, which show them below the rows, folded.
  On a canned query it adds ``input_problems`` (``publish.checks``), on a document's row
  page ``document_home`` (``publish.document_page``), on the home page the numbers the
  home page leads with.
- ``register_output_renderer`` serves ``.atom`` with ``publish.feed`` (run last, so it
  replaces datasette-atom's renderer when that plugin is installed too).
- ``render_cell`` shows the long hashes of the diff tables as their first 12 characters,
  linked to the archived file and with the whole hash as the link's title.
"""

from __future__ import annotations

import re
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from rcc_archive.publish.checks import input_problems
from rcc_archive.publish.document_page import document_home
from rcc_archive.publish.feed import FEED_QUERIES, can_render, render_feed
from rcc_archive.publish.queries import PLUGIN

_NOTE_KEYS = ("description", "description_html", "columns")
_SHORT_HASH_COLUMNS = frozenset({"from_sha256", "to_sha256", "previous_sha256"})
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Tables and views whose title links to the document's page, and the column with its id.
_TITLE_LINKS = {
    "documents": "id",
    "current_documents": "document_id",
    "document_pages": "document_id",
}


@hookimpl(specname="extra_template_vars")
def ui_template_vars(
    template: str,
    database: str | None,
    table: str | None,
    columns: list[str] | None,
    view_name: str,
    request: Any,
    datasette: Any,
) -> Any:
    """Move descriptions below the rows; add the checks, the document's home, the home page."""

    async def inner() -> dict[str, Any]:
        extra: dict[str, Any] = {"site_title": datasette.metadata("title") or "Datasette"}
        if request is None:
            return extra
        # A canned query renders query.html from the table route: its name is the "table".
        query_name = None
        if template.startswith("query") and "table" in request.url_vars:
            query_name = tilde_decode(request.url_vars["table"])
        if query_name:
            extra.update(_notes(datasette, database, None, query_name))
            extra["input_problems"] = await _input_problems(
                datasette, database, query_name, request
            )
        elif view_name in ("table", "row") and database and table:
            extra.update(_notes(datasette, database, table, None))
            orders = (datasette.plugin_config(PLUGIN) or {}).get("column_order", {})
            extra["column_order"] = orders.get(table, [])
        if view_name == "row" and table == "documents":
            pks = request.url_vars.get("pks", "")
            extra["document_home"] = await document_home(datasette.get_database(database), pks)
        if view_name == "index":
            extra["home"] = await _home(datasette)
        return extra

    return inner


def _notes(datasette, database: str, table: str | None, query_name: str | None) -> dict:
    if query_name:
        queries = (datasette.metadata(database=database) or {}).get("queries", {})
        original = queries.get(query_name)
        if not isinstance(original, dict):
            return {}
    elif table:
        original = datasette.metadata(database=database, table=table, fallback=False) or {}
    else:
        return {}
    notes = {key: original[key] for key in _NOTE_KEYS if original.get(key)}
    if not notes:
        return {}
    kept = {key: value for key, value in original.items() if key not in _NOTE_KEYS}
    return {"metadata": kept, "archive_notes": notes}


async def _input_problems(datasette, database: str, query_name: str, request) -> list[str]:
    inputs = (datasette.plugin_config(PLUGIN) or {}).get("inputs", {}).get(query_name)
    if not inputs:
        return []
    params = {name: request.args.get(name, "") for name in inputs}
    regions: list[tuple[str, str, list[str]]] = []
    if "region" in inputs.values():
        result = await datasette.get_database(database).execute(
            "SELECT slug, name, folders FROM regions ORDER BY slug"
        )
        regions = [(row[0], row[1], _json_list(row[2])) for row in result.rows]
    return input_problems(inputs, params, regions)


def _json_list(value: str | None) -> list[str]:
    import json

    try:
        items = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


async def _home(datasette) -> dict[str, Any]:
    db = datasette.get_database("archive")
    counts: dict[str, Any] = {}
    for name, sql in {
        "current": "SELECT count(*) FROM documents WHERE status = 'current'",
        "documents": "SELECT count(*) FROM documents",
        "pages": "SELECT count(*) FROM pdf_pages",
        "runs": "SELECT count(*) FROM crawl_runs",
        "last_run": "SELECT max(started_at) FROM crawl_runs",
        "changes": "SELECT count(*) FROM changes",
    }.items():
        try:
            counts[name] = (await db.execute(sql)).first()[0]
        except Exception:  # an unpublished or older archive: the home page still renders
            counts[name] = None
    return counts


@hookimpl(specname="register_output_renderer", trylast=True)
def ui_output_renderer(datasette: Any) -> dict[str, Any]:
    """Serve canned-query feeds as Atom."""
    return {"extension": "atom", "render": _render_atom, "can_render": can_render}


def _render_atom(datasette, request, columns, rows, database, query_name):
    if query_name not in FEED_QUERIES:
        # A dict, not a Response: Datasette keeps a dict's status but overrides a Response's.
        return {
            "body": "Bara flödet changes_feed kan visas som Atom.",
            "status_code": 400,
            "content_type": "text/plain; charset=utf-8",
        }
    queries = (datasette.metadata(database=database) or {}).get("queries", {})
    title = queries.get(query_name, {}).get("title") or query_name
    base_url = f"{request.scheme}://{request.host}"
    path = datasette.urls.path(f"/{database}/{query_name}")
    body = render_feed(rows=rows, columns=columns, title=title, path=path, base_url=base_url)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@hookimpl(specname="render_cell")
def ui_render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | None:
    """Link a document's title to its page; show a diff's long hashes short."""
    if column == "title" and table in _TITLE_LINKS and isinstance(value, str):
        document_id = _cell(row, _TITLE_LINKS[table])
        if isinstance(document_id, int):
            href = datasette.urls.row(database, "documents", str(document_id))
            return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column not in _SHORT_HASH_COLUMNS or not isinstance(value, str):
        return None
    if not _SHA256.match(value):
        return None
    href = datasette.urls.path(f"/-/archive/{value}")
    return Markup(
        f'<a href="{escape(href)}" title="{escape(value)}" class="short-hash">'
        f"{escape(value[:12])}</a>"
    )


def _cell(row, column: str):
    try:
        return row[column]
    except (IndexError, KeyError, TypeError):
        return None
