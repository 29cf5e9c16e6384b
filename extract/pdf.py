"""Extract one file: tell its type from its bytes, read a PDF page by page, judge the result.

Reads one file from disk (a blob); writes nothing. ``extract_pdf`` never raises for a
bad file: every outcome is a ``FileResult`` with a status and, unless all went well, a
reason a person can read. Only ``MemoryError`` escapes, so that the worker can report
the memory limit. Pages without a text layer are read by OCR (``extract.ocr``) when
OCR options are given, within the time the file has.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page

from rcc_archive.archive import sniff
from rcc_archive.extract.cleanup import clean_normalized_pages, normalize_text, visible_chars
from rcc_archive.extract.crosscheck import PdfiumView, open_view, read_visible_chars
from rcc_archive.extract.errors import describe_error, raise_if_out_of_memory, unwrap
from rcc_archive.extract.metadata import metadata_from_info
from rcc_archive.extract.ocr import OcrOptions, ocr_pages, ocr_unavailable
from rcc_archive.extract.opened import KeptPdf, OpenedPdf, open_pdf
from rcc_archive.extract.pages import read_page
from rcc_archive.extract.result import (
    BROKEN,
    ENCRYPTED,
    NO_TEXT,
    NOT_PDF,
    OCR_TEXT,
    OK,
    TIMEOUT,
    TOO_LARGE,
    FileResult,
    PageText,
    PdfRange,
    TableRows,
)

# Fewer visible characters per page than this is no text layer: a page number alone
# does not make a scanned page searchable.
MIN_CHARS_PER_PAGE = 2.0
MAX_PAGE_ERRORS_SHOWN = 3
# Of a task's time limit, this share (at least the seconds below) is kept back from OCR
# for the rest of the work: clean-up, judging, handing the result over.
OCR_RESERVE_SHARE = 0.1
OCR_RESERVE_S = 2.0

_TYPE_NAMES = {
    sniff.EMPTY: "empty file (0 bytes)",
    sniff.HTML: "HTML page, not a PDF (often an error or login page served in its place)",
    sniff.TEXT: "plain text, not a PDF",
    sniff.XLSX: "xlsx spreadsheet: no text extraction for this type",
    sniff.DOCX: "docx document: no text extraction for this type",
    sniff.PPTX: "pptx presentation: no text extraction for this type",
    sniff.ZIP: "zip archive: no text extraction for this type",
    sniff.OLE: "old Microsoft Office file (doc, xls or ppt): no text extraction for this type",
    sniff.PNG: "png image: no text extraction for this type (OCR would be needed)",
    sniff.JPEG: "jpeg image: no text extraction for this type (OCR would be needed)",
    sniff.GIF: "gif image: no text extraction for this type",
    sniff.UNKNOWN: "unrecognised binary data, not a PDF",
}
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def extract_pdf(path: Path, *, max_pages: int = 3000, ocr: OcrOptions | None = None) -> FileResult:
    """Extract text, tables and metadata from the file at ``path``, whatever it holds.

    With ``ocr``, pages without a text layer are read by OCR.
    """
    started = time.monotonic()
    result = _extract(Path(path), max_pages, ocr)
    result.seconds = time.monotonic() - started
    return result


def _extract(path: Path, max_pages: int, ocr: OcrOptions | None) -> FileResult:
    """Tell the type from the bytes and extract accordingly."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return _read_pdf(path, max_pages, notes=[], ocr=ocr)
    data = path.read_bytes()
    content_type = sniff.sniff_type(data)
    if content_type in (sniff.TEXT, sniff.UNKNOWN) and _looks_like_pdf_body(data):
        # Objects, xref and all, but the "%PDF-" line is missing; lenient readers
        # cope, and so does pdfplumber.
        return _read_pdf(path, max_pages, notes=["no %PDF- header; read as a PDF anyway"], ocr=ocr)
    return FileResult(
        status=NOT_PDF,
        reason=_TYPE_NAMES.get(content_type, f"{content_type}: not a PDF"),
        content_type=content_type,
    )


