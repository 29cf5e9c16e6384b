"""What runs inside a worker process: limits first, then one file or page range at a time.

Reads one blob per task (by path), or the ranges of a split PDF to join; writes nothing
but the result it returns to the parent. The parent holds the only database connection.
A worker keeps the last PDF it read a range of open (``KEPT``) until a task for another
file comes, so the next range of that file does not open it and walk its page tree again.
"""

from __future__ import annotations

import gc
import logging
import os
import resource
import signal
from pathlib import Path

from rcc_archive.extract.ocr import OcrOptions
from rcc_archive.extract.opened import KeptPdf
from rcc_archive.extract.pdf import extract_pdf, extract_pdf_range, splittable_page_count
from rcc_archive.extract.result import BROKEN, FileResult, PdfRange
from rcc_archive.extract.split import RangeOutcome, merge_ranges

# This process's open PDF, between the ranges of one file.
KEPT = KeptPdf()
# Python's defaults are (700, 10, 10) allocations.
WORKER_GC_THRESHOLDS = (10_000, 10, 10)


def init_worker(memory_mb: int) -> None:
    """Cap the worker's address space and quiet pdfminer's warnings about damaged files."""
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    # A decompression bomb or a runaway layout then fails with MemoryError in this
    # process instead of swapping the machine or waking the OOM killer.
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pdfplumber").setLevel(logging.ERROR)
    # Ctrl-C goes to the whole process group; the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The cyclic garbage collector went through every object the imports made, again
    # and again: 3-4 % of a worker's instructions (callgrind, a 12-page plan). The
    # imports are frozen out of its way and it runs less often; what a page leaves
    # behind is freed by reference counting all the same (peak RSS +1 MB on 60 pages).
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def extract_in_worker(
    path: str, max_pages: int, memory_mb: int, ocr: OcrOptions | None = None
) -> FileResult:
    """Extract one file; turn running out of memory into a result instead of a crash."""
    KEPT.keep(None)
    try:
        return extract_pdf(Path(path), max_pages=max_pages, ocr=ocr)
    except MemoryError:
        return FileResult(
            status=BROKEN,
            reason=f"memory limit of {memory_mb} MB reached while extracting",
        )


def start_in_worker(
    path: str, max_pages: int, memory_mb: int, split_above: int, ocr: OcrOptions | None = None
) -> FileResult | int:
    """Extract one file, or only count its pages when it is a PDF long enough to split."""
    KEPT.keep(None)
    try:
        count = splittable_page_count(Path(path), max_pages=max_pages, split_above=split_above)
    except MemoryError:
        count = None
    if count is not None:
        return count
    return extract_in_worker(path, max_pages, memory_mb, ocr)


def extract_range_in_worker(
    path: str, start: int, end: int | None, max_pages: int, ocr: OcrOptions | None = None
) -> PdfRange | FileResult:
    """Read one page range of a PDF; running out of memory reaches the parent as MemoryError."""
    try:
        return extract_pdf_range(Path(path), start, end, max_pages=max_pages, ocr=ocr, kept=KEPT)
    except BaseException:
        # Whatever failed may have left the open file half read.
        KEPT.keep(None)
        raise


def finish_in_worker(parts: list[RangeOutcome], page_count: int) -> FileResult:
    """Join a split PDF's ranges and clean its text as one document, inside the limits.

    Running out of memory reaches the parent as MemoryError, which settles the file as
    too large.
    """
    KEPT.keep(None)
    return merge_ranges(parts, page_count)


def ping_worker() -> int:
    """Answer from a started worker (its process id), to show the pool can run tasks."""
    return os.getpid()
