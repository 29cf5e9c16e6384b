"""The bundled mirror "a month later", for a second crawl: ``python -m rcc_archive.mirror.later --out DIR``.

Reads ``mirror/site/`` (or another built mirror); writes a copy of it into a new folder, hard
links for every unchanged file (a copy where hard links are impossible), and four changes on
top, the ones a month brings to the real sites:

- **replaced**: Sydöst's plan gets a new version under its SiteVision node: the file moves from
  ``/download/18.…01/1735000000000/…`` to ``/download/18.…01/1738300000000/…`` with new bytes
  (a revised cover), the page links the new URL, and the old URL answers 301 to it
  (``_redirects``);
- **edited**: a visible sentence on the Stockholm Gotland 2024–2027 page changes;
- **removed**: Sydöst's annex is unlinked from its page and its file is gone (404);
- **added**: a new follow-up appears in Sydöst's file list.

Changed files are written fresh (never through a hard link), so the source stays as it was.
The two new PDFs are not rendered here: ``python -m rcc_archive.mirror.build`` renders ``RENDERED`` into
``mirror/later_files/`` (``HOST/PATH``, as in ``mirror/site/``), committed and installed as
package data, and this module copies those bytes, so an installed wheel (without reportlab,
the ``mirror`` extra) still writes the later state. Pages and ``_redirects`` are edited as text.
``CHANGES`` names every URL involved, for tests and the two-crawl demo.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.catalogue import doc
from rcc_archive.mirror.documents import CC, Doc
from rcc_archive.mirror.documents_sitevision import SYDOST_NODE, SYDOST_PLAN_MS, SYDOST_PLAN_NAME
from rcc_archive.mirror.pages_sitevision import SYDOST_PAGE, SYDOST_PRINT, download_href
from rcc_archive.mirror.pages_subpages import SG_SUBPAGE

LATER_MS = "1738300000000"
PLAN = doc("sydost_plan_2025")
REVISED_PLAN = replace(
    PLAN,
    path=f"{CC}/download/{SYDOST_NODE}/{LATER_MS}/{SYDOST_PLAN_NAME}",
    date="2025-01-31",
    subtitle="Reviderad version 31 januari 2025",
)
REMOVED = doc("sydost_bilaga_2025")
ADDED = Doc(
    "sydost_uppf_2025_q1",
    f"{CC}/download/18.3c5e7a9b18f1d2e3a4b5c05/1738400000000/Uppföljning cancerplan Sydöst januari 2025.pdf",
    "Uppföljning cancerplan Sydöst januari 2025",
    "RCC Sydöst",
    "sydost",
    "uppfoljning",
    "2025–2027",
    year="2025",
    date="2025-02-01",
)
RENDERED: tuple[Doc, ...] = (REVISED_PLAN, ADDED)
"""The documents whose bytes the later state adds or changes; ``mirror.build`` renders them."""
LATER_FILES_DIR = Path(__file__).resolve().parent / "later_files"
"""The committed bytes of ``RENDERED`` (``HOST/PATH``), written by ``python -m rcc_archive.mirror.build``."""
SENTENCE_BEFORE = "Planen pekar ut fem prioriterade områden:"
SENTENCE_AFTER = "Planen pekar ut sex prioriterade områden, med jämlik vård som det nya sjätte:"


def _url(document: Doc) -> str:
    return "https://" + document.path.partition("/")[0] + download_href_of(document)


def download_href_of(document: Doc) -> str:
    """The root-relative, percent-encoded href of a document file."""
    return "/" + quote(document.path.partition("/")[2], safe="/-._~")


CHANGES: dict[str, str] = {
    "replaced_old_url": _url(PLAN),
    "replaced_new_url": _url(REVISED_PLAN),
    "edited_page_url": f"https://{CC}{SG_SUBPAGE}",
    "edited_sentence": SENTENCE_AFTER,
    "removed_url": _url(REMOVED),
    "added_url": _url(ADDED),
    "changed_page_url": f"https://{CC}{SYDOST_PAGE}",
}


def build_later_site(
    dest: Path, source: Path = SITE_DIR, later_files: Path = LATER_FILES_DIR
) -> Path:
    """Write the "month later" mirror into ``dest`` (new or empty) and return ``dest``.

    ``source`` is the built mirror, ``later_files`` the rendered new documents (``RENDERED``).
    """
    dest, source, later_files = Path(dest), Path(source), Path(later_files)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty; the later mirror needs a folder of its own")
    if not (source / CC).is_dir():
        raise FileNotFoundError(f"{source} holds no built mirror (no {CC}/ folder)")
    # Read every new document before writing anything, so a missing one leaves no half mirror.
    new_bytes = {document.key: _rendered(later_files, document) for document in RENDERED}
    _link_tree(source, dest)
    host = dest / CC
    old_href, new_href = download_href(PLAN.key), download_href_of(REVISED_PLAN)
    _remove(dest / PLAN.path)
    for document in RENDERED:
        _write(dest / document.path, new_bytes[document.key])
    _remove(dest / REMOVED.path)
    rules = (host / "_redirects").read_text(encoding="utf-8")
    rules += f"# Sydöst's plan replaced under node {SYDOST_NODE} ({SYDOST_PLAN_MS} → {LATER_MS}).\n"
    _write(host / "_redirects", (rules + f"{old_href} {new_href} 301\n").encode("utf-8"))
    removed_item = next(
        line for line in _page(host, SYDOST_PAGE).splitlines() if download_href(REMOVED.key) in line
    )
    added_item = (
        f'<li class="sv-file-portlet-file"><a href="{download_href_of(ADDED)}" class="normal">'
        f'{ADDED.title}<span class="env-assistive-text"> Pdf, 63.4 kB.</span></a></li>'
    )
    for page in (SYDOST_PAGE, SYDOST_PRINT):
        _edit(host, page, old_href, new_href)
        _edit(host, page, " Pdf, 97.3 kB.", " Pdf, 98.1 kB.")
        _edit(host, page, removed_item, added_item)
    _edit(host, SG_SUBPAGE, SENTENCE_BEFORE, SENTENCE_AFTER)
    return dest


def _rendered(later_files: Path, document: Doc) -> bytes:
    path = later_files / document.path
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: run `python -m rcc_archive.mirror.build` to render the later mirror's files"
        )
    return path.read_bytes()


def _link_tree(source: Path, dest: Path) -> None:
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copy2(path, target)


def _page_file(host: Path, url_path: str) -> Path:
    path, mark, query = url_path.partition("?")
    name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    return host / (name + mark + query)


def _page(host: Path, url_path: str) -> str:
    return _page_file(host, url_path).read_text(encoding="utf-8")


def _edit(host: Path, url_path: str, old: str, new: str) -> None:
    """Replace one exact piece of a page; anything else means the mirror changed under us."""
    text = _page(host, url_path)
    if text.count(old) != 1:
        raise RuntimeError(f"{url_path}: expected {old[:60]!r} once, found {text.count(old)}")
    _write(_page_file(host, url_path), text.replace(old, new).encode("utf-8"))


def _remove(path: Path) -> None:
    path.unlink()
    for parent in path.parents:  # drop folders the removal left empty, as a fresh wget run would
        if parent.name in (CC, "") or any(parent.iterdir()):
            break
        parent.rmdir()


def _write(path: Path, data: bytes) -> None:
    # Unlink first: the file may be a hard link to the source mirror, which must not change.
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the later mirror and say what changed."""
    parser = argparse.ArgumentParser(
        prog="python -m rcc_archive.mirror.later", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, required=True, help="new folder for the later mirror")
    parser.add_argument(
        "--source", type=Path, default=SITE_DIR, help=f"built mirror (default {SITE_DIR})"
    )
    args = parser.parse_args(argv)
    build_later_site(args.out, args.source)
    print(f"wrote the later mirror to {args.out}")
    for name, value in CHANGES.items():
        print(f"  {name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
