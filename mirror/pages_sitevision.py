"""cancercentrum.se pages in SiteVision's markup (2025 on), with the sitemap chain.

Reads ``mirror.html`` and ``mirror.documents_sitevision``; writes nothing. ``pages()`` returns
(host folder, URL path, HTML) triples: Sydöst's id-style page with an ``sv-file-portlet`` list
and a text link (assistive text, link icon), its print view (hidden by ``Disallow: /*?sv*``),
Mellansverige's page with a file-share portlet that lists files only in JSON and a folder link
``?folder=19.…&sv.url=12.…`` (both under ``www.cancercentrum.se/``: the region root links the
page as ``https://www.cancercentrum.se/…``), and Syd's page that only the sitemap names.
``sitemaps()`` returns the sitemap index and the gzipped sitemap as {file: bytes}.
"""

from __future__ import annotations

import json
import struct
import zlib
from html import escape
from urllib.parse import quote

from rcc_archive.mirror.catalogue import doc
from rcc_archive.mirror.documents import CC
from rcc_archive.mirror.documents_sitevision import WWW
from rcc_archive.mirror.html import link, sitevision_page

SYDOST_PAGE = "/sydost/om-rcc-sydost/regional-cancerplan.4.3c5e7a9b18f1d2e3a4b5c6d.html"
SYDOST_PRINT = f"{SYDOST_PAGE}?sv.url=12.3c5e7a9b18f1d2e3a4b5c70&state=print"
MELL_PAGE = "/mellansverige/om-rcc-mellansverige/regional-cancerplan/"
MELL_FOLDER = "?folder=19.5d1e2f3a18f2b3c4d5e6f10&sv.url=12.5d1e2f3a18f2b3c4d5e6f20"
SYD_PAGE = "/syd/om-rcc-syd/regional-cancerplan-2026-2028.4.7e8f9a0b18f3c4d5e6f7a8b.html"
MELL_PAGE_WWW = f"https://{WWW}{MELL_PAGE}"
# Väst's plan was replaced under its node: the old timestamp answers 301 to the current one.
VAST_OLD_PLAN_HREF = "/download/18.4f1c2a7e18f3b5d6c2e1a9/1717000000000/" + quote(
    "Regional cancerplan Västra sjukvårdsregionen 2024–2027.pdf"
)
SOS_OLD_2025_HREF = "/globalassets/sharepoint-dokument/artikelkatalog/ovrigt/2025-9-9654.pdf"
SOS_PUB_2025 = "/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2025-9-9654/"
SITEMAP_DATE = "2025-03-01"


def download_href(key: str) -> str:
    """The root-relative href of a SiteVision file, wherever its host folder is."""
    return "/" + quote(doc(key).path.partition("/")[2], safe="/-._~")


def file_portlet(items: list[tuple[str, str, str]]) -> tuple[str, str]:
    """An ``sv-file-portlet`` list: (document key, shown name, assistive text) per file."""
    rows = "\n".join(
        f'<li class="sv-file-portlet-file"><a href="{escape(download_href(key))}" class="normal">'
        f'{escape(name)}<span class="env-assistive-text"> {escape(assistive)}</span></a></li>'
        for key, name, assistive in items
    )
    return "sv-file-portlet", f'<ul class="sv-defaultlist">\n{rows}\n</ul>'


def text_link(url: str, name: str, assistive: str) -> str:
    """SiteVision's text link to a file: rel=external, a link icon, assistive text."""
    return (
        f'<a href="{escape(url)}" rel="external" target="_blank">'
        '<svg class="env-link-icon" aria-hidden="true" focusable="false">'
        '<use xlink:href="#icon-external"></use></svg>'
        f'{escape(name)}<span class="env-assistive-text"> {escape(assistive)}</span></a>'
    )


def file_share_portlet(state_id: str, files: list[tuple[str, int, str]]) -> tuple[str, str]:
    """A file-share portlet whose files exist only in its initial-state JSON (no ``<a>``)."""
    entries = []
    for key, size, modified in files:
        document = doc(key)
        node = document.path.split("/download/", 1)[1].split("/", 1)[0]
        entries.append(
            {
                "id": node,
                "name": document.path.rsplit("/", 1)[1],
                "uri": f"sv:file:{node}",
                "url": download_href(key),
                "fileSize": size,
                "lastModifiedDateTime": modified,
            }
        )
    state = json.dumps({"files": entries, "canUpload": False}, ensure_ascii=False)
    html = (
        f'<div class="env-file-share" data-portlet-id="{state_id}"></div>\n'
        f"<script>AppRegistry.registerInitialState('{state_id}', {state});</script>"
    )
    return "sv-custom-module sv-file-share", html


