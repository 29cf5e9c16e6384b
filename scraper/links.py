"""Find the links on a page and say where each sits: heading path, region, document or page.

Reads an lxml HTML tree and the page's real URL; writes nothing. Links come from ``<a
href>`` and from the JSON in inline scripts (``scraper.inline_json``), so a list rendered
by JavaScript counts as much as one written in HTML. No rule depends on one site layout:
the region of a link comes from the page section it sits in — a container that an
in-page region selector points at, a ``data-region``/id naming a region, or a heading
naming one — and only on single-region pages from the page's folder. The work per page
is bounded (links, parse time), and a bound that cuts a page short says so in the notes.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from lxml import html

from rcc_archive.archive.regions import normalise_slug, region_named_by
from rcc_archive.archive.titles import clean_title
from rcc_archive.scraper.inline_json import JsonLimits, script_links
from rcc_archive.scraper.pagemeta import page_title
from rcc_archive.scraper.publications import (
    article_number_in_url,
    is_main_document,
    is_publication_page,
    page_article_number,
)
from rcc_archive.scraper.sections import walk_sections
from rcc_archive.scraper.urls import canonical_url, is_allowed, looks_like_document

_PLAN_WORDS = re.compile(
    r"cancerplan|utvecklingsplan|strategisk|uppf[öo]ljning|processplan|handlingsplan"
    r"|v[äa]gen[\s_-]+fram[åa]t|regionala?[\s_-]+cancer|analys[\s_-]+av[\s_-]+utvecklingen"
    r"|mal-och-inriktning|m[åa]l och inriktning",
    re.IGNORECASE,
)
# Labels that say how to get a file, not what it is: the page's heading names it instead.
_GENERIC_LABEL = re.compile(
    r"^(?:öppna|ladda\s+ner|hämta|läs|visa|download)(?:\s+\w+){0,2}$|^(?:pdf|här|länk)$",
    re.IGNORECASE,
)
# Screen-reader text and icons inside a link are not part of what it is called.
_ASSISTIVE_CLASSES = {"env-assistive-text", "sv-assistive-text"}
_SILENT_TAGS = {"svg", "script", "style", "template"}


@dataclass(frozen=True)
class LinkLimits:
    """Bounds on the work spent finding one page's links."""

    max_links: int = 5_000  # <a href> links taken, in document order
    max_seconds: float = 30.0  # for the section walk (0: no limit)
    json: JsonLimits = field(default_factory=JsonLimits)


@dataclass(frozen=True)
class FoundLink:
    """One link on a page, resolved to its canonical real URL."""

    url: str
    text: str
    title: str
    section: str
    region: str | None
    is_document: bool
    allowed: bool
    via: str = "a"  # "a" for an <a href>, "json" for a link in an inline script
    article_number: str | None = None


