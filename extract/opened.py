"""A PDF opened for reading, kept between the page ranges of one file in a worker.

Reads one PDF file (pdfminer through pdfplumber, and PDFium for a second opinion);
writes nothing. Opening a PDF and walking its page tree costs about a millisecond per
page before any text is read; a worker that reads several ranges of one long file
opens it once and walks the tree once, however many ranges it is given, and each range
then starts where a whole-file read would place it (``doctop_before``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page

from rcc_archive.extract.crosscheck import PdfiumView
from rcc_archive.extract.errors import describe_error, raise_if_out_of_memory
from rcc_archive.extract.metadata import PdfMetadata, metadata_from_info


@dataclass
class OpenedPdf:
    """A PDF open in pdfminer, the pages of its tree walked so far, and PDFium's view.

    ``close`` it when done; never ``pdf.close()``, which builds every page first (what
    fails on a page without a MediaBox).
    """

    path: Path
    stream: BinaryIO
    pdf: pdfplumber.PDF
    view: PdfiumView
    metadata: PdfMetadata
    _walker: Iterator[PDFPage] | None = None
    _pages: list[PDFPage] = field(default_factory=list)
    _tree_error: str | None = None
    # Where page i starts, as a whole-document read places it: _tops[i].
    _tops: list[float] = field(default_factory=lambda: [0.0])

    def page_objects(self, limit: int) -> tuple[list[PDFPage], str | None]:
        """Return the page objects up to one more than ``limit``, and any page-tree error.

        The tree is walked as far as asked and no further, once: a later call for more
        pages goes on from where the last one stopped.
        """
        if self._walker is None and not self._pages and self._tree_error is None:
            self._walker = PDFPage.create_pages(self.pdf.doc)
        while self._walker is not None and len(self._pages) <= limit:
            try:
                self._pages.append(next(self._walker))
            except StopIteration:
                self._walker = None
            except Exception as exc:
                raise_if_out_of_memory(exc)
                self._walker = None
                self._tree_error = describe_error(exc)
        # An error further on than this walk would have gone is not this walk's.
        error = self._tree_error if len(self._pages) <= limit else None
        return self._pages[: limit + 1], error

    def doctop_before(self, index: int) -> float:
        """Return where page ``index`` (0-based) starts, as a whole-document read places it.

        Pages whose boxes cannot be read add nothing, as they add nothing to the pages
        after them in a whole read. ``index`` is at most the number of pages walked.
        """
        while len(self._tops) <= index:
            number = len(self._tops)
            doctop = self._tops[-1]
            try:
                # Only the page's boxes are read here, not its content.
                page = Page(self.pdf, self._pages[number - 1], page_number=number)
            except Exception as exc:
                raise_if_out_of_memory(exc)
            else:
                doctop += float(page.height)
                page.close()
            self._tops.append(doctop)
        return self._tops[index]

    def close(self) -> None:
        """Let go of the file."""
        self.stream.close()


def open_pdf(path: Path, view: PdfiumView) -> OpenedPdf | Exception:
    """Open a PDF with pdfplumber; return pdfplumber's error when it cannot open it."""
    stream = path.open("rb")
    try:
        pdf = pdfplumber.PDF(stream, stream_is_external=True)
    except Exception as exc:
        stream.close()
        raise_if_out_of_memory(exc)
        return exc
    except BaseException:
        stream.close()
        raise
    info = pdf.metadata or view.info
    return OpenedPdf(
        path=path, stream=stream, pdf=pdf, view=view, metadata=metadata_from_info(info)
    )


class KeptPdf:
    """The one PDF a worker keeps open between tasks, for the next range of the same file."""

    def __init__(self) -> None:
        self._opened: OpenedPdf | None = None

    def get(self, path: Path) -> OpenedPdf | None:
        """Return the kept PDF if it is the file at ``path``."""
        if self._opened is not None and self._opened.path == path:
            return self._opened
        return None

    def keep(self, opened: OpenedPdf | None) -> None:
        """Keep ``opened`` (or nothing), closing the one kept before if it is another."""
        if self._opened is not None and self._opened is not opened:
            self._opened.close()
        self._opened = opened
