"""Generate the offline mirror: ``python -m rcc_archive.mirror.build [--out DIR]``.

Reads the page and document modules of ``mirror``; writes ``mirror/site/`` (or ``--out``)
from scratch in the layout ``wget --mirror`` uses: ``HOST/PATH``, a URL ending in "/" as
that folder's ``index.html``, percent-encoded names decoded to real file names. Every run
writes the same bytes, so the committed copy can be checked against the generator.
It also renders the documents the "month later" state adds or changes (``mirror.later.RENDERED``)
into ``mirror/later_files/`` (or ``--later-out``), same layout, so ``mirror.later`` needs no
reportlab at run time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from rcc_archive.mirror import SITE_DIR, pages_rcc, pages_sitevision, pages_sos
from rcc_archive.mirror.assets import RCC_CSS, ROBOTS, SOS_CSS, png_bytes, xlsx_bytes
from rcc_archive.mirror.catalogue import BY_KEY, DOCS
from rcc_archive.mirror.documents import Doc
from rcc_archive.mirror.html import FOLDERS, PLAN_PAGE
from rcc_archive.mirror.later import LATER_FILES_DIR, RENDERED
from rcc_archive.mirror.pages_subpages import VAST_SITEVISION
from rcc_archive.mirror.pdfs import render_pdf

HOSTS = ("cancercentrum.se", "www.cancercentrum.se", "www.socialstyrelsen.se")
PURPLE, WHITE, BLUE, GREY = (60, 31, 92), (246, 243, 250), (0, 91, 127), (225, 232, 236)
IMAGES = {
    "cancercentrum.se/globalassets/cancerplaner/syd/cancerplansyd_23-25.png": (
        60,
        85,
        WHITE,
        PURPLE,
    ),
    "cancercentrum.se/globalassets/vara-uppdrag/strategisk-utvecklingsplan/vast/omslag-en-annu-battre-cancervard.png": (
        60,
        85,
        WHITE,
        (0, 120, 110),
    ),
    "cancercentrum.se/globalassets/vara-uppdrag/strategisk-utvecklingsplan/vast/mindmapping.png": (
        80,
        55,
        WHITE,
        (200, 120, 40),
    ),
    "www.socialstyrelsen.se/globalassets/bilder/nyheter/vardpersonal-uppdragslador.png": (
        96,
        54,
        GREY,
        BLUE,
    ),
    "www.socialstyrelsen.se/globalassets/bilder/publikationer/2023-9-8752-omslag.png": (
        60,
        85,
        WHITE,
        BLUE,
    ),
}


# The pages the sitemap lists: the start pages and plan pages, the SiteVision pages, and
# Syd's page that no page links (only the sitemap finds it).
SITEMAP_PAGES = [
    "/",
    *(f"/{folder}/" for folder, _ in FOLDERS),
    *(f"/{folder}/{PLAN_PAGE}" for folder, _ in FOLDERS),
    VAST_SITEVISION,
    pages_sitevision.SYDOST_PAGE,
    pages_sitevision.MELL_PAGE,
    pages_sitevision.SYD_PAGE,
]


def site_files() -> dict[str, bytes]:
    """Return every file of the mirror as {relative path: bytes}."""
    files: dict[str, bytes] = {}
    for host, host_pages in (
        ("cancercentrum.se", pages_rcc.pages()),
        ("www.socialstyrelsen.se", pages_sos.pages()),
    ):
        for url_path, html in host_pages:
            files[page_file(host, url_path)] = html.encode("utf-8")
        files[f"{host}/robots.txt"] = ROBOTS[host].encode("ascii")
    for host, url_path, html in pages_sitevision.pages():
        files[page_file(host, url_path)] = html.encode("utf-8")
    files.update(pages_sitevision.sitemaps(SITEMAP_PAGES))
    files.update(pages_sitevision.redirects())
    files["cancercentrum.se/static/css/rcc.css"] = RCC_CSS.encode("utf-8")
    files["www.socialstyrelsen.se/static/css/sos.css"] = SOS_CSS.encode("utf-8")
    for path, (width, height, colour, band) in IMAGES.items():
        files[path] = png_bytes(width, height, colour, band)
    rendered: dict[str, bytes] = {}
    for doc in DOCS:
        files[doc.path] = rendered.setdefault(doc.key, document_bytes(doc, rendered))
    return files


def document_bytes(doc: Doc, rendered: dict[str, bytes]) -> bytes:
    """Render one document; a ``same_as`` copy reuses the other document's bytes."""
    if doc.same_as:
        original = BY_KEY[doc.same_as]
        return rendered.setdefault(original.key, document_bytes(original, rendered))
    if doc.layout == "xlsx":
        return xlsx_bytes(doc)
    return render_pdf(doc)


def page_file(host: str, url_path: str) -> str:
    """Map a page's URL path to its file as wget names it (``/a/`` → ``a/index.html``).

    A query stays in the name after a literal "?" (``/a/?folder=19.x`` → ``a/index.html?folder=19.x``).
    """
    path, mark, query = url_path.partition("?")
    if not path.startswith("/") or ".." in path.split("/") or "/" in query:
        raise ValueError(f"page path must be absolute and plain: {url_path!r}")
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return f"{host}/{relative}{mark}{query}"


def later_files() -> dict[str, bytes]:
    """Return the files the later mirror adds or changes as {relative path: bytes}."""
    return {doc.path: render_pdf(doc) for doc in RENDERED}


def build_site(out: Path = SITE_DIR) -> list[Path]:
    """Write the mirror into ``out`` from scratch and return the files written."""
    return _write_hosts(Path(out), site_files())


def build_later_files(out: Path = LATER_FILES_DIR) -> list[Path]:
    """Write the later mirror's new files into ``out`` from scratch and return them."""
    return _write_hosts(Path(out), later_files())


def _write_hosts(out: Path, files: dict[str, bytes]) -> list[Path]:
    if out.exists():
        unexpected = {entry.name for entry in out.iterdir()} - set(HOSTS)
        if unexpected:
            raise RuntimeError(
                f"{out} holds more than a mirror ({sorted(unexpected)[:3]}); not clearing it"
            )
        for host in HOSTS:
            shutil.rmtree(out / host, ignore_errors=True)
    written = []
    for relative, data in sorted(files.items()):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild the mirror and print what was written."""
    parser = argparse.ArgumentParser(
        prog="python -m rcc_archive.mirror.build", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out", type=Path, default=SITE_DIR, help=f"target folder (default {SITE_DIR})"
    )
    parser.add_argument(
        "--later-out",
        type=Path,
        default=LATER_FILES_DIR,
        help=f"folder for the later mirror's new files (default {LATER_FILES_DIR})",
    )
    args = parser.parse_args(argv)
    for out, build in ((args.out, build_site), (args.later_out, build_later_files)):
        written = build(out)
        size = sum(path.stat().st_size for path in written)
        print(f"wrote {len(written)} files, {size / 1024:.0f} KiB, to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
