"""Recognise Socialstyrelsen's publication pages and the article numbers that name them.

Reads URLs and lxml HTML trees; writes nothing. Today a publication lives at
``/publikationer/<slug>-<artnr>/`` with its PDF behind ``a.publication-wrapper__main-doc``
(``a.publication-hero__download`` in the 2021 layout); its article number ("2023-9-8752")
names the document in every era, also in the old ``/globalassets/…/artikelkatalog/…/<artnr>.pdf``
links that now redirect to the publication page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

_ARTICLE = r"\d{4}-\d{1,2}-\d{1,5}"
_PUBLICATION_PATH = re.compile(rf"^/publikationer/[^/]+-({_ARTICLE})/?$")
_ARTICLE_FILE = re.compile(rf"/({_ARTICLE})\.pdf$", re.IGNORECASE)
_ARTICLE_TEXT = re.compile(rf"Artikelnummer\s*:?\s*({_ARTICLE})", re.IGNORECASE)
_MAIN_DOC_CLASSES = ("publication-wrapper__main-doc", "publication-hero__download")
_MAIN_DOC_XPATH = " | ".join(
    f"//a[@href][contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    for name in _MAIN_DOC_CLASSES
)


@dataclass(frozen=True)
class PublicationDocument:
    """The main document of a publication page and the article number it keeps."""

    url: str
    link_text: str
    article_number: str | None


def is_publication_page(url: str) -> bool:
    """Tell whether a URL is a publication page (``/publikationer/<slug>-<artnr>/``)."""
    return bool(_PUBLICATION_PATH.match(urlsplit(url).path))


def article_number_in_url(url: str) -> str | None:
    """Return the article number a publication page's or a PDF's URL carries, if any."""
    path = unquote(urlsplit(url).path)
    found = _PUBLICATION_PATH.match(path) or _ARTICLE_FILE.search(path)
    return found.group(1) if found else None


def page_article_number(root: html.HtmlElement, url: str) -> str | None:
    """Return a publication page's article number: its "Artikelnummer:" line, else its URL."""
    for text in root.xpath("//body//text()[contains(., 'rtikelnummer')]"):
        parent = text.getparent()
        line = " ".join((parent.text_content() if parent is not None else str(text)).split())
        found = _ARTICLE_TEXT.search(line)
        if found:
            return found.group(1)
    return article_number_in_url(url)


def is_main_document(anchor: html.HtmlElement) -> bool:
    """Tell whether an anchor is a publication page's main document link."""
    classes = (anchor.get("class") or "").split()
    return any(name in classes for name in _MAIN_DOC_CLASSES)


def publication_document(
    root: html.HtmlElement, page_url: str, linked_url: str | None = None
) -> PublicationDocument | None:
    """Return the main document of a publication page, or None if the page is not one.

    ``linked_url`` is the URL that led here (an old artikelkatalog PDF link): its article
    number is kept when the page does not state one.
    """
    anchors = root.xpath(_MAIN_DOC_XPATH)
    if not anchors:
        return None
    anchor = anchors[0]
    number = page_article_number(root, page_url) or (
        article_number_in_url(linked_url) if linked_url else None
    )
    text = " ".join(anchor.text_content().split())
    return PublicationDocument(urljoin(page_url, anchor.get("href", "")), text, number)
