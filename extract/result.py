"""What extracting one file yields: a status with a reason, page texts, tables, metadata.

Reads nothing; writes nothing. These plain dataclasses cross the process boundary from
a worker to the parent (they pickle), and are what ``extract.store`` saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.metadata import PdfMetadata

OK = "ok"
NO_TEXT = "no_text"
ENCRYPTED = "encrypted"
BROKEN = "broken"
NOT_PDF = "not_pdf"
TOO_LARGE = "too_large"
TIMEOUT = "timeout"

STATUSES = (OK, NO_TEXT, ENCRYPTED, BROKEN, NOT_PDF, TOO_LARGE, TIMEOUT)
# Statuses a rerun with the same extractor would only repeat; the others are failures
# that ``retry_failed`` tries again.
SETTLED_STATUSES = frozenset({OK, NO_TEXT, NOT_PDF})


@dataclass(frozen=True)
class PageText:
    """The cleaned text of one page; ``number`` starts at 1."""

    number: int
    text: str

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
