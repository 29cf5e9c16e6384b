"""Reading order for multi-column pages, from the boxes of the words on a page.

Reads word dicts as ``pdfplumber``'s ``Page.extract_words()`` returns them (``text``,
``x0``, ``x1``, ``top``, ``bottom``, ``upright``); writes nothing.

pdfplumber reads a page line by line across its full width, so two columns come out
interleaved. Here a vertical gutter is looked for: a band, in the middle of the text,
that no word covers in most rows. Rows that do not cross it are column rows: a run of
them is emitted left part first, then right part (each part looked at again, so three
columns work too). Rows that cross it (titles, full-width paragraphs, wide tables) and
rows inside a table pdfplumber found stay where they are, top to bottom. A band is
only taken for a gutter when both sides read like prose columns: each has enough rows,
most rows on each side reach across their column, and a row falls into runs of several
words rather than into the one- or two-word cells of a table.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Word = dict[str, Any]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

# Same as pdfplumber's default line clustering, so a page without columns reads the
# same as ``extract_text()``.
Y_TOLERANCE = 3.0
MIN_GUTTER = 6.0  # points; wider than a stretched word space, narrower than any gutter
MIN_COLUMN_ROWS = 4
MIN_TEXT_WIDTH = 150.0  # points; narrower text is never split
# A0 is 2384 pt wide; text spread wider than this (a hostile or broken file drawing at
# absurd coordinates) is left alone rather than measured point by point.
MAX_TEXT_WIDTH = 20_000.0
SEARCH_MARGIN = 0.2  # a gutter lies in the middle 60 % of the text's width
MIN_FILL = 0.6  # a prose line spans at least this share of its column …
MIN_FILLED_SHARE = 0.5  # … on at least this share of the column's rows
# Cut at every gap wider than a word's height, a prose line falls into long runs of
# words (5-8 in a column) while a table row falls into cells of one or two words.
MIN_WORDS_PER_SEGMENT = 3
SECTION_GAP = 2.5  # empty height, in line heights, that ends a run of column rows
MAX_DEPTH = 2


@dataclass(frozen=True)
class Gutter:
    """An empty vertical band between two columns, in page points."""

    x0: float
    x1: float

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def group_rows(words: Sequence[Word], tolerance: float = Y_TOLERANCE) -> list[list[Word]]:
    """Cluster words into rows by their top edge, top to bottom; each row left to right."""
    ordered = sorted(words, key=lambda word: word["top"])
    rows: list[list[Word]] = []
    last_top: float | None = None
    for word in ordered:
        # Chain like pdfplumber's clustering: a word within the tolerance of the
        # previous top joins that row.
        if last_top is not None and word["top"] - last_top <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
        last_top = word["top"]
    return [sorted(row, key=lambda word: word["x0"]) for row in rows]


def find_gutter(
    rows: Sequence[Sequence[Word]], fixed: frozenset[int] = frozenset()
) -> Gutter | None:
    """Return the gutter between two prose columns in these rows, or None.

    Rows holding a word whose ``id`` is in ``fixed`` (table cells) are left out.
    """
    rows = [row for row in rows if not _is_fixed(row, fixed)]
    words = [word for row in rows for word in row]
    if len(rows) < 2 * MIN_COLUMN_ROWS or not words:
        return None
    left = min(word["x0"] for word in words)
    right = max(word["x1"] for word in words)
    width = right - left
    if not MIN_TEXT_WIDTH <= width <= MAX_TEXT_WIDTH:
        return None
    cover = _row_cover(rows, left, width)
    lo = int(width * SEARCH_MARGIN)
    hi = int(width * (1 - SEARCH_MARGIN))
    floor = min(cover[lo:hi])
    slack = max(1, len(rows) // 10)
    for start, end in sorted(
        _runs_at_most(cover, lo, hi, floor + slack), key=_run_width, reverse=True
    ):
        if end - start < MIN_GUTTER:
            break
        gutter = Gutter(left + start, left + end)
        if _reads_as_columns(rows, gutter, left, right):
            return gutter
    return None


def order_rows(
    rows: Sequence[Sequence[Word]], fixed: frozenset[int] = frozenset(), depth: int = 0
) -> list[list[Word]]:
    """Return rows in reading order: column runs left part first, spanning rows in place."""
    gutter = find_gutter(rows, fixed) if depth <= MAX_DEPTH else None
    if gutter is None:
        return [list(row) for row in rows]
    ordered: list[list[Word]] = []
    for spanning, run in _runs(rows, gutter, fixed):
        # A run of column rows must read as prose itself: a table that merely has a
        # gap where the page's gutter is stays as it is.
        if spanning or not _is_prose(run):
            ordered.extend(list(row) for row in run)
            continue
        left_rows = [part for row in run if (part := [w for w in row if w["x1"] <= gutter.middle])]
        right_rows = [part for row in run if (part := [w for w in row if w["x0"] >= gutter.middle])]
        ordered.extend(order_rows(left_rows, fixed, depth + 1))
        ordered.extend(order_rows(right_rows, fixed, depth + 1))
    return ordered


def columns_text(words: Sequence[Word], tables: Sequence[BBox] = ()) -> str | None:
    """Return the page's text in column order, or None when the page has no columns.

    ``tables`` are the boxes of tables on the page: their rows are never split.
    """
    upright = [word for word in words if word.get("upright", True)]
    # Rotated text has no columns we can reason about; leave it to pdfplumber.
    if not upright or len(upright) < 0.9 * len(words):
        return None
    fixed = frozenset(id(word) for word in upright if _inside_any(word, tables))
    rows = group_rows(upright)
    if find_gutter(rows, fixed) is None:
        return None
    return "\n".join(" ".join(word["text"] for word in row) for row in order_rows(rows, fixed))


def _inside_any(word: Word, boxes: Sequence[BBox]) -> bool:
    """Tell whether the word's centre lies in one of the boxes."""
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _is_fixed(row: Sequence[Word], fixed: frozenset[int]) -> bool:
    """Tell whether the row holds a word that must stay in place (a table cell)."""
    return bool(fixed) and any(id(word) in fixed for word in row)


