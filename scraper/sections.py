"""Say which section of a page each link sits in, in one pass over the tree.

Reads an lxml HTML tree; writes nothing. A link's section is the path of headings above it
in its own part of the page: the headings among the earlier siblings of the link and of
each of its ancestors, a wrapper that holds only a heading (SiteVision puts each heading
in its own portlet, perhaps with a "Tillbaka" link) counting as that heading, and a
wrapper that holds document links being another section whose headings do not carry
over (so the heading stack starts afresh in each ``div.regional-content`` or file list). Page chrome (nav, header, footer) never gives a
heading. The walk visits each element twice (start and end) and keeps at most five
headings per open element, so a page of N elements costs O(N), not O(links × N).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree, html

from rcc_archive.archive.regions import normalise_slug
from rcc_archive.scraper.urls import looks_like_document

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
CHROME_TAGS = {"nav", "header", "footer"}
# How often (in elements) the walk looks at the clock; the clock is cheap, but not free.
_CLOCK_EVERY = 1024


def heading_level(element: html.HtmlElement) -> int | None:
    """Return an element's heading level (h1-h6, or role=heading with aria-level), else None."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in HEADING_TAGS:
        return HEADING_TAGS[tag]
    if element.get("role") == "heading":
        try:
            return int(element.get("aria-level", "2"))
        except ValueError:
            return 2
    return None


@dataclass(frozen=True)
class Placed:
    """An element the walk was asked about, with its heading path and container region."""

    element: html.HtmlElement
    headings: tuple[html.HtmlElement, ...]  # outermost first, no h1
    container_region: str | None  # from the nearest ancestor that names one


@dataclass
class Walk:
    """What one walk found, and whether a bound stopped it early."""

    placed: list[Placed] = field(default_factory=list)
    visits: int = 0  # elements entered
    links: int = 0  # anchors with an href entered
    stopped: str | None = None  # why the walk stopped before the end of the page


@dataclass
class _Frame:
    scope: list[tuple[int, html.HtmlElement]]  # heading stack seen from inside this element
    region: str | None
    has_document: bool = False  # a document <a href> somewhere below (not the element itself)
    last_heading: html.HtmlElement | None = None  # last heading in the subtree, document order


def _push(scope: list[tuple[int, html.HtmlElement]], heading: html.HtmlElement) -> None:
    level = heading_level(heading) or 7
    if not 1 < level < 7:
        return  # h1 is the page title, not a section; odd aria-levels say nothing
    while scope and scope[-1][0] >= level:
        scope.pop()
    scope.append((level, heading))


def _own_region(element: html.HtmlElement, targets: dict[str, str]) -> str | None:
    element_id = element.get("id")
    if element_id and element_id in targets:
        return targets[element_id]
    for attribute in ("data-region", "data-rcc"):
        slug = normalise_slug(element.get(attribute))
        if slug:
            return slug
    return None


def _is_link(element: html.HtmlElement) -> bool:
    return element.tag == "a" and element.get("href") is not None


def _is_document_link(element: html.HtmlElement) -> bool:
    # The raw href is enough to tell a file from a page here; no base URL needed.
    return _is_link(element) and looks_like_document(element.get("href", "").strip())


def walk_sections(
    root: html.HtmlElement,
    wanted: Callable[[html.HtmlElement], bool],
    *,
    targets: dict[str, str] | None = None,
    max_links: int = 0,
    deadline: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Walk:
    """Walk the page once; place every element ``wanted`` accepts, in document order.

    ``targets`` maps element ids to the region an in-page selector names for them.
    ``max_links`` (0: no cap) stops the walk at the first anchor over the cap, and
    ``deadline`` (a ``clock()`` value) when the walk runs past it; ``Walk.stopped`` says which.
    """
    targets = targets or {}
    result = Walk()
    stack = [_Frame([], None)]
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if event == "start":
            parent = stack[-1]
            result.visits += 1
            if _is_link(element):
                result.links += 1
                if max_links and result.links > max_links:
                    result.stopped = f"page has more than {max_links} links"
                    break
            region = _own_region(element, targets) or parent.region
            if wanted(element):
                headings = tuple(heading for _, heading in parent.scope)
                result.placed.append(Placed(element, headings, region))
            own_heading = element if heading_level(element) is not None else None
            stack.append(_Frame(list(parent.scope), region, last_heading=own_heading))
            if deadline is not None and result.visits % _CLOCK_EVERY == 0 and clock() > deadline:
                result.stopped = f"parse time limit reached after {result.visits} elements"
                break
            continue
        frame = stack.pop()
        parent = stack[-1]
        if frame.has_document or _is_document_link(element):
            parent.has_document = True
        if frame.last_heading is not None:
            parent.last_heading = frame.last_heading
        if tag in CHROME_TAGS:
            continue
        if heading_level(element) is not None:
            _push(parent.scope, element)
        elif not frame.has_document and frame.last_heading is not None:
            _push(parent.scope, frame.last_heading)
    return result
