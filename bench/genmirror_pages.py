"""The HTML of the generated mirror (``bench.genmirror``): SiteVision pages, robots.txt, sitemap.

Reads the mirror's layout (``GeneratedPage`` objects) and ``mirror.html``'s SiteVision
page frame; writes nothing (returns strings). A plan page lists its files in an
``sv-file-portlet`` (``a.normal`` with the screen-reader size span) or, when the layout
says so, only in a file-share portlet's ``AppRegistry`` JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from rcc_archive.mirror.html import FOLDERS, SITE_NAMES, link, sitevision_page

if TYPE_CHECKING:
    from bench.genmirror import GeneratedPage

HOST = "cancercentrum.se"
SITE = f"https://{HOST}"
HUB = "om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"


def page_hex(label: str, length: int) -> str:
    """A stable hexadecimal id drawn from a label (SiteVision's 4.<hex>, 12.<hex>, 18.<hex>)."""
    return hashlib.sha256(label.encode()).hexdigest()[:length]


def html_pages(plan: list[GeneratedPage]) -> Iterator[tuple[str, str]]:
    roots = [link(f"/{folder}/", SITE_NAMES[folder]) for folder, _ in FOLDERS]
    yield "/", _plain_page("/", "Regionala cancercentrum", "samverkan", roots)
    for folder, _ in FOLDERS:
        hub = f"/{folder}/{HUB}"
        yield (
            f"/{folder}/",
            _plain_page(
                f"/{folder}/", SITE_NAMES[folder], folder, [link(hub, "Strategisk utvecklingsplan")]
            ),
        )
        listed = [link(page.path, page.title) for page in plan if page.folder == folder]
        yield hub, _plain_page(hub, "Strategisk utvecklingsplan", folder, listed)
    for page in plan:
        yield page.path, _plan_page(page)


def _plain_page(path: str, title: str, folder: str, links: list[str]) -> str:
    items = "\n".join(f'<li class="sv-channel-item">{item}</li>' for item in links)
    portlets: list[str | tuple[str, str]] = [
        f'<h1 class="heading-1">{escape(title)}</h1>',
        ("sv-channel", f'<ul class="sv-channel sv-defaultlist">\n{items}\n</ul>'),
    ]
    crumbs: list[tuple[str, str | None]] = [(SITE_NAMES[folder], f"/{folder}/"), (title, None)]
    return sitevision_page(path, title, portlets, crumbs, folder, f"4.{page_hex(path, 23)}")


def _plan_page(page: GeneratedPage) -> str:
    intro = (
        f'<h1 class="heading-1">{escape(page.title)}</h1>\n'
        '<p class="sv-font-ingress">Planen och dess bilagor, uppföljningar och handlingsplaner '
        "för sjukvårdsregionen.</p>"
    )
    files = _file_share(page) if page.json_list else _file_portlet(page)
    crumbs: list[tuple[str, str | None]] = [
        (SITE_NAMES[page.folder], f"/{page.folder}/"),
        ("Strategisk utvecklingsplan", f"/{page.folder}/{HUB}"),
        (page.title, None),
    ]
    portlets: list[str | tuple[str, str]] = [
        intro,
        '<h2 class="heading-2">Dokument</h2>',
        files,
        '<p class="sv-font-liten">Senast uppdaterad: 15 januari 2025</p>',
    ]
    return sitevision_page(page.path, page.title, portlets, crumbs, page.folder, page.page_id)


def _file_portlet(page: GeneratedPage) -> tuple[str, str]:
    rows = "\n".join(
        f'<li class="sv-file-portlet-file"><a href="{escape(document.href)}" class="normal">'
        f"{escape(document.name.removesuffix('.pdf'))}"
        f'<span class="env-assistive-text"> Pdf, {40 + document.pages * 20}.{document.index % 10}'
        " kB.</span></a></li>"
        for document in page.documents
    )
    return "sv-file-portlet", f'<ul class="sv-defaultlist">\n{rows}\n</ul>'


def _file_share(page: GeneratedPage) -> tuple[str, str]:
    state_id = f"12.{page_hex(page.path + '#share', 22)}"
    entries = [
        {
            "id": document.path.split("/")[2],
            "name": document.name,
            "uri": f"sv:file:{document.path.split('/')[2]}",
            "url": document.href,
            "fileSize": 40_000 + document.pages * 20_000,
            "lastModifiedDateTime": "2025-01-01T00:00:00Z",
        }
        for document in page.documents
    ]
    state = json.dumps({"files": entries, "canUpload": False}, ensure_ascii=False)
    html = (
        f'<div class="env-file-share" data-portlet-id="{state_id}"></div>\n'
        f"<script>AppRegistry.registerInitialState('{state_id}', {state});</script>"
    )
    return "sv-custom-module sv-file-share", html


def robots_txt() -> str:
    return f"User-agent: *\nDisallow: /sok/\nDisallow: /*?sv*\nSitemap: {SITE}/sitemap.xml\n"


def sitemap_xml(plan: list[GeneratedPage]) -> str:
    paths = [f"/{folder}/{HUB}" for folder, _ in FOLDERS] + [page.path for page in plan]
    entries = "\n".join(
        f"<url><loc>{escape(SITE + quote(path, safe='/-._~'))}</loc><lastmod>2025-01-15</lastmod></url>"
        for path in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}\n</urlset>\n"
    )