def _looks_like_pdf_body(data: bytes) -> bool:
    """Tell whether bytes without a header still hold PDF objects."""
    return bool(_PDF_OBJECT.search(data[:4096])) and b"endobj" in data and b"/Type" in data


def _read_pdf(path: Path, max_pages: int, notes: list[str], ocr: OcrOptions | None) -> FileResult:
    """Read a PDF page by page with pdfplumber, checked against PDFium."""
    part = extract_pdf_range(path, 0, None, max_pages=max_pages, notes=notes, ocr=ocr)
    if isinstance(part, FileResult):
        return part
    return finish_pdf(
        [part],
        notes,
        lambda: (
            part.pdfium_chars
            if part.pdfium_chars is not None
            else read_visible_chars(path, max_pages=max_pages)
        ),
    )


def splittable_page_count(path: Path, *, max_pages: int, split_above: int) -> int | None:
    """Return PDFium's page count of a PDF long enough to read in ranges, or None to read it whole."""
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            return None
    # A file PDFium cannot open (a password, damage) is read whole: its verdict is
    # decided once, not once per range.
    count = open_view(path).page_count
    if count is None or not split_above < count <= max_pages:
        return None
    return count


def extract_pdf_range(
    path: Path,
    start: int,
    end: int | None,
    *,
    max_pages: int = 3000,
    notes: list[str] | None = None,
    ocr: OcrOptions | None = None,
    kept: KeptPdf | None = None,
) -> PdfRange | FileResult:
    """Read pages ``start`` to ``end`` (0-based, end excluded; None: to the last).

    The page texts are normalised (``normalize_text``) but not yet cleaned across the
    document. A file that cannot be read at all gives the ``FileResult`` that
    ``extract_pdf`` gives for it; ``finish_pdf`` turns the ranges of one file into its
    result. With ``ocr``, pages without a text layer are read by OCR in the time
    ``ocr.budget_s`` leaves. With ``kept``, the file stays open there for the next
    range, and a range of the file kept open already starts where the last one stopped.
    """
    started = time.monotonic()
    notes = notes if notes is not None else []
    opened = kept.get(path) if kept is not None else None
    view = opened.view if opened is not None else open_view(path)
    if view.page_count is not None and view.page_count > max_pages:
        return FileResult(
            status=TOO_LARGE,
            reason=f"{view.page_count} pages, over the limit of {max_pages}",
            content_type=sniff.PDF,
            page_count=view.page_count,
            metadata=metadata_from_info(view.info),
        )
    if opened is None:
        found = open_pdf(path, view)
        if isinstance(found, Exception):
            return _open_failure(found, view, notes)
        opened = found
    if kept is not None:
        kept.keep(opened)
    try:
        return _read_range(opened, start, end, max_pages, ocr, started)
    finally:
        if kept is None:
            opened.close()


