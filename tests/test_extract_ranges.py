"""Page ranges of one PDF: how a file is cut, and a worker keeping the file open between
its ranges reads exactly what fresh reads and a whole-file read give."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from rcc_archive.extract.crosscheck import PdfiumView
from rcc_archive.extract.metadata import PdfMetadata
from rcc_archive.extract.opened import KeptPdf, OpenedPdf
from rcc_archive.extract.pdf import extract_pdf, extract_pdf_range
from rcc_archive.extract.result import PdfRange
from rcc_archive.extract.split import (
    MAX_RANGE_SHARE,
    MIN_RANGE_PAGES,
    merge_ranges,
    page_ranges,
)


@pytest.mark.parametrize("workers", [1, 2, 4])
@pytest.mark.parametrize("pages", [1, 5, 41, 60, 120, 400, 3000])
def test_ranges_cover_the_file_in_order_and_shrink(pages: int, workers: int) -> None:
    ranges = page_ranges(pages, workers)
    bounds = [start for start, _ in ranges] + [pages]
    assert bounds[0] == 0 and ranges[-1][1] is None
    assert all(end == bounds[index + 1] for index, (_, end) in enumerate(ranges[:-1]))
    sizes = [after - before for before, after in itertools.pairwise(bounds)]
    assert all(size >= min(MIN_RANGE_PAGES, pages) for size in sizes)
    longest = max(MIN_RANGE_PAGES, -(-pages * MAX_RANGE_SHARE // workers))
    # Never longer than the cap; shorter and shorter, but for a last range that
    # took in a remainder too short to stand alone.
    assert all(size <= longest + MIN_RANGE_PAGES for size in sizes)
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)


def _varied_pdf(pages: int = 14) -> bytes:
    """Pages of three heights, text on each, a ruled table on every fourth."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for number in range(1, pages + 1):
        height = (842, 595, 1000)[number % 3]
        pdf.setPageSize((595, height))
        pdf.setFont("Helvetica", 11)
        for line in range(6):
            pdf.drawString(
                72, height - 72 - 16 * line, f"Sida {number}, rad {line}: vård och omsorg"
            )
        if number % 4 == 0:
            table = Table([["Region", "Antal"], ["Norr", str(number)], ["Syd", "7"]])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black)]))
            table.wrapOn(pdf, 595, height)
            table.drawOn(pdf, 72, height - 260)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _comparable(part: PdfRange) -> tuple[object, ...]:
    return (part.pages, part.tables, part.page_errors, part.tree_error, part.page_count)


def test_a_kept_file_reads_each_range_as_a_fresh_open_does(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_varied_pdf())
    ranges = [(0, 3), (3, 7), (7, 10), (10, None)]
    fresh = [extract_pdf_range(path, start, end) for start, end in ranges]
    assert all(isinstance(part, PdfRange) for part in fresh)
    # In order, as one worker given every range reads them; then out of order, as a
    # worker given ranges again after a restart may.
    for order in ([0, 1, 2, 3], [2, 0, 3, 1]):
        kept = KeptPdf()
        for index in order:
            start, end = ranges[index]
            part = extract_pdf_range(path, start, end, kept=kept)
            assert isinstance(part, PdfRange)
            assert _comparable(part) == _comparable(fresh[index])  # type: ignore[arg-type]
        kept.keep(None)
    # Joined, the ranges are the whole file's result.
    whole = extract_pdf(path)
    joined = merge_ranges(list(fresh), 14)
    assert (joined.status, joined.pages, joined.tables) == (whole.status, whole.pages, whole.tables)
    assert len(whole.tables) == 3


def test_another_file_replaces_the_kept_one(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(_varied_pdf(4))
    second.write_bytes(_varied_pdf(5))
    kept = KeptPdf()
    extract_pdf_range(first, 0, 2, kept=kept)
    opened = kept.get(first)
    assert opened is not None and kept.get(second) is None
    extract_pdf_range(second, 0, 2, kept=kept)
    assert kept.get(first) is None and opened.stream.closed
    assert kept.get(second) is not None


def _opened_with_tree(walker: Iterator[object]) -> OpenedPdf:
    """An OpenedPdf whose page tree yields ``walker``'s items (no file behind it)."""
    opened = OpenedPdf(
        path=Path("x.pdf"),
        stream=io.BytesIO(),
        pdf=None,  # type: ignore[arg-type]
        view=PdfiumView(page_count=None),
        metadata=PdfMetadata(),
    )
    opened._walker = walker  # type: ignore[assignment]
    return opened


def test_a_page_tree_error_belongs_only_to_walks_that_reach_it() -> None:
    def tree() -> Iterator[object]:
        yield from ("p1", "p2", "p3")
        raise ValueError("loop in /Kids")

    opened = _opened_with_tree(tree())
    # A fresh walk asked for 2 pages (limit 1) stops before the error …
    assert opened.page_objects(1) == (["p1", "p2"], None)
    # … one asked for more meets it, and so does every later walk that far …
    assert opened.page_objects(5) == (["p1", "p2", "p3"], "ValueError: loop in /Kids")
    assert opened.page_objects(3) == (["p1", "p2", "p3"], "ValueError: loop in /Kids")
    # … but not a shorter one, as a fresh walk would not.
    assert opened.page_objects(0) == (["p1"], None)
    assert opened.page_objects(2) == (["p1", "p2", "p3"], None)


def test_a_split_files_ranges_queue_after_earlier_ranges_and_before_whole_files() -> None:
    from collections import deque

    from rcc_archive.extract.runner import _queue_ranges, _Task
    from rcc_archive.extract.split import SplitFile

    def task(name: str, split: SplitFile | None = None) -> _Task:
        return _Task(name, Path(name), print, (), split)

    first, second = SplitFile(60, [(0, 30), (30, None)]), SplitFile(50, [(0, 25), (25, None)])
    queue = deque([task("a0", first), task("a1", first), task("whole-1"), task("whole-2")])
    _queue_ranges(queue, [task("b0", second), task("b1", second)])
    assert [item.sha256 for item in queue] == ["a0", "a1", "b0", "b1", "whole-1", "whole-2"]
    empty: deque[_Task] = deque()
    _queue_ranges(empty, [task("b0", second)])
    assert [item.sha256 for item in empty] == ["b0"]
