"""OCR speed: pages per second for scanned pages, read in Swedish by ocrmypdf + Tesseract.

Reads nothing from the repository; writes a generated scanned PDF (full A4 pages of
Swedish prose drawn into 200-dpi images, DejaVu Sans) under the work folder. Measures
``extract_pdf`` with OCR on, one process and one thread as the extractor runs it, and
the share of the drawn words that come back exactly (å, ä, ö included).
"""

from __future__ import annotations

import io
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rcc_archive.extract.ocr import OcrOptions, ocr_unavailable
from rcc_archive.extract.pdf import extract_pdf

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DPI = 200
PROSE = (
    "Vägen framåt för sjukvårdsregionen är att förbättra vården för patienter med cancer. "
    "Väntetiderna ska bli kortare och vårdförloppen följas upp varje år. Öppenvården och "
    "närsjukvården samverkar med specialistvården så att misstänkt cancer utreds snabbt. "
)


def scanned_pdf(path: Path, pages: int) -> list[str]:
    """Write ``pages`` image-only A4 pages of Swedish prose; return the words drawn."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = ImageFont.truetype(str(FONT), 30)
    words = (PROSE * 20).split()
    lines: list[str] = []
    line: list[str] = []
    for word in words:
        if len(" ".join([*line, word])) > 80:
            lines.append(" ".join(line))
            line = []
        line.append(word)
    lines = lines[:40]
    width, height = round(A4[0] / 72 * DPI), round(A4[1] / 72 * DPI)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for index, text in enumerate(lines):
        draw.text((120, 150 + index * 52), text, font=font, fill=0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for _ in range(pages):
        pdf.drawImage(ImageReader(image), 0, 0, A4[0], A4[1])
        pdf.showPage()
    pdf.save()
    path.write_bytes(buffer.getvalue())
    return [word for text in lines for word in text.split()]


def measure_ocr(workdir: Path, pages: int) -> dict[str, Any]:
    """Extract a scanned PDF with OCR and report pages per second and word accuracy."""
    missing = ocr_unavailable()
    if missing is not None:
        return {"skipped": missing}
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "scanned.pdf"
    drawn = scanned_pdf(path, pages)
    started = time.perf_counter()
    result = extract_pdf(path, ocr=OcrOptions(budget_s=60.0 * pages))
    seconds = time.perf_counter() - started
    expected = Counter(drawn)
    # Words read exactly as drawn, counted as a multiset: a missed word does not shift
    # the rest out of line.
    exact = [sum((Counter(page.text.split()) & expected).values()) for page in result.pages]
    return {
        "pages": pages,
        "status": result.status,
        "ocr_pages": sum(1 for page in result.pages if page.source == "ocr"),
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 3) if seconds > 0 else None,
        "words_drawn_per_page": len(drawn),
        "words_exact_share": round(sum(exact) / (len(drawn) * max(1, len(exact))), 3),
    }
