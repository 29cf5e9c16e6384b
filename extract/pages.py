"""Text and tables of one pdfplumber page, in reading order.

Reads a ``pdfplumber.page.Page``; writes nothing. The caller closes the page.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from pdfplumber.page import Page
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.text import WordExtractor, WordMap

from rcc_archive.extract.cleanup import normalize_cell
from rcc_archive.extract.layout import columns_text

Rows = list[list[str | None]]


@dataclass(frozen=True)
class PageContent:
    """Raw text of a page (before document-wide clean-up) and its non-empty tables."""

    text: str
    tables: list[Rows]


def read_page(page: Page) -> PageContent:
    """Return a page's text, column by column where it has columns, and its tables."""
    view = dedupe_chars(page)
    found = view.find_tables()
    tables = [rows for table in found if (rows := _clean_rows(table.extract()))]
    # The characters are grouped into words once, for the column test and for the
    # text: ``extract_words`` and ``extract_text`` would each do it again, with the
    # same default settings, so the words and the text are exactly theirs.
    wordmap = WordExtractor().extract_wordmap(view.chars)
    text = columns_text([word for word, _ in wordmap.tuples], [table.bbox for table in found])
    if text is None:
        text = _plain_text(view, wordmap)
    return PageContent(text=text, tables=tables)


def _plain_text(view: Page, wordmap: WordMap) -> str:
    """The page's text as ``Page.extract_text()`` gives it, from words already found."""
    if not view.chars:
        return ""
    return wordmap.to_textmap(
        layout_bbox=view.bbox,
        layout_width=view.width,
        layout_height=view.height,
        presorted=True,
    ).as_string


def dedupe_chars(page: Page, tolerance: float = 1) -> Page:
    """Drop glyphs drawn twice at one spot (fake bold), which would read "DDaattaa".

    The same rule as pdfplumber's ``Page.dedupe_chars``, whose final re-sort calls
    ``list.index`` per character and takes seconds on a dense page.
    """
    chars = page.chars
    # Most pages have no glyph drawn twice: a quick test that never misses one spares
    # them the clustering below, which was a seventh of the time spent on a page.
    if not _may_have_duplicates(chars, tolerance):
        return page
    keep = {id(char) for char in _unique_chars(chars, tolerance)}
    if len(keep) == len(chars):
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in keep)


def _may_have_duplicates(chars: list[dict[str, Any]], tolerance: float) -> bool:
    """Tell whether ``_unique_chars`` may drop a char: False only when it drops none.

    Its rule without building clusters, on the text alone: chars of one text fall into
    lines by chaining sorted ``doctop`` values within ``tolerance``, and a line drops a
    char when two of its sorted ``x0`` values chain. The full rule also asks for the same
    font, size and direction, which only ever drops fewer; and lines chained across
    fonts hold the lines of each font. Positions that do not sort plainly (NaN) answer
    True, so the full rule decides.
    """
    doctops = list(map(_DOCTOP, chars))
    lefts = list(map(_X0, chars))
    if not (all(map(math.isfinite, doctops)) and all(map(math.isfinite, lefts))):
        return True
    groups: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    for text, spot in zip(map(_TEXT, chars), zip(doctops, lefts, strict=True), strict=True):
        groups[text].append(spot)
    return any(_line_chains(spots, tolerance) for spots in groups.values() if len(spots) > 1)


def _line_chains(spots: list[tuple[float, float]], tolerance: float) -> bool:
    """Tell whether two of one text's ``(doctop, x0)`` spots fall into one line and spot."""
    # Top to bottom, then left to right: within one doctop, x0 values come sorted.
    spots.sort()
    start = 0
    last_doctop, last_x0 = spots[0]
    mixed = False  # the line holds more than one doctop: its x0 values are not sorted
    for index in range(1, len(spots)):
        doctop, x0 = spots[index]
        # The same comparisons as ``cluster_list``, so rounding agrees too.
        if doctop > last_doctop + tolerance:
            if mixed and _chains([x for _, x in spots[start:index]], tolerance):
                return True
            start, mixed = index, False
        elif doctop == last_doctop:
            if x0 <= last_x0 + tolerance:
                return True
        else:
            mixed = True
        last_doctop, last_x0 = doctop, x0
    return mixed and _chains([x for _, x in spots[start:]], tolerance)


def _chains(values: list[float], tolerance: float) -> bool:
    """Tell whether two of the values fall into one ``cluster_list`` cluster."""
    values.sort()
    return any(b <= a + tolerance for a, b in itertools.pairwise(values))


_TEXT = itemgetter("text")
_DOCTOP = itemgetter("doctop")
_X0 = itemgetter("x0")


def _unique_chars(chars: list[dict[str, Any]], tolerance: float) -> Iterator[dict[str, Any]]:
    """Yield one char per group of same glyphs within ``tolerance`` of each other."""
    key = itemgetter("upright", "text", "fontname", "size")
    position = itemgetter("doctop", "x0")
    for _, same in itertools.groupby(sorted(chars, key=key), key=key):
        for line in cluster_objects(list(same), itemgetter("doctop"), tolerance):
            for spot in cluster_objects(line, itemgetter("x0"), tolerance):
                yield min(spot, key=position)


def _clean_rows(rows: Rows) -> Rows | None:
    """Tidy every cell; return None for a table with no text at all."""
    cleaned = [[normalize_cell(cell) for cell in row] for row in rows]
    if not any(cell for row in cleaned for cell in row):
        return None
    return cleaned