def _row_cover(rows: Sequence[Sequence[Word]], left: float, width: float) -> list[int]:
    """Count, for each point across the text, how many rows have a word over it."""
    size = math.ceil(width) + 2
    delta = [0] * (size + 1)
    for row in rows:
        for start, end in _merged_spans(row, left):
            delta[start] += 1
            delta[end] -= 1
    cover: list[int] = []
    running = 0
    for step in delta[:size]:
        running += step
        cover.append(running)
    return cover


def _merged_spans(row: Sequence[Word], left: float) -> list[tuple[int, int]]:
    """Return the row's word extents as whole points from ``left``, overlaps merged."""
    spans: list[tuple[int, int]] = []
    for word in row:
        start = max(0, math.floor(word["x0"] - left))
        end = math.ceil(word["x1"] - left) + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _runs_at_most(cover: Sequence[int], lo: int, hi: int, limit: int) -> list[tuple[int, int]]:
    """Return maximal [start, end) stretches in [lo, hi) where the cover is at most ``limit``."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for x in range(lo, hi):
        if cover[x] <= limit:
            if start is None:
                start = x
        elif start is not None:
            runs.append((start, x))
            start = None
    if start is not None:
        runs.append((start, hi))
    return runs


def _run_width(run: tuple[int, int]) -> int:
    """Return the width of a [start, end) stretch."""
    return run[1] - run[0]


def _crosses(row: Sequence[Word], gutter: Gutter) -> bool:
    """Tell whether a row runs across the gutter instead of stopping at it."""
    middle = gutter.middle
    before = [word["x1"] for word in row if word["x1"] <= middle]
    after = [word["x0"] for word in row if word["x0"] >= middle]
    if len(before) + len(after) < len(row):
        return True  # a word covers the middle of the gutter
    # Justified lines may reach into the gutter's edges, so only its middle counts;
    # but a centred title whose word space happens to sit on that middle is still one
    # line: its gap there is a word space, not a gutter.
    return bool(before and after) and min(after) - max(before) < MIN_GUTTER


def _reads_as_columns(
    rows: Sequence[Sequence[Word]], gutter: Gutter, left: float, right: float
) -> bool:
    """Tell whether the text on both sides of a band looks like two prose columns."""
    column_rows = [row for row in rows if not _crosses(row, gutter)]
    left_ends = [
        max(w["x1"] for w in row if w["x1"] <= gutter.middle)
        for row in column_rows
        if row[0]["x1"] <= gutter.middle
    ]
    right_ends = [
        max(w["x1"] for w in row) for row in column_rows if row[-1]["x0"] >= gutter.middle
    ]
    if len(left_ends) < MIN_COLUMN_ROWS or len(right_ends) < MIN_COLUMN_ROWS:
        return False
    if len(right_ends) < 0.2 * len(rows):
        return False
    left_reach = left + MIN_FILL * (gutter.x0 - left)
    right_start = min(w["x0"] for row in column_rows for w in row if w["x0"] >= gutter.middle)
    right_reach = right_start + MIN_FILL * (right - right_start)
    left_filled = sum(1 for end in left_ends if end >= left_reach) / len(left_ends)
    right_filled = sum(1 for end in right_ends if end >= right_reach) / len(right_ends)
    if left_filled < MIN_FILLED_SHARE or right_filled < MIN_FILLED_SHARE:
        return False
    return _is_prose(column_rows)


def _is_prose(rows: Sequence[Sequence[Word]]) -> bool:
    """Tell whether rows read as lines of prose rather than as rows of table cells."""
    segments = [size for row in rows for size in _segment_sizes(row)]
    return statistics.median(segments) >= MIN_WORDS_PER_SEGMENT


def _segment_sizes(row: Sequence[Word]) -> list[int]:
    """Count the words in each stretch of a row between gaps wider than a word's height."""
    sizes = [1]
    for before, after in itertools.pairwise(row):
        if after["x0"] - before["x1"] >= max(MIN_GUTTER, before["bottom"] - before["top"]):
            sizes.append(1)
        else:
            sizes[-1] += 1
    return sizes


def _runs(
    rows: Sequence[Sequence[Word]], gutter: Gutter, fixed: frozenset[int]
) -> list[tuple[bool, list[Sequence[Word]]]]:
    """Split rows into runs of spanning rows and of column rows, top to bottom."""
    heights = [max(w["bottom"] for w in row) - min(w["top"] for w in row) for row in rows]
    line_height = statistics.median(heights) if heights else 0.0
    runs: list[tuple[bool, list[Sequence[Word]]]] = []
    previous_bottom: float | None = None
    for row in rows:
        spanning = _crosses(row, gutter) or _is_fixed(row, fixed)
        top = min(w["top"] for w in row)
        # An empty band across the whole page (a section break, a full-width figure,
        # the space under a running header) ends a run of column rows.
        gap_break = (
            previous_bottom is not None and top - previous_bottom > SECTION_GAP * line_height
        )
        if runs and runs[-1][0] == spanning and not gap_break:
            runs[-1][1].append(row)
        else:
            runs.append((spanning, [row]))
        previous_bottom = max(previous_bottom or 0.0, max(w["bottom"] for w in row))
    return runs