def _read_range(
    opened: OpenedPdf,
    start: int,
    end: int | None,
    max_pages: int,
    ocr: OcrOptions | None,
    started: float,
) -> PdfRange | FileResult:
    """Read a range of pages of an opened PDF (see ``extract_pdf_range``)."""
    # A range that ends early walks the page tree only that far: the last range
    # walks it all, and tells the tree's errors and the page limit for the file.
    page_objects, tree_error = opened.page_objects(max_pages if end is None else end - 1)
    claimed = max(len(page_objects), opened.view.page_count or 0)
    if len(page_objects) > max_pages:
        return FileResult(
            status=TOO_LARGE,
            reason=f"more than {max_pages} pages, over the limit",
            content_type=sniff.PDF,
            page_count=claimed,
            metadata=opened.metadata,
        )
    stop = len(page_objects) if end is None else min(end, len(page_objects))
    pages: list[PageText] = []
    tables: list[TableRows] = []
    page_errors: list[str] = []
    doctop = opened.doctop_before(min(start, len(page_objects)))
    for index in range(start, stop):
        number = index + 1
        try:
            page = Page(opened.pdf, page_objects[index], page_number=number, initial_doctop=doctop)
        except Exception as exc:  # e.g. a bare TypeError for a page without MediaBox
            raise_if_out_of_memory(exc)
            page_errors.append(f"page {number}: {describe_error(exc)}")
            continue
        # Counted before reading, so that a page whose content fails still moves the
        # pages after it down, as ``doctop_before`` does for a later range.
        doctop += float(page.height)
        try:
            content = read_page(page)
        except Exception as exc:  # RecursionError, pdfminer errors in one page's content
            raise_if_out_of_memory(exc)
            page_errors.append(f"page {number}: {describe_error(exc)}")
            continue
        finally:
            page.close()
        pages.append(PageText(number=number, text=normalize_text(content.text)))
        tables.extend(
            TableRows(page_number=number, index=index, rows=rows)
            for index, rows in enumerate(content.tables)
        )
    ocr_notes: list[str] = []
    ocr_timed_out: list[int] = []
    if ocr is not None:
        reserve = max(OCR_RESERVE_S, OCR_RESERVE_SHARE * ocr.budget_s)
        pages, ocr_notes, ocr_timed_out = _recognise(
            opened.path, pages, ocr, deadline=started + ocr.budget_s - reserve
        )
    pdfium_chars = None
    if _fewest_visible_chars(pages) < MIN_CHARS_PER_PAGE * claimed:
        # Only then can the whole document fall below MIN_CHARS_PER_PAGE, and
        # ``_judge`` need PDFium's count for every range.
        pdfium_chars = read_visible_chars(opened.path, max_pages=max_pages, start=start, end=end)
    return PdfRange(
        start=start,
        end=end,
        page_count=claimed,
        pages=pages,
        tables=tables,
        page_errors=page_errors,
        tree_error=tree_error,
        metadata=opened.metadata,
        view=opened.view,
        pdfium_chars=pdfium_chars,
        seconds=time.monotonic() - started,
        ocr_notes=ocr_notes,
        ocr_timed_out=ocr_timed_out,
    )


def _recognise(
    path: Path, pages: list[PageText], ocr: OcrOptions, deadline: float
) -> tuple[list[PageText], list[str], list[int]]:
    """Replace the (normalised) text of pages without a text layer by what OCR reads on them.

    Returns the pages, notes for the file's reason, and the pages the time left could
    not cover.
    """
    blank = [page.number for page in pages if visible_chars(page.text) < MIN_CHARS_PER_PAGE]
    if not blank:
        return pages, [], []
    missing = ocr_unavailable(ocr.language)
    if missing is not None:
        return pages, [f"{missing}; {_pages(len(blank))} without a text layer"], []
    outcome = ocr_pages(path, blank, ocr, deadline)
    pages = [
        PageText(
            number=page.number, text=normalize_text(outcome.texts[page.number]), source=OCR_TEXT
        )
        if page.number in outcome.texts
        else page
        for page in pages
    ]
    notes = [f"OCR ({ocr.language}) read {_pages(len(outcome.texts))} without a text layer"]
    notes.extend(f"OCR failed on {error}" for error in outcome.errors[:MAX_PAGE_ERRORS_SHOWN])
    return pages, notes, outcome.timed_out


def finish_pdf(
    parts: list[PdfRange], notes: list[str], pdfium_chars: Callable[[], int]
) -> FileResult:
    """Clean the pages of one PDF's ranges as one document and judge the whole file.

    ``parts`` are in page order; the first supplies the metadata and PDFium's view,
    the last the page tree's errors.
    ``pdfium_chars`` is called only when the text is too sparse to trust.
    """
    first = parts[0]
    normalized = [page for part in parts for page in part.pages]
    texts = clean_normalized_pages([page.text for page in normalized])
    pages = [
        PageText(number=page.number, text=text, source=page.source)
        for page, text in zip(normalized, texts, strict=True)
    ]
    notes = list(notes)
    notes.extend(note for part in parts for note in part.ocr_notes)
    if parts[-1].tree_error:
        notes.append(f"page tree: {parts[-1].tree_error}")
    claimed = max(part.page_count for part in parts)
    page_errors = [error for part in parts for error in part.page_errors]
    status, reason = _judge(pages, claimed, page_errors, first.view, notes, pdfium_chars)
    unread = [number for part in parts for number in part.ocr_timed_out]
    if unread:
        # The time limit stopped OCR: the file counts as timed out (``--retry-failed``
        # tries it again), and keeps the pages read so far.
        status = TIMEOUT
        reason = "; ".join(
            [f"OCR reached the time limit; {_pages(len(unread))} not recognised", reason or ""]
        ).rstrip("; ")
    return FileResult(
        status=status,
        reason=reason,
        content_type=sniff.PDF,
        page_count=claimed,
        pages=pages,
        tables=[table for part in parts for table in part.tables],
        metadata=first.metadata,
        seconds=sum(part.seconds for part in parts),
    )


