"""A generated mirror of 1,000 documents on 200 cancercentrum.se pages, in today's SiteVision layout.

Reads nothing but a folder of PDFs it rendered before (a cache, so a kept work folder does
not render them twice); writes a ``wget --mirror`` folder (``cancercentrum.se/PATH``) that
``mirror.server`` serves and the real ``cancercentrum`` spider crawls. Layout, as
``../shared/sitevision.md`` describes SiteVision sites and ``mirror/pages_sitevision.py``
draws them: the start page links the seven region roots, each root its
``strategisk-utvecklingsplan`` hub (a spider start URL), each hub its plan pages; a plan
page is ``sv-layout`` portlets with an ``sv-file-portlet`` list of
``/download/18.<hex>/<ms>/<Name>.pdf`` links (percent-encoded, with the screen-reader
size span), or, one page in ten, a file-share portlet whose files exist only in its
``AppRegistry`` JSON. Page URLs alternate between SiteVision's id style
(``….4.<hex>.html``) and folder paths. ``robots.txt`` names ``sitemap.xml``, which lists
the hubs and plan pages.

Every byte is a function of the document's index: PDFs come from ``bench.corpus`` (2–4
pages, a ruled table on every third page, so a 2-page document has none), and files get
fixed modification times, so Last-Modified and ETag are the same in every build.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.genmirror_pages import HOST, SITE, html_pages, page_hex, robots_txt, sitemap_xml
from rcc_archive.mirror.html import FOLDERS

DOCUMENTS = 1_000
PAGES = 200
# 2025-01-01T00:00:00Z: SiteVision's download timestamps are milliseconds since the epoch.
EPOCH_MS = 1_735_689_600_000
FILE_MTIME = EPOCH_MS // 1000
KINDS = (
    "Regional cancerplan",
    "Uppföljning av cancerplanen",
    "Handlingsplan",
    "Bilaga indikatorer",
    "Processplan",
)
_RENDER_CHUNK = 25


@dataclass(frozen=True)
class GeneratedDocument:
    """One generated PDF: where it is linked, where its file is, what it holds."""

    index: int
    folder: str
    page: str  # URL path of the page that links it
    path: str  # decoded URL path of the file (its place in the mirror folder)
    name: str  # the file name shown in the list
    pages: int
    seed: int

    @property
    def href(self) -> str:
        """The root-relative, percent-encoded href a page writes."""
        return quote(self.path, safe="/-._~")

    @property
    def url(self) -> str:
        """The document's real URL, as the archive records it."""
        return SITE + self.href


@dataclass(frozen=True)
class GeneratedPage:
    """One generated plan page and the documents it lists."""

    folder: str
    path: str  # URL path
    title: str
    page_id: str
    documents: tuple[GeneratedDocument, ...]
    json_list: bool  # files only in a file-share portlet's JSON


@dataclass(frozen=True)
class GeneratedMirror:
    """A written mirror: its folder, pages (every HTML page) and documents."""

    root: Path
    pages: list[str]
    plan_pages: list[GeneratedPage]
    documents: list[GeneratedDocument]

    def file_of(self, document: GeneratedDocument) -> Path:
        """The mirror file that serves a document."""
        return self.root / HOST / document.path.lstrip("/")


def layout(documents: int = DOCUMENTS, pages: int = PAGES) -> list[GeneratedPage]:
    """Return the plan pages and their documents (pure: the same every time).

    ``pages`` counts every HTML page: the start page, seven region roots and seven hubs,
    and the plan pages that share the documents out as evenly as they divide.
    """
    plan_pages = pages - 1 - 2 * len(FOLDERS)
    if plan_pages < 1 or documents < plan_pages:
        raise ValueError(f"{pages} pages cannot list {documents} documents")
    result = []
    start = 0
    for number in range(plan_pages):
        folder, region = FOLDERS[number % len(FOLDERS)]
        count = documents // plan_pages + (1 if number < documents % plan_pages else 0)
        page_id = page_hex(f"page-{number}", 23)
        if number % 2:
            path = f"/{folder}/om-rcc-{folder}/uppfoljning-{number:03d}/"
            title = f"Uppföljning av cancerplanen {region} ({number})"
        else:
            path = f"/{folder}/om-rcc-{folder}/regional-cancerplan-{number:03d}.4.{page_id}.html"
            title = f"Regional cancerplan {region} ({number})"
        docs = tuple(
            _document(index, folder, region, path) for index in range(start, start + count)
        )
        start += count
        result.append(
            GeneratedPage(folder, path, title, f"4.{page_id}", docs, json_list=number % 10 == 9)
        )
    return result


def _document(index: int, folder: str, region: str, page: str) -> GeneratedDocument:
    year = 2016 + index % 10
    kind = KINDS[index % len(KINDS)]
    name = f"{kind} {region} {year}–{year + 2} nr {index}.pdf"
    node = f"18.{page_hex(f'node-{index}', 22)}"
    path = f"/download/{node}/{EPOCH_MS + index * 1000}/{name}"
    return GeneratedDocument(index, folder, page, path, name, 2 + index % 3, 20_261_207 + index)


def write_mirror(
    root: Path, documents: int = DOCUMENTS, pages: int = PAGES, cache: Path | None = None
) -> GeneratedMirror:
    """Write the mirror into ``root`` (emptied first); PDFs come from ``cache`` when there."""
    if root.exists():
        shutil.rmtree(root)
    site = root / HOST
    plan = layout(documents, pages)
    all_documents = [document for page in plan for document in page.documents]
    cache = cache or root.parent / f"{root.name}-pdfs"
    render_pdfs(all_documents, cache)
    written: list[str] = []
    for path, html in html_pages(plan):
        target = site / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        _write(target, html.encode())
        written.append(path)
    _write(site / "robots.txt", robots_txt().encode())
    _write(site / "sitemap.xml", sitemap_xml(plan).encode())
    for document in all_documents:
        target = site / document.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_cached(cache, document), target)
        os.utime(target, (FILE_MTIME, FILE_MTIME))
    return GeneratedMirror(root, written, plan, all_documents)


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    os.utime(target, (FILE_MTIME, FILE_MTIME))


def _cached(cache: Path, document: GeneratedDocument) -> Path:
    return cache / f"doc-{document.index:05d}-{document.pages}p-{document.seed}.pdf"


def render_pdfs(documents: list[GeneratedDocument], cache: Path) -> int:
    """Render the documents' PDFs missing from ``cache`` (two processes); return how many."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [d for d in documents if not _cached(cache, d).exists()]
    jobs = [
        [(str(_cached(cache, d)), d.pages, d.seed) for d in missing[i : i + _RENDER_CHUNK]]
        for i in range(0, len(missing), _RENDER_CHUNK)
    ]
    if jobs:
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_render_chunk, jobs))
    return len(missing)


def _render_chunk(chunk: list[tuple[str, int, int]]) -> None:
    from bench.corpus import render_document

    for path, pages, seed in chunk:
        target = Path(path)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(render_document(pages, seed))
        temporary.replace(target)


def change_document(mirror: GeneratedMirror, document: GeneratedDocument) -> Path:
    """Give one document new content at its URL, an hour newer, as a site would; return its file."""
    from bench.corpus import render_document

    target = mirror.file_of(document)
    mtime = target.stat().st_mtime + 3600
    target.write_bytes(render_document(document.pages, document.seed + 1_000_000_007))
    os.utime(target, (mtime, mtime))
    return target