def pages() -> list[tuple[str, str, str]]:
    """Every SiteVision-era page as (host folder, URL path, HTML)."""
    return [
        ("cancercentrum.se", SYDOST_PAGE, sydost(print_view=False)),
        ("cancercentrum.se", SYDOST_PRINT, sydost(print_view=True)),
        (WWW, MELL_PAGE, mellansverige()),
        (WWW, MELL_PAGE + MELL_FOLDER, mellansverige_folder()),
        ("cancercentrum.se", SYD_PAGE, syd()),
    ]


def sydost(print_view: bool) -> str:
    """RCC Sydöst's plan page: a file list, a text link to www., a draft robots.txt hides."""
    handlingsplan = text_link(
        f"https://{WWW}{download_href('sydost_handlingsplan_2025')}",
        "Handlingsplan Sydöst 2025",
        "Pdf, 249.1 kB, öppnas i nytt fönster.",
    )
    portlets: list[str | tuple[str, str]] = [
        """<h1 class="heading-1">Regional cancerplan 2025–2027</h1>
<p class="sv-font-ingress">Regional cancerplan för sydöstra sjukvårdsregionen 2025–2027 beskriver hur Region Jönköpings län, Region Kalmar län och Region Östergötland tillsammans utvecklar cancervården.</p>""",
        """<h2 class="heading-2">Cancerplanen och bilagor</h2>
<p class="normal">Planen beslutades av Samverkansnämnden i december 2024.</p>""",
        file_portlet(
            [
                ("sydost_plan_2025", "Regional cancerplan Sydöst 2025–2027", "Pdf, 97.3 kB."),
                ("sydost_bilaga_2025", "Bilaga indikatorer 2025–2027", "Pdf, 41.8 kB."),
            ]
        ),
        f"""<h2 class="heading-2">Handlingsplan</h2>
<p class="normal">Varje år tas en handlingsplan fram. {handlingsplan}</p>
<p class="normal">Arbetsmaterial: <a href="{escape(download_href("sydost_utkast_2026"))}">Utkast handlingsplan 2026</a></p>""",
    ]
    if not print_view:
        portlets.append(
            f'<p class="sv-font-liten">{link(SYDOST_PRINT, "Skriv ut sidan")} · '
            "Senast uppdaterad: 15 januari 2025</p>"
        )
    crumbs = [("RCC Sydöst", "/sydost/"), ("Om RCC Sydöst", None), ("Regional cancerplan", None)]
    return sitevision_page(
        SYDOST_PAGE, "Regional cancerplan", portlets, crumbs, "sydost", "4.3c5e7a9b18f1d2e3a4b5c6d"
    )


def mellansverige() -> str:
    """RCC Mellansverige's plan page: files only in a file-share portlet's JSON, a folder link."""
    portlets: list[str | tuple[str, str]] = [
        """<h1 class="heading-1">Regional cancerplan</h1>
<p class="sv-font-ingress">Sjukvårdsregion Mellansveriges regionala cancerplan 2025–2027 gäller för sju regioner.</p>""",
        '<h2 class="heading-2">Aktuella dokument</h2>',
        file_share_portlet(
            "12.5d1e2f3a18f2b3c4d5e6f20",
            [
                ("mell_sv_plan_2025", 84_211, "2025-01-10T09:12:00Z"),
                ("mell_sv_uppf_2024", 52_870, "2025-03-03T13:40:00Z"),
            ],
        ),
        f"""<h2 class="heading-2">Tidigare uppföljningar</h2>
<p class="normal"><a href="{escape(MELL_FOLDER)}" class="env-file-share__folder">Uppföljningar av cancerplanen 2022–2024</a></p>""",
    ]
    crumbs = [("RCC Mellansverige", "/mellansverige/"), ("Regional cancerplan", None)]
    return sitevision_page(
        MELL_PAGE,
        "Regional cancerplan",
        portlets,
        crumbs,
        "mellansverige",
        "4.5d1e2f3a18f2b3c4d5e6f30",
    )