def _fewest_visible_chars(pages: list[PageText]) -> int:
    """Return a floor on the visible characters these normalised pages keep once cleaned."""
    total = 0
    for page in pages:
        text = page.text
        # Joining words across lines drops at most the hyphen that ends each line.
        hyphens = sum(1 for line in text.split("\n") if line.endswith(("-", "\u00ad")))
        total += visible_chars(text) - hyphens
    return total


def _judge(
    pages: list[PageText],
    claimed: int,
    page_errors: list[str],
    view: PdfiumView,
    notes: list[str],
    pdfium_chars: Callable[[], int],
) -> tuple[str, str | None]:
    """Decide the status and write the reason, saying plainly what is missing."""
    read = len(pages)
    visible = sum(visible_chars(page.text) for page in pages)
    reasons = list(notes)
    if read == 0:
        reasons.insert(
            0, f"pdfplumber read 0 of {_pages(claimed)}" if claimed else "no pages found"
        )
        status = BROKEN
    elif visible < MIN_CHARS_PER_PAGE * read:
        other = pdfium_chars()
        if other > visible and other >= MIN_CHARS_PER_PAGE * max(1, view.page_count or read):
            status = BROKEN
            reasons.insert(
                0,
                f"pdfplumber reads {visible} characters on {_pages(read)} but PDFium reads "
                f"{other}: a text layer pdfplumber cannot decode",
            )
        else:
            status = NO_TEXT
            reasons.insert(
                0,
                f"no text layer: {visible} characters on {_pages(read)} "
                "(scanned or image-only; OCR would be needed)",
            )
    else:
        status = OK
        empty = sum(1 for page in pages if visible_chars(page.text) == 0)
        if empty and read > 1:
            reasons.append(f"{empty} of {read} pages have no text")
    if 0 < read < claimed:
        reasons.append(f"read {read} of {_pages(claimed)}")
    if page_errors:
        more = len(page_errors) - MAX_PAGE_ERRORS_SHOWN
        reasons.extend(page_errors[:MAX_PAGE_ERRORS_SHOWN])
        if more > 0:
            reasons.append(f"and {more} more page errors")
    if not view.opened and status != BROKEN:
        reasons.append(f"PDFium cannot open it ({view.error}): damaged, text may be incomplete")
    return status, "; ".join(reasons) or None


def _open_failure(exc: Exception, view: PdfiumView, notes: list[str]) -> FileResult:
    """Turn an error while opening the PDF into a status and a reason."""
    inner = unwrap(exc)
    metadata = metadata_from_info(view.info)
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        if view.opened:
            status = BROKEN
            reason = (
                "pdfplumber cannot decrypt it with the empty password, yet PDFium opens it "
                f"without one ({_pages(view.page_count or 0)}): perhaps only attachments are encrypted"
            )
        else:
            status = ENCRYPTED
            reason = (
                "needs a password: the empty user password was tried"
                if isinstance(inner, PDFPasswordIncorrect)
                else f"encrypted in a way pdfminer cannot read: {describe_error(inner)}"
            )
    else:
        status = BROKEN
        reason = describe_error(inner)
        if view.opened:
            reason += f"; PDFium opens it ({_pages(view.page_count or 0)}), pdfplumber cannot"
    return FileResult(
        status=status,
        reason="; ".join([reason, *notes]),
        content_type=sniff.PDF,
        page_count=view.page_count,
        metadata=metadata,
    )


def _pages(count: int) -> str:
    """Say "1 page" or "3 pages"."""
    return f"{count} page" if count == 1 else f"{count} pages"
