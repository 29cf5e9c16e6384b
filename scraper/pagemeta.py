"""Read what a plan page says about itself: title, main text, footer dates and names.

Reads an lxml HTML tree; writes nothing. Layouts differ by era (EPiServer footers with
"Gemensam information uppdaterad: 16 augusti 2017", news pages that start "Sidan
publicerades 12 mars 2021", Socialstyrelsen's "Publicerad: 2023-10-04"), so every field
is found by its words in the page text; a ``span.date`` that says "Publicerad" is read
first, so a later "Publicerad" in a list of other publications cannot win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html

from rcc_archive.archive.catalogue import PageRecord

_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}
_SWEDISH_DATE = r"(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})"
_ISO_DATE = r"(\d{4})-(\d{2})-(\d{2})"

_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "dd",
    "dt",
    "blockquote",
    "figure",
    "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}
_MAIN_XPATHS = (
    "//main",
    "//*[@role='main']",
    "//*[@id='main-content']",
    "//*[@id='content']",
    "//article",
    "//body",
)


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself."""

    title: str
    text: str
    common_updated: str | None
    regional_updated: str | None
    fact_owner: str | None
    editor: str | None
    published: str | None


def parse_html(body: str) -> html.HtmlElement:
    """Parse HTML leniently (broken markup still gives a tree)."""
    if not body.strip():
        body = "<html></html>"
    return html.document_fromstring(body)


def swedish_date_to_iso(text: str) -> str | None:
    """Turn "16 augusti 2017" (or "2017-08-16") into "2017-08-16"."""
    match = re.search(_SWEDISH_DATE, text, re.IGNORECASE)
    if match:
        day, month, year = match.groups()
        return f"{int(year):04d}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"
    match = re.search(_ISO_DATE, text)
    if match:
        return "-".join(match.groups())
    return None


def block_text(element: html.HtmlElement) -> str:
    """Return an element's visible text with one line per block element."""
    pieces: list[str] = []

    def walk(node: html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            if node.tail:
                pieces.append(node.tail)
            return
        if tag in _BLOCK_TAGS:
            pieces.append("\n")
        if node.text:
            pieces.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            pieces.append("\n")
        if node.tail:
            pieces.append(node.tail)

    walk(element)
    lines = (
        re.sub(r"[ \t\u00a0\r\f\v]+", " ", line).strip() for line in "".join(pieces).split("\n")
    )
    return "\n".join(line for line in lines if line)


def main_element(root: html.HtmlElement) -> html.HtmlElement:
    """Return the element that holds the page's main content (the body as a last resort)."""
    for xpath in _MAIN_XPATHS:
        found = root.xpath(xpath)
        if found:
            return found[0]
    return root


def page_title(root: html.HtmlElement) -> str:
    """Return the page's own heading, or its <title> without the site name."""
    for heading in root.xpath("//main//h1 | //*[@role='main']//h1 | //h1"):
        text = " ".join(heading.text_content().split())
        if text:
            return text
    title = root.findtext(".//title") or ""
    title = " ".join(title.split())
    return re.split(r"\s+[-|–]\s+(?=[^-|–]*$)", title)[0] if title else ""


def _after(label: str, text: str) -> str | None:
    match = re.search(label + r"\s*:?\s*(.+)", text, re.IGNORECASE)
    return match.group(1).strip() if match else None


def _dated_span(root: html.HtmlElement) -> str | None:
    # Socialstyrelsen's publication pages: <span class="date">Publicerad: 2023-10-04</span>.
    for span in root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' date ')]"):
        found = _after(r"Publicerad", " ".join(span.text_content().split()))
        if found:
            return found
    return None


def parse_page_meta(root: html.HtmlElement) -> PageMeta:
    """Read title, main text and the footer dates and names of a page."""
    full_text = block_text(root.find("body") if root.find("body") is not None else root)
    common = _after(r"Gemensam information uppdaterad", full_text)
    regional = _after(r"Regional information uppdaterad", full_text)
    published = (
        _dated_span(root)
        or _after(r"Sidan publicerades", full_text)
        or _after(r"Publicerad", full_text)
    )
    return PageMeta(
        title=page_title(root),
        text=block_text(main_element(root)),
        common_updated=swedish_date_to_iso(common) if common else None,
        regional_updated=swedish_date_to_iso(regional) if regional else None,
        fact_owner=_after(r"(?:Regional\s+)?fakta[äa]gare", full_text),
        editor=_after(r"(?:Regionalt\s+)?ansvarig\s+redakt[öo]r", full_text),
        published=swedish_date_to_iso(published) if published else None,
    )


def page_record(url: str, body: bytes, region: str | None, meta: PageMeta) -> PageRecord:
    """Return what the archive keeps of a page: its bytes and what it says about itself."""
    return PageRecord(
        url=url,
        body=body,
        region=region,
        title=meta.title,
        text=meta.text,
        common_updated=meta.common_updated,
        regional_updated=meta.regional_updated,
        fact_owner=meta.fact_owner,
        editor=meta.editor,
        published=meta.published,
    )