@dataclass
class LinkScan:
    """A page's links and what, if anything, cut the scan short."""

    links: list[FoundLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    visits: int = 0  # elements the section walk entered


def _text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _silent(element: html.HtmlElement) -> bool:
    if element.tag in _SILENT_TAGS:
        return True
    return bool(_ASSISTIVE_CLASSES.intersection((element.get("class") or "").split()))


def link_text(anchor: html.HtmlElement) -> str:
    """Return a link's visible text: without screen-reader text, icons or scripts."""
    pieces = []
    for piece in anchor.xpath(".//text()"):
        node = piece.getparent()
        if piece.is_tail and node is not None:
            node = node.getparent()
        while node is not None and node is not anchor and not _silent(node):
            node = node.getparent()
        if node is anchor:
            pieces.append(str(piece))
    return " ".join("".join(pieces).split())


def _region_targets(root: html.HtmlElement) -> dict[str, str]:
    """Map element ids to regions, from in-page links whose text names one region."""
    targets: dict[str, str] = {}
    for anchor in root.xpath("//a[starts-with(@href, '#')]"):
        region = region_named_by(_text(anchor))
        target = anchor.get("href", "")[1:]
        if region and target:
            targets[target] = region
    labelled = root.xpath("//*[@aria-labelledby]")
    if labelled:
        # One map of ids, not one search of the tree per labelled element.
        by_id = {el.get("id"): el for el in root.xpath("//*[@id]")}
        for element in labelled:
            label = by_id.get(element.get("aria-labelledby"))
            if label is not None:
                region = region_named_by(_text(label))
                if region and element.get("id"):
                    targets[element.get("id")] = region
    return targets


def _is_multi_region(root: html.HtmlElement, targets: dict[str, str]) -> bool:
    regions = set(targets.values())
    regions.update(
        slug
        for el in root.xpath("//*[@data-region]")
        if (slug := normalise_slug(el.get("data-region")))
    )
    if len(regions) >= 2:
        return True
    named = {region_named_by(_text(h)) for h in root.xpath("//h2")}
    named.discard(None)
    return len(named) >= 2


def page_region(url: str) -> str | None:
    """Return the region whose folder a page sits in (None for national pages)."""
    first = urlsplit(url).path.strip("/").split("/")[0]
    return normalise_slug(first)


class _Page:
    """What every link on one page shares: its URL, heading, region rules and section texts."""

    def __init__(self, root: html.HtmlElement, page_url: str, targets: dict[str, str]) -> None:
        self.url = page_url
        self.multi = _is_multi_region(root, targets)
        self.heading = page_title(root)
        self.region = page_region(page_url)
        self.article_number = (
            page_article_number(root, page_url) if is_publication_page(page_url) else None
        )
        self._texts: dict[int, str] = {}

    def section(self, headings: tuple[html.HtmlElement, ...]) -> tuple[str, list[str]]:
        texts = []
        for heading in headings:
            key = id(heading)
            if key not in self._texts:
                self._texts[key] = _text(heading)
            if self._texts[key]:
                texts.append(self._texts[key])
        return " > ".join(texts), texts

    def link(
        self,
        url: str,
        text: str,
        headings: tuple[html.HtmlElement, ...],
        container_region: str | None,
        **extra: object,
    ) -> FoundLink:
        title = clean_title(text) if text else ""
        if self.heading and (not title or _GENERIC_LABEL.match(title)):
            title = self.heading
        section, texts = self.section(headings)
        if self.multi:
            region = container_region or next(
                (r for t in reversed(texts) if (r := region_named_by(t))), None
            )
        else:
            region = self.region
        return FoundLink(
            url=url,
            text=text,
            title=title,
            section=section,
            region=region,
            is_document=looks_like_document(url, text),
            allowed=is_allowed(url),
            **extra,  # type: ignore[arg-type]
        )


def scan_links(root: html.HtmlElement, page_url: str, limits: LinkLimits | None = None) -> LinkScan:
    """Return every http(s) link on a page, from anchors and inline JSON, with its place."""
    limits = limits or LinkLimits()
    targets = _region_targets(root)
    page = _Page(root, page_url, targets)
    deadline = time.monotonic() + limits.max_seconds if limits.max_seconds else None
    walk = walk_sections(
        root,
        lambda el: el.tag in ("a", "script"),
        targets=targets,
        max_links=limits.max_links,
        deadline=deadline,
    )
    scan = LinkScan(visits=walk.visits)
    scripts = {}
    for placed in walk.placed:
        element = placed.element
        if element.tag == "script":
            scripts[element] = placed
            continue
        href = element.get("href")
        if href is None or href.startswith("#"):
            continue
        url = canonical_url(href, page_url)
        if url is None:
            continue
        text = link_text(element) or (element.get("title") or "").strip()
        number = page.article_number if is_main_document(element) else None
        scan.links.append(
            page.link(
                url,
                text,
                placed.headings,
                placed.container_region,
                article_number=number or article_number_in_url(url),
            )
        )
    if walk.stopped:
        total = int(root.xpath("count(//a[@href])"))
        taken = sum(1 for placed in walk.placed if placed.element.tag == "a")
        scan.notes.append(
            f"{page_url}: {walk.stopped} ({total} in all); only the first {taken} were taken"
        )
    found = script_links(list(scripts), limits.json)
    scan.notes.extend(f"{page_url}: {note}" for note in found.notes)
    for json_link in found.links:
        url = canonical_url(json_link.href, page_url)
        if url is None:
            continue
        placed = scripts[json_link.script]
        number = json_link.extra.get("articleNumber") or article_number_in_url(url)
        scan.links.append(
            page.link(
                url,
                json_link.title,
                placed.headings,
                placed.container_region,
                via="json",
                article_number=number,
            )
        )
    return scan


def extract_links(root: html.HtmlElement, page_url: str) -> list[FoundLink]:
    """Return every http(s) link on a page with its heading path and region."""
    return scan_links(root, page_url).links


def is_plan_text(text: str) -> bool:
    """Tell whether a URL, title or label is about plans."""
    return bool(_PLAN_WORDS.search(text or ""))


def is_plan_link(link: FoundLink) -> bool:
    """Tell whether a page link is about plans (by its URL or its text) and worth following."""
    return is_plan_text(link.url) or is_plan_text(link.text)


def is_folder_link(url: str) -> bool:
    """Tell whether a URL opens a folder of a SiteVision file portlet (``?folder=19.…``)."""
    values = parse_qs(urlsplit(url).query).get("folder", [])
    return any(value.startswith("19.") for value in values)
