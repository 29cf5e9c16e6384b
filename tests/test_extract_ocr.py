"""Scanned plans: pages without a text layer are read by OCR in Swedish, the bytes untouched."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from extract_samples import archive_bytes, simple_pdf
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract.ocr import ocr_unavailable
from rcc_archive.extract.runner import extract_archive

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core
SCANNED_LINES = [
    "Vägen framåt för sjukvårdsregionen",
    "Vi ska förbättra vården för patienter",
    "med cancer i hela regionen under året.",
]
DPI = 200


def scanned_plan_pdf(pages: int = 2) -> bytes:
    """A PDF of page images only, as a scanner makes it: Swedish text drawn into pixels."""
    font = ImageFont.truetype(str(DEJAVU), 40)
    image = Image.new("L", (1600, 320), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(SCANNED_LINES):
        draw.text((50, 40 + index * 80), line, font=font, fill=0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    _, height = A4
    width_pt, height_pt = image.width * 72 / DPI, image.height * 72 / DPI
    for _ in range(pages):
        pdf.drawImage(ImageReader(image), 40, height - 60 - height_pt, width_pt, height_pt)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pages_of(data_dir: DataDir, sha256: str) -> list[tuple[int, str, str]]:
    db = data_dir.open_db()
    try:
        return db.execute(
            "select page_number, text, text_source from pdf_pages where sha256 = ? order by 1",
            [sha256],
        ).fetchall()
    finally:
        db.close()


def file_row(data_dir: DataDir, sha256: str) -> tuple[str, str | None]:
    db = data_dir.open_db()
    try:
        return db.execute(
            "select extract_status, extract_error from files where sha256 = ?", [sha256]
        ).fetchone()
    finally:
        db.close()


@pytest.fixture
def without_ocr_programs(monkeypatch, tmp_path):
    """A PATH on which neither ocrmypdf nor tesseract is found (workers inherit it)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ocr_unavailable.cache_clear()
    yield
    ocr_unavailable.cache_clear()


@pytest.mark.skipif(
    ocr_unavailable() is not None, reason=f"{ocr_unavailable()} (run `make system-deps`)"
)
def test_a_scanned_plan_is_read_in_swedish_after_a_run_without_ocr(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    scanned_body = scanned_plan_pdf()
    scanned, typed = archive_bytes(data_dir, [scanned_body, simple_pdf("Planen gäller 2024.")])

    first = extract_archive(data_dir, workers=1, ocr=False)
    assert first.statuses == {"no_text": 1, "ok": 1}
    assert file_row(data_dir, scanned)[0] == "no_text"

    # With OCR on, the scanned file is due again; the one with a text layer is not.
    second = extract_archive(data_dir, workers=1)
    assert (second.done, second.skipped) == (1, 1)
    status, reason = file_row(data_dir, scanned)
    assert status == "ok"
    assert "OCR (swe) read 2 pages" in reason
    pages = pages_of(data_dir, scanned)
    assert [(number, source) for number, _, source in pages] == [(1, "ocr"), (2, "ocr")]
    words = pages[0][1].split()
    # The English model reads these as "Vagen", "framat", "sjukvardsregionen", "férbattra".
    for word in ("Vägen", "framåt", "sjukvårdsregionen", "förbättra", "vården", "året."):
        assert word in words, pages[0][1]
    assert [source for _, _, source in pages_of(data_dir, typed)] == ["pdf"]
    # The archived bytes are what was crawled: OCR worked on copies.
    assert sha256_hex(data_dir.blobs().read(scanned)) == scanned
    assert data_dir.blobs().read(scanned) == scanned_body

    third = extract_archive(data_dir, workers=1)
    assert (third.done, third.skipped) == (0, 2)


def test_without_tesseract_a_scanned_plan_gets_a_note_not_a_crash(
    tmp_path, without_ocr_programs
) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    (scanned,) = archive_bytes(data_dir, [scanned_plan_pdf(pages=1)])

    summary = extract_archive(data_dir, workers=1, ocr=True)

    assert summary.statuses == {"no_text": 1}
    assert "OCR not available: ocrmypdf is not installed" in str(summary)
    status, reason = file_row(data_dir, scanned)
    assert status == "no_text"
    assert "OCR not available: ocrmypdf is not installed (Debian package ocrmypdf)" in reason
    assert [source for _, _, source in pages_of(data_dir, scanned)] == ["pdf"]


@pytest.mark.skipif(
    ocr_unavailable() is not None, reason=f"{ocr_unavailable()} (run `make system-deps`)"
)
def test_ocr_stops_at_the_time_limit_and_the_file_is_retried_only_when_asked(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    (scanned,) = archive_bytes(data_dir, [scanned_plan_pdf(pages=2)])

    # Three seconds leave no page the two seconds OCR needs at the least.
    extract_archive(data_dir, workers=1, timeout_s=3)
    status, reason = file_row(data_dir, scanned)
    assert status == "timeout"
    assert reason.startswith("OCR reached the time limit; 2 pages not recognised")

    again = extract_archive(data_dir, workers=1, timeout_s=60)
    assert (again.done, again.skipped) == (0, 1)
    retried = extract_archive(data_dir, workers=1, timeout_s=60, retry_failed=True)
    assert retried.statuses == {"ok": 1}
    assert [source for _, _, source in pages_of(data_dir, scanned)] == ["ocr", "ocr"]
