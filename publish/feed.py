"""The Atom feed of a canned query: ``/archive/changes_feed.atom``.

Reads the rows Datasette ran for the query (columns ``atom_id``, ``atom_title``,
``atom_updated``, and optionally ``atom_content_html``, ``atom_link``,
``atom_archived_link``, ``atom_author_name``); writes nothing. Registered by
``publish.ui`` as the ``.atom`` output renderer, in place of datasette-atom's, because
a feed reader needs what that one does not give: links that work outside the site (every
``href="/…"`` made absolute with the host the feed was asked from), the archived copy
beside the live URL, the ``application/atom+xml`` type, a feed id that stays the same
whichever host and port serve it (a ``tag:`` URI), and an empty feed instead of a 500.
Only the canned queries in ``FEED_QUERIES`` render as feeds: a feed is HTML a reader
shows, and arbitrary SQL must not put its own HTML there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from rcc_archive.archive.clock import utcnow_iso

ATOM = "http://www.w3.org/2005/Atom"
FEED_QUERIES = frozenset({"changes_feed"})
REQUIRED = frozenset({"atom_id", "atom_title", "atom_updated"})
TAG_AUTHORITY = "tag:rcc-archive,2026:"
_RELATIVE = re.compile(r'(href|src)="/(?!/)')


def can_render(columns: Sequence[str]) -> bool:
    """A feed needs an id, a title and an update time per row."""
    return REQUIRED.issubset(columns)


def render_feed(
    *, rows: Sequence[Any], columns: Sequence[str], title: str, path: str, base_url: str
) -> bytes:
    """Return the Atom document for ``rows``; links starting with ``/`` get ``base_url``."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", TAG_AUTHORITY + path)
    _text(feed, "title", title)
    updated = max((str(row["atom_updated"]) for row in rows), default=None)
    _text(feed, "updated", _timestamp(updated or utcnow_iso()))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base_url + path + ".atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base_url + path)
    _text(feed, "generator", "rcc-archive")
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", str(row["atom_id"]))
        _text(entry, "title", str(row["atom_title"]))
        _text(entry, "updated", _timestamp(str(row["atom_updated"])))
        if "atom_link" in columns and row["atom_link"]:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=str(row["atom_link"]))
        if "atom_archived_link" in columns and row["atom_archived_link"]:
            href = _absolute(str(row["atom_archived_link"]), base_url)
            ET.SubElement(
                entry, f"{{{ATOM}}}link", rel="related", href=href, title="Arkiverad kopia"
            )
        if "atom_author_name" in columns and row["atom_author_name"]:
            author = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(author, "name", str(row["atom_author_name"]))
        if "atom_content_html" in columns and row["atom_content_html"]:
            html = _RELATIVE.sub(rf'\1="{base_url}/', str(row["atom_content_html"]))
            content = _text(entry, "content", html)
            content.set("type", "html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _absolute(href: str, base_url: str) -> str:
    return base_url + href if href.startswith("/") and not href.startswith("//") else href


def _timestamp(value: str) -> str:
    # Atom wants RFC 3339 with a zone; the archive writes "…Z" already, older rows may not.
    value = value.strip().replace(" ", "T")
    if len(value) == 10:
        value += "T00:00:00"
    return value if value.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", value) else value + "Z"
