"""A long PDF read in page ranges by two workers: the same rows as one worker, failures named by page."""

from __future__ import annotations

import io
import json
import re

import pytest
from extract_samples import FOOTER, TABLE_ROWS, archive_bytes
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract.runner import extract_archive
from rcc_archive.extract.split import describe_range, page_ranges

PAGES = 120
# No footer on these pages: pages 61–80 then have it on only half their pages, so a
# range read on its own would not see it as a running footer; the document does.
NO_FOOTER = range(61, 71)
HYPHENATED_PAGE = 75


def long_plan_pdf(*, dense_from: int | None = None) -> bytes:
    """A 120-page plan: prose, a running footer, a ruled table on every tenth page.

    From page ``dense_from`` on, every page is packed with thousands of characters,
    seconds of work per range for pdfplumber.
    """
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Regional cancerplan, bilaga")
    pdf.setAuthor("RCC Syd")
    width, height = A4
    for number in range(1, PAGES + 1):
        if number not in NO_FOOTER:
            pdf.setFont("Helvetica", 9)
            pdf.drawString(72, 40, FOOTER.format(page=number))
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, height - 72, f"Kapitel {number}: Vårdförlopp och uppföljning")
        pdf.setFont("Helvetica", 11)
        for line in range(8):
            pdf.drawString(
                72,
                height - 110 - line * 16,
                f"Rad {line + 1} på sidan {number}: väntetider, jämlik vård och öppenhet.",
            )
        if number % 10 == 0:
            table = Table([[*row[:2], f"{number}"] for row in TABLE_ROWS], colWidths=[140] * 3)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black)]))
            _, table_height = table.wrapOn(pdf, width, height)
            table.drawOn(pdf, 72, height - 300 - table_height)
        if number == HYPHENATED_PAGE:
            pdf.drawString(72, 60, "Regionen tar fram en ny utvecklings-")
        if dense_from is not None and number >= dense_from:
            pdf.setFont("Helvetica", 4)
            for line in range(120):
                pdf.drawString(20, height - 340 - line * 4, "abcdefghij klmnopqrs " * 12)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def extracted_rows(data_dir: DataDir) -> dict[str, list[tuple]]:
    db = data_dir.open_db()
    try:
        return {
            "pages": db.execute(
                "select sha256, page_number, text, chars from pdf_pages order by 1, 2"
            ).fetchall(),
            "tables": db.execute(
                "select sha256, page_number, table_index, rows from pdf_tables order by 1, 2, 3"
            ).fetchall(),
            # Every files column but the times of archiving and of extraction.
            "files": [
                tuple(
                    value for key, value in row.items() if key not in ("first_seen", "extracted_at")
                )
                for row in db.table("files").rows_where(order_by="sha256")
            ],
        }
    finally:
        db.close()


@pytest.fixture(scope="module")
def long_plan() -> bytes:
    return long_plan_pdf()


def test_two_workers_store_exactly_what_one_worker_stores(tmp_path, long_plan: bytes) -> None:
    rows = {}
    for workers in (1, 2):
        data_dir = DataDir.at(tmp_path / f"workers-{workers}")
        archive_bytes(data_dir, [long_plan])
        summary = extract_archive(data_dir, workers=workers, timeout_s=120)
        assert summary.statuses == {"ok": 1}
        rows[workers] = extracted_rows(data_dir)

    assert rows[2] == rows[1]
    pages = rows[2]["pages"]
    assert [number for _, number, _, _ in pages] == list(range(1, PAGES + 1))
    assert [(number, index) for _, number, index, _ in rows[2]["tables"]] == [
        (number, 0) for number in range(10, PAGES + 1, 10)
    ]
    assert json.loads(rows[2]["tables"][-1][3])[0] == ["Region", "Antal patienter", "120"]
    # The footer is found across the whole document, so the hyphenated word above it
    # on page 75 is not glued onto it, however the pages were divided among workers.
    assert pages[HYPHENATED_PAGE - 1][2].splitlines()[-2:] == [
        "Regionen tar fram en ny utvecklings-",
        FOOTER.format(page=HYPHENATED_PAGE),
    ]


def test_a_range_that_times_out_is_reported_by_its_pages(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    (sha256,) = archive_bytes(data_dir, [long_plan_pdf(dense_from=101)])

    summary = extract_archive(data_dir, workers=2, timeout_s=3)

    assert summary.statuses == {"timeout": 1}
    db = data_dir.open_db()
    try:
        status, reason, page_count = db.execute(
            "select extract_status, extract_error, page_count from files where sha256 = ?",
            [sha256],
        ).fetchone()
        numbers = [
            number
            for (number,) in db.execute(
                "select page_number from pdf_pages where sha256 = ? order by 1", [sha256]
            )
        ]
    finally:
        db.close()
    assert status == "timeout"
    assert page_count == PAGES
    # The range that timed out is named by its pages, and it holds dense pages.
    timed_out = re.search(r"no result within 3 s; the worker was stopped \((.+?)\)", reason)
    assert timed_out is not None, reason
    names = {
        describe_range(start, end, PAGES): (start, PAGES if end is None else end)
        for start, end in page_ranges(PAGES, 2)
    }
    # (0-based start, end excluded: the 1-based numbers of its first and last page are
    # start + 1 and end.)
    start, last = names[timed_out.group(1)]
    assert last > 100, reason
    # The ranges read before the slow one failed keep their pages, whole; none of the
    # slow range's pages is stored. (Which of the short dense ranges at the end finish
    # within 3 s depends on the machine, so the test does not count them.)
    assert 1 in numbers
    assert not set(numbers) & set(range(start + 1, last + 1))
    for first, end in names.values():
        pages = set(range(first + 1, end + 1))
        assert set(numbers) & pages in (set(), pages), (first, end, sorted(numbers))


def hyphenated_plan_pdf(pages: int = 44, lines: int = 150) -> bytes:
    """A plan whose every page breaks one word over ``lines`` lines: "utveck-" … "lingsplan"."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    _, height = A4
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, 30, FOOTER.format(page=number))
        # Three lines of the page's own at its top and two at its bottom, so that only
        # the footer repeats where running headers and footers are looked for.
        name = "".join("abcdefghij"[int(digit)] for digit in str(number))
        own = [f"Avsnitt {name}", f"Om {name}", f"Mer om {name}"]
        pdf.setFont("Helvetica", 4)
        body = [*own, *["utveck-"] * lines, "lingsplan", *own[:2]]
        for line, text in enumerate(body):
            pdf.drawString(72, height - 40 - line * 4.2, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.mark.timeout(120)
def test_a_split_file_is_joined_and_cleaned_in_a_worker_and_settled_once(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    archive_bytes(data_dir, [hyphenated_plan_pdf()])

    summary = extract_archive(data_dir, workers=2, timeout_s=30)

    assert summary.statuses == {"ok": 1}
    pages = extracted_rows(data_dir)["pages"]
    assert len(pages) == 44
    assert pages[0][2].splitlines()[3:-3] == ["utveck" * 150 + "lingsplan"]
    # Saved with its status: the next run does not start the file again.
    again = extract_archive(data_dir, workers=2, timeout_s=30)
    assert (again.done, again.skipped) == (0, 1)
