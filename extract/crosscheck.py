"""A second opinion from PDFium (pypdfium2, which pdfplumber already depends on).

Reads a PDF file; writes nothing. pdfplumber sometimes reads fewer pages than a file
has, or no text where there is some, and would then report empty success. PDFium is a
lenient reader: its page count and its character count tell those cases apart from a
real scan. Its text is never stored; it only decides the status and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium


@dataclass(frozen=True)
class PdfiumView:
    """What PDFium sees when it opens a file with the empty password."""

    page_count: int | None
    error: str | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def opened(self) -> bool:
        return self.error is None


def open_view(path: Path) -> PdfiumView:
    """Open the file with PDFium and return its page count and info, or its error."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        return PdfiumView(page_count=None, error=str(exc) or type(exc).__name__)
    try:
        try:
            info = dict(document.get_metadata_dict(skip_empty=True))
        except pdfium.PdfiumError:
            info = {}
        return PdfiumView(page_count=len(document), info=info)
    finally:
        document.close()


def read_visible_chars(
    path: Path, *, max_pages: int, start: int = 0, end: int | None = None
) -> int:
    """Count non-space characters PDFium reads on pages ``start`` to ``end`` of the first ``max_pages``."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return 0
    total = 0
    stop = min(len(document), max_pages)
    if end is not None:
        stop = min(stop, end)
    try:
        for index in range(start, stop):
            page = document[index]
            try:
                text_page = page.get_textpage()
                try:
                    total += sum(1 for char in text_page.get_text_range() if not char.isspace())
                finally:
                    text_page.close()
            except pdfium.PdfiumError:
                continue
            finally:
                page.close()
    finally:
        document.close()
    return total
