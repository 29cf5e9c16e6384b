"""Find the links on a page and say where each sits: heading path, region, document or page.

Reads an lxml HTML tree and the page's real URL; writes nothing. No rule depends on one
site layout: the region of a link comes from the page section it sits in — a container
that an in-page region selector points at, a ``data-region``/id naming a region, or a
heading naming one — and only on single-region pages from the page's folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import html

from archive.regions import normalise_slug, region_named_by
from archive.titles import clean_title
from scraper.pagemeta import page_title
from scraper.urls import canonical_url, is_allowed, looks_like_document

_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CHROME_TAGS = {"nav", "header", "footer"}
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


def _text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _heading_level(element: html.HtmlElement) -> int | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _HEADING_TAGS:
        return _HEADING_TAGS[tag]
    if element.get("role") == "heading":
        try:
            return int(element.get("aria-level", "2"))
        except ValueError:
            return 2
    return None


def _last_heading_in(element: html.HtmlElement) -> html.HtmlElement | None:
    # A wrapper that only holds a heading (SiteVision puts each heading in its own
    # portlet) counts; a wrapper holding links is another section, so it does not.
    if element.xpath(".//a[@href]"):
        return None
    headings = [el for el in element.iter() if _heading_level(el) is not None]
    return headings[-1] if headings else None


def heading_path(link: html.HtmlElement) -> list[html.HtmlElement]:
    """Return the headings above a link in its own section, outermost first (no h1)."""
    path: list[html.HtmlElement] = []
    ceiling = 7
    node = link
    while node is not None and ceiling > 2:
        sibling = node.getprevious()
        while sibling is not None and ceiling > 2:
            if isinstance(sibling.tag, str) and sibling.tag not in _CHROME_TAGS:
                heading = sibling if _heading_level(sibling) is not None else None
                if heading is None:
                    heading = _last_heading_in(sibling)
                if heading is not None:
                    level = _heading_level(heading) or 7
                    if 1 < level < ceiling:
                        path.append(heading)
                        ceiling = level
            sibling = sibling.getprevious()
        node = node.getparent()
    path.reverse()
    return path


def _region_targets(root: html.HtmlElement) -> dict[str, str]:
    """Map element ids to regions, from in-page links whose text names one region."""
    targets: dict[str, str] = {}
    for anchor in root.xpath("//a[starts-with(@href, '#')]"):
        region = region_named_by(_text(anchor))
        target = anchor.get("href", "")[1:]
        if region and target:
            targets[target] = region
    for element in root.xpath("//*[@aria-labelledby]"):
        label = root.get_element_by_id(element.get("aria-labelledby"), None)
        if label is not None:
            region = region_named_by(_text(label))
            if region and element.get("id"):
                targets[element.get("id")] = region
    return targets


def _container_region(link: html.HtmlElement, targets: dict[str, str]) -> str | None:
    for ancestor in link.iterancestors():
        element_id = ancestor.get("id")
        if element_id and element_id in targets:
            return targets[element_id]
        for attribute in ("data-region", "data-rcc"):
            slug = normalise_slug(ancestor.get(attribute))
            if slug:
                return slug
    return None


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


def extract_links(root: html.HtmlElement, page_url: str) -> list[FoundLink]:
    """Return every http(s) link on a page with its heading path and region."""
    targets = _region_targets(root)
    multi = _is_multi_region(root, targets)
    heading = page_title(root)
    own_region = page_region(page_url)
    found: list[FoundLink] = []
    for anchor in root.xpath("//a[@href]"):
        href = anchor.get("href", "")
        if href.startswith("#"):
            continue
        url = canonical_url(href, page_url)
        if url is None:
            continue
        text = _text(anchor) or (anchor.get("title") or "").strip()
        title = clean_title(text) if text else ""
        if heading and (not title or _GENERIC_LABEL.match(title)):
            title = heading
        headings = heading_path(anchor)
        section = " > ".join(_text(h) for h in headings if _text(h))
        if multi:
            region = _container_region(anchor, targets)
            if region is None:
                region = next(
                    (r for h in reversed(headings) if (r := region_named_by(_text(h)))), None
                )
        else:
            region = own_region
        found.append(
            FoundLink(
                url=url,
                text=text,
                title=title,
                section=section,
                region=region,
                is_document=looks_like_document(url, text),
                allowed=is_allowed(url),
            )
        )
    return found


def is_plan_link(link: FoundLink) -> bool:
    """Tell whether a page link is about plans (by its URL or its text) and worth following."""
    return bool(_PLAN_WORDS.search(link.url) or _PLAN_WORDS.search(link.text))
