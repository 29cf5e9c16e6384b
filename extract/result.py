"""What extracting one file yields: a status with a reason, page texts, tables, metadata.

Reads nothing; writes nothing. These plain dataclasses cross the process boundary from
a worker to the parent (they pickle), and are what ``extract.store`` saves. A long PDF
read in page ranges comes back as one ``PdfRange`` per range, merged into a
``FileResult`` in the parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rcc_archive.extract.crosscheck import PdfiumView
from rcc_archive.extract.metadata import PdfMetadata

OK = "ok"
NO_TEXT = "no_text"
ENCRYPTED = "encrypted"
BROKEN = "broken"
NOT_PDF = "not_pdf"
TOO_LARGE = "too_large"
TIMEOUT = "timeout"

# Where a page's text comes from (``pdf_pages.text_source``).
TEXT_LAYER = "pdf"
OCR_TEXT = "ocr"

STATUSES = (OK, NO_TEXT, ENCRYPTED, BROKEN, NOT_PDF, TOO_LARGE, TIMEOUT)
# Statuses a rerun with the same extractor would only repeat; the others are failures
# that ``retry_failed`` tries again.
SETTLED_STATUSES = frozenset({OK, NO_TEXT, NOT_PDF})


@dataclass(frozen=True)
class PageText:
    """The cleaned text of one page; ``number`` starts at 1.

    ``source`` is where the text comes from: ``pdf``, the file's text layer, or ``ocr``,
    recognised from the page's image.
    """

    number: int
    text: str
    source: str = TEXT_LAYER

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class TableRows:
    """One table found on a page, as rows of cell texts (None for a merged cell)."""

    page_number: int
    index: int
    rows: list[list[str | None]]


@dataclass
class FileResult:
    """The outcome of extracting one file."""

    status: str
    reason: str | None = None
    content_type: str | None = None
    page_count: int | None = None
    pages: list[PageText] = field(default_factory=list)
    tables: list[TableRows] = field(default_factory=list)
    metadata: PdfMetadata = field(default_factory=PdfMetadata)
    seconds: float = 0.0

    @property
    def chars(self) -> int:
        return sum(page.chars for page in self.pages)


@dataclass
class PdfRange:
    """Pages ``start`` to ``end`` (0-based, end excluded; None: to the last) of one PDF.

    The page texts are normalised (``extract.cleanup.normalize_text``), page by page;
    running headers and hyphenation are handled across the whole document once every
    range is in (``extract.pdf.finish_pdf``).
    """

    start: int
    end: int | None
    page_count: int
    pages: list[PageText]
    tables: list[TableRows]
    page_errors: list[str]
    tree_error: str | None
    metadata: PdfMetadata
    view: PdfiumView
    # PDFium's visible characters on these pages, counted only when the range's text is
    # so sparse that the whole document may have no text layer (None otherwise).
    pdfium_chars: int | None = None
    seconds: float = 0.0
    # What OCR did for pages without a text layer: notes for the reason (OCR missing, a
    # page it failed on), and pages the time limit left unrecognised.
    ocr_notes: list[str] = field(default_factory=list)
    ocr_timed_out: list[int] = field(default_factory=list)
