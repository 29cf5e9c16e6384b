"""Datasette's CSV made safe for spreadsheets, and an Excel variant of it, for the plugin.

Reads the CSV Datasette streams for a ``.csv`` request and the plugin's ``base_url``
configuration (set by ``serve --base-url``); writes the rewritten response. No data is
read here: Datasette still runs every query, pages through tables (``_stream=on``) and
applies its limits; this only rewrites each record on its way out
(``publish.spreadsheet``: no formulas, no ``<mark>`` markers, absolute archive links).

Why an ASGI wrapper and not an output renderer for the plain ``.csv``: Datasette
handles ``.csv`` itself (so that it can stream every row), before any renderer is
asked, and an output renderer gets one page of rows, not the stream. The Excel variant
is a renderer (``.excel``), because that is how Datasette lists a format among a
page's export links; it redirects to the same CSV stream with ``_excel=on``, which the
wrapper writes in Excel's dialect (BOM, ``;``, CRLF, decimal comma) as a download.
"""

from __future__ import annotations

import codecs
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils.asgi import Request, Response

from rcc_archive.publish.spreadsheet import CsvRewriter

PLUGIN_NAME = "rcc_swedish_search"
EXCEL_EXTENSION = "excel"
EXCEL_FLAG = "_excel"
# Datasette's own CSV content types: text/plain, or text/csv for a download (_dl).
_CSV_TYPES = (b"text/plain", b"text/csv")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def excel_renderer(datasette: Any) -> dict[str, Any]:
    """The ``register_output_renderer`` entry: ``.excel`` on every table, view and query."""
    return {
        "extension": EXCEL_EXTENSION,
        "render": _render_excel,
        "can_render": lambda: True,
    }


def excel_location(path: str, query_string: str) -> str:
    """Return the CSV address that streams what ``path`` (ending ``.excel``) shows, for Excel."""
    base = path[: -len(EXCEL_EXTENSION) - 1] + ".csv"
    # _next pages a table by hand, which Datasette refuses together with _stream.
    args = [(key, value) for key, value in parse_qsl(query_string) if key not in ("_next",)]
    names = {key for key, _ in args}
    args += [(key, "on") for key in (EXCEL_FLAG, "_dl", "_stream") if key not in names]
    return base + "?" + urlencode(args)


def _render_excel(request: Request) -> Response:
    return Response.redirect(excel_location(request.path, request.query_string))


def wrap_csv(app: App, datasette: Any) -> App:
    """Return ``app`` with every CSV response rewritten for spreadsheets."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.endswith("." + EXCEL_EXTENSION):
            # Straight to the CSV stream: the renderer would answer the same redirect,
            # but only after Datasette had run the page's query for nothing.
            request = Request(scope, receive)
            location = excel_location(path, request.query_string)
            await Response.redirect(location).asgi_send(send)
            return
        if not path.endswith(".csv"):
            await app(scope, receive, send)
            return
        request = Request(scope, receive)
        if request.args.get("_trace"):  # Datasette's debug page, HTML around the CSV
            await app(scope, receive, send)
            return
        rewriter = CsvRewriter(
            _absolute(datasette, request),
            excel=bool(request.args.get(EXCEL_FLAG)),
            header=request.args.get("_header") != "off",
        )
        await app(scope, receive, _rewriting_send(send, rewriter))

    return wrapped


def _rewriting_send(send: Send, rewriter: CsvRewriter) -> Send:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    state = {"rewrite": False}

    async def rewriting(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = [
                (name, value)
                for name, value in message.get("headers", [])
                if name.lower() != b"content-length"  # the body's length changes
            ]
            content_type = next(
                (value for name, value in headers if name.lower() == b"content-type"), b""
            )
            state["rewrite"] = message["status"] == 200 and content_type.startswith(_CSV_TYPES)
            if state["rewrite"] and rewriter.excel:
                headers = _excel_headers(headers)
            await send({**message, "headers": headers})
            return
        if message["type"] != "http.response.body" or not state["rewrite"]:
            await send(message)
            return
        more = message.get("more_body", False)
        text = rewriter.feed(decoder.decode(message.get("body", b""), final=not more))
        if not more:
            text += rewriter.close()
        await send({**message, "body": text.encode("utf-8")})

    return rewriting


def _excel_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    kept = []
    for name, value in headers:
        if name.lower() == b"content-type":
            value = b"text/csv; charset=utf-8"
        elif name.lower() == b"content-disposition":
            value = value.replace(b'.csv"', b'-excel.csv"')
        kept.append((name, value))
    return kept


def _absolute(datasette: Any, request: Request) -> Callable[[str], str]:
    configured = (datasette.plugin_config(PLUGIN_NAME) or {}).get("base_url")

    def absolute(path: str) -> str:
        routed = datasette.urls.path(path)
        if configured:
            return configured + routed
        return datasette.absolute_url(request, routed)

    return absolute
