"""A PDFium-first reader for the floor study: PDFium's characters for most pages,
pdfplumber (``extract.pages.read_page``) for pages with columns or a ruled table.

Reads one PDF; writes nothing. ``read_hybrid`` takes each page's characters from PDFium
(pypdfium2) with their boxes (font ascent to descent, as pdfplumber's) and puts them
into words and lines the way pdfplumber orders them (``extract.layout.group_rows``). A
page goes to pdfplumber instead when those words show columns (the gutter test of
``extract.layout``) or its vector paths look like a ruled table (a straight rule
crossing three of the other direction: two cells, the least pdfplumber keeps); a file
PDFium cannot open is read by ``extract_pdf`` whole. ``read_pdfium`` is PDFium's own
text, in its content-stream order: the floor. Both clean the pages as one document
(``clean_pages``). PDFium takes out a hyphen at a line end itself and marks the join
with U+FFFE; it is read back as the hyphen, so that our de-hyphenation decides.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page

from rcc_archive.extract.cleanup import clean_pages
from rcc_archive.extract.crosscheck import open_view
from rcc_archive.extract.layout import columns_text, group_rows
from rcc_archive.extract.opened import OpenedPdf, open_pdf
from rcc_archive.extract.pages import read_page
from rcc_archive.extract.pdf import extract_pdf

# A rule (a straight horizontal or vertical path segment) crossing this many rules of
# the other direction makes a page look like a ruled table; shorter segments (points)
# are ignored.
TABLE_CROSSINGS = 3
MIN_RULE = 5.0
MAX_RULES = 400
# Characters further apart than this (points) are two words, as in pdfplumber.
WORD_GAP = 3.0
# PDFium's mark for a hyphen it took out at a line end, joining the word's two parts.
JOINED_HYPHEN = "\ufffe"


def read_pdfium(path: Path) -> dict[int, str]:
    """Every page's text from PDFium, cleaned as one document (none if PDFium cannot open it)."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return {}  # no text at all: every word of ours is missing
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                texts.append(_pdfium_text(textpage.get_text_range()))
                textpage.close()
            finally:
                page.close()
    finally:
        document.close()
    return dict(enumerate(clean_pages(texts), start=1))


def read_hybrid(path: Path) -> tuple[dict[int, str], Counter[int], int]:
    """PDFium's characters in pdfplumber's line order, or pdfplumber itself for pages with
    columns or a ruled table (and for files PDFium cannot open); cleaned as one document.

    Returns the pages, the tables per page, and how many pages went to pdfplumber.
    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        # What a PDFium-first extractor would do with a file PDFium cannot open.
        result = extract_pdf(path)
        pages = {page.number: page.text for page in result.pages}
        return pages, Counter(table.page_number for table in result.tables), len(pages)
    texts: list[str] = []
    tables: Counter[int] = Counter()
    opened: OpenedPdf | Exception | None = None
    sent = 0
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                words = _pdfium_words(textpage, page.get_height())
                needs_pdfplumber = (
                    words is None or columns_text(words) is not None or _looks_ruled(page)
                )
                textpage.close()
            finally:
                page.close()
            if needs_pdfplumber and opened is None:
                opened = open_pdf(path, open_view(path))
            objects = opened.page_objects(index)[0] if isinstance(opened, OpenedPdf) else []
            if needs_pdfplumber and isinstance(opened, OpenedPdf) and index < len(objects):
                plumber_page = Page(
                    opened.pdf,
                    objects[index],
                    page_number=index + 1,
                    initial_doctop=opened.doctop_before(index),
                )
                content = read_page(plumber_page)
                plumber_page.close()
                texts.append(content.text)
                tables[index + 1] += len(content.tables)
                sent += 1
            else:
                rows = group_rows(words or [])
                texts.append("\n".join(" ".join(word["text"] for word in row) for row in rows))
    finally:
        document.close()
        if isinstance(opened, OpenedPdf):
            opened.close()
    return dict(enumerate(clean_pages(texts), start=1)), tables, sent


def _pdfium_text(text: str) -> str:
    """PDFium's page text with the hyphens it joined at line ends put back."""
    return text.replace(JOINED_HYPHEN, "-\n")


def _pdfium_words(textpage: Any, height: float) -> list[dict[str, Any]] | None:
    """The page's words from PDFium's characters and their boxes (font ascent to descent,
    as pdfplumber's), in top-down coordinates; None when characters and boxes do not
    line up (characters outside the BMP)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return None
    words: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for index, char in enumerate(text):
        if char.isspace():
            current = None
            continue
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        box = {"x0": left, "x1": right, "top": height - top, "bottom": height - bottom}
        if (
            current is not None
            and abs(box["top"] - current["top"]) <= WORD_GAP
            and -WORD_GAP <= box["x0"] - current["x1"] <= WORD_GAP
        ):
            current["text"] += "-" if char == JOINED_HYPHEN else char
            current["x1"] = max(current["x1"], box["x1"])
            current["bottom"] = max(current["bottom"], box["bottom"])
            continue
        current = {"text": "-" if char == JOINED_HYPHEN else char, **box, "upright": True}
        words.append(current)
    return words


def _looks_ruled(page: Any) -> bool:
    """Tell whether the page's vector paths hold crossing horizontal and vertical rules."""

    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        matrix = obj.get_matrix()
        points = _path_points(obj.raw)
        for (x0, y0), (x1, y1) in points:
            a = matrix.on_point(x0, y0)
            b = matrix.on_point(x1, y1)
            if abs(a[1] - b[1]) < 1 and abs(a[0] - b[0]) >= MIN_RULE:
                horizontal.append((a[1], min(a[0], b[0]), max(a[0], b[0])))
            elif abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) >= MIN_RULE:
                vertical.append((a[0], min(a[1], b[1]), max(a[1], b[1])))
        if len(horizontal) > MAX_RULES or len(vertical) > MAX_RULES:
            return True
    # pdfplumber keeps only tables of two cells or more: some rule then crosses three
    # of the other direction (a lone box crosses two).
    for rules, others in ((horizontal, vertical), (vertical, horizontal)):
        for at, low, high in rules:
            crossed = 0
            for other_at, other_low, other_high in others:
                if low - 1 <= other_at <= high + 1 and other_low - 1 <= at <= other_high + 1:
                    crossed += 1
            if crossed >= TABLE_CROSSINGS:
                return True
    return False


def _path_points(raw: Any) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight segments of a path object, in its own coordinates."""

    segments = []
    start: tuple[float, float] | None = None
    last: tuple[float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and last is not None:
            segments.append((last, point))
        last = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            segments.append((point, start))
    return segments