def mellansverige_folder() -> str:
    """The same page showing the portlet's folder: more files, again only in JSON."""
    portlets: list[str | tuple[str, str]] = [
        """<h1 class="heading-1">Regional cancerplan</h1>
<p class="sv-font-ingress">Sjukvårdsregion Mellansveriges regionala cancerplan 2025–2027 gäller för sju regioner.</p>""",
        f"""<h2 class="heading-2">Tidigare uppföljningar</h2>
<p class="normal"><a href="{escape(MELL_PAGE)}" class="env-file-share__folder-up">Tillbaka</a></p>""",
        file_share_portlet(
            "12.5d1e2f3a18f2b3c4d5e6f20",
            [
                ("mell_sv_uppf_2023", 48_102, "2024-02-27T10:05:00Z"),
                ("mell_sv_uppf_2022", 45_677, "2023-02-21T08:30:00Z"),
            ],
        ),
    ]
    crumbs = [("RCC Mellansverige", "/mellansverige/"), ("Regional cancerplan", None)]
    return sitevision_page(
        MELL_PAGE,
        "Regional cancerplan",
        portlets,
        crumbs,
        "mellansverige",
        "4.5d1e2f3a18f2b3c4d5e6f30",
    )


def syd() -> str:
    """RCC Syd's page for the coming plan: linked from no page, named only in the sitemap."""
    portlets: list[str | tuple[str, str]] = [
        """<h1 class="heading-1">Cancerplan 2026–2028 på remiss</h1>
<p class="sv-font-ingress">Förslaget till ny cancerplan för Södra sjukvårdsregionen är ute på remiss till och med den 30 april 2025.</p>""",
        '<h2 class="heading-2">Remissversion</h2>',
        file_portlet(
            [
                (
                    "syd_plan_2026",
                    "Cancerplan Södra sjukvårdsregionen 2026–2028",
                    "Pdf, 112.6 kB.",
                )
            ]
        ),
    ]
    crumbs = [("RCC Syd", "/syd/"), ("Cancerplan 2026–2028 på remiss", None)]
    return sitevision_page(
        SYD_PAGE,
        "Cancerplan 2026–2028 på remiss",
        portlets,
        crumbs,
        "syd",
        "4.7e8f9a0b18f3c4d5e6f7a8b",
    )


def redirects() -> dict[str, bytes]:
    """Each host's ``_redirects`` rules for ``mirror.server`` (old URL → where it moved)."""
    return {
        f"{CC}/_redirects": (
            "# A file replaced under its SiteVision node: the old timestamp moves permanently.\n"
            f"{VAST_OLD_PLAN_HREF} {download_href('vast_plan_2024')} 301\n"
        ).encode(),
        "www.socialstyrelsen.se/_redirects": (
            "# The old article-catalogue PDF now leads to its publication page.\n"
            f"{SOS_OLD_2025_HREF} https://www.socialstyrelsen.se{SOS_PUB_2025} 301\n"
        ).encode(),
    }


def sitemaps(page_paths: list[str]) -> dict[str, bytes]:
    """robots.txt's sitemap index and the gzipped sitemap it names, listing ``page_paths``."""
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://{CC}/sitemap1.xml.gz</loc><lastmod>{SITEMAP_DATE}</lastmod></sitemap>
</sitemapindex>
"""
    urls = "\n".join(
        f"<url><loc>{escape('https://' + CC + quote(path, safe='/?&=.-_~'))}</loc>"
        f"<lastmod>{SITEMAP_DATE}</lastmod></url>"
        for path in page_paths
    )
    urlset = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""
    return {
        f"{CC}/sitemap.xml": index.encode("utf-8"),
        f"{CC}/sitemap1.xml.gz": stored_gzip(urlset.encode("utf-8")),
    }


def stored_gzip(data: bytes) -> bytes:
    """A gzip file of uncompressed deflate blocks, no name and mtime 0: the same bytes anywhere."""
    out = bytearray(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
    for start in range(0, max(len(data), 1), 65535):
        block = data[start : start + 65535]
        final = start + 65535 >= len(data)
        out += bytes([final]) + struct.pack("<HH", len(block), 0xFFFF ^ len(block)) + block
    return bytes(out + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF))
