"""A long PDF read in page ranges by several workers: where to cut, and joining the ranges.

Reads nothing; writes nothing. The runner cuts a PDF of more than ``SPLIT_ABOVE_PAGES``
pages into contiguous ranges (``page_ranges``), each read in its own worker task, and
joins what comes back, in page order, into the one ``FileResult`` a whole-file read
would give (``merge_ranges``): the text is cleaned across the whole document, so the
pages are the same whichever way the file was read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rcc_archive.archive import sniff
from rcc_archive.extract.metadata import PdfMetadata
from rcc_archive.extract.pdf import finish_pdf
from rcc_archive.extract.result import BROKEN, TIMEOUT, FileResult, PdfRange

# A PDF is read in ranges only above this many pages: below it, the join and a second
# opening of the file cost more than the second worker saves.
SPLIT_ABOVE_PAGES = 40
# Each range is this share of the pages not yet cut, per worker: long ranges first,
# then shorter and shorter ones, so that the workers run out of pages nearly together
# (a range is a task of its own, and a worker reading the next range of a file it has
# open goes on where it stopped, so a short range costs little more than its pages).
RANGE_SHARE = 0.5
# No range is longer than this share of the file per worker: each range has the time
# limit a whole file has, so a long file gets several limits' worth of time.
MAX_RANGE_SHARE = 0.25
# … and none is shorter than this.
MIN_RANGE_PAGES = 5


@dataclass(frozen=True)
class RangeFailure:
    """A range whose worker gave no result (timed out, died, ran out of memory), or None:
    a range left unread because another range of the file had failed."""

    start: int
    end: int | None
    result: FileResult | None


# What one range task comes back as.
RangeOutcome = PdfRange | FileResult | RangeFailure


@dataclass
class SplitFile:
    """A PDF being read in page ranges, and the ranges that have come back so far."""

    page_count: int
    ranges: list[tuple[int, int | None]]
    parts: dict[int, RangeOutcome] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return len(self.parts) == len(self.ranges)

    def add(self, index: int, part: RangeOutcome) -> list[RangeOutcome] | None:
        """Keep range ``index``'s outcome; return every range's, in order, once it is settled.

        A failed range settles the file at once: its other ranges are marked unread,
        so a hostile file costs one time limit, as it would read whole. The caller
        joins the outcomes with ``merge_ranges``.
        """
        self.parts[index] = part
        if isinstance(part, RangeFailure):
            for other, (start, end) in enumerate(self.ranges):
                self.parts.setdefault(other, RangeFailure(start, end, None))
        if not self.complete:
            return None
        return [self.parts[i] for i in range(len(self.ranges))]


def page_ranges(page_count: int, workers: int) -> list[tuple[int, int | None]]:
    """Cut ``page_count`` pages into contiguous ranges, in order, each shorter than the last.

    Ranges are 0-based with the end excluded; the last is open-ended (None), since
    pdfplumber may find more pages in the page tree than PDFium counts.
    """
    workers = max(1, workers)
    longest = math.ceil(page_count * MAX_RANGE_SHARE / workers)
    ranges: list[tuple[int, int | None]] = []
    start = 0
    while start < page_count:
        left = page_count - start
        size = max(MIN_RANGE_PAGES, min(longest, math.ceil(left * RANGE_SHARE / workers)))
        if left - size < MIN_RANGE_PAGES:
            size = left
        ranges.append((start, start + size))
        start += size
    if not ranges:
        return [(0, None)]
    ranges[-1] = (ranges[-1][0], None)
    return ranges


def merge_ranges(parts: list[RangeOutcome], page_count: int) -> FileResult:
    """Join one PDF's ranges, given in page order, into the file's result.

    A ``FileResult`` among the parts is a verdict on the whole file (it cannot be
    opened, it has too many pages) and is the result. A failed range makes the file
    fail with the same status, its reason naming the pages; the pages that were read
    are kept.
    """
    for part in parts:
        if isinstance(part, FileResult):
            return part
    read = [part for part in parts if isinstance(part, PdfRange)]
    failed = [part for part in parts if isinstance(part, RangeFailure)]
    if read:
        # Every range that could be short of text counted PDFium's characters
        # (``extract_pdf_range``), so the sum is the whole file's count.
        result = finish_pdf(read, [], lambda: sum(part.pdfium_chars or 0 for part in read))
    else:
        result = FileResult(status=BROKEN, content_type=sniff.PDF, page_count=page_count)
    if not failed:
        return result
    causes: dict[str, list[str]] = {}
    unread: list[str] = []
    for part in failed:
        pages = describe_range(part.start, part.end, page_count)
        if part.result is None:
            unread.append(pages)
        else:
            causes.setdefault(part.result.reason or part.result.status, []).append(pages)
    reasons = [f"{cause} ({', '.join(pages)})" for cause, pages in causes.items()]
    if unread:
        reasons.append(f"{', '.join(unread)} not read after that")
    if result.reason:
        reasons.append(result.reason)
    statuses = {part.result.status for part in failed if part.result is not None}
    result.status = TIMEOUT if TIMEOUT in statuses else BROKEN
    result.reason = "; ".join(reasons)
    result.seconds += sum(part.result.seconds for part in failed if part.result is not None)
    return result


def unfinished(parts: list[RangeOutcome], page_count: int, failure: FileResult) -> FileResult:
    """The result of a file whose ranges were read but could not be joined and cleaned.

    ``failure`` says what stopped the join (its time limit, its memory limit, its
    worker's death); no page is kept, since none has been cleaned.
    """
    read = [part for part in parts if isinstance(part, PdfRange)]
    first = read[0] if read else None
    pages = sum(len(part.pages) for part in read)
    return FileResult(
        status=failure.status,
        reason=f"cleaning up the text of {pages} pages: {failure.reason or failure.status}",
        content_type=sniff.PDF,
        page_count=max([page_count, *(part.page_count for part in read)]),
        metadata=first.metadata if first is not None else PdfMetadata(),
        seconds=sum(part.seconds for part in read) + failure.seconds,
    )


def describe_range(start: int, end: int | None, page_count: int) -> str:
    """Name a range the way a reader counts pages: "pages 41–80"."""
    last = page_count if end is None else end
    return f"page {last}" if last == start + 1 else f"pages {start + 1}–{last}"
