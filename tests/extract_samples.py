"""PDFs made for the extraction tests, and a data directory filled the way a crawl fills it.

Reads nothing from the repository; writes PDF bytes (reportlab, or raw PDF syntax for
the hostile files) and, in ``archive_bytes``, blobs and ``files`` rows.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable

import shared_material
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.sniff import sniff_type

# The shared corpus of awkward real-world PDFs sits beside the repository checkout
# (../shared, or RCC_SHARED_DIR); shared_material says what happens when it is missing.
CORPUS = shared_material.CORPUS

FOOTER = "RCC Norr · Cancerplan 2024–2027 · sida {page}"
TABLE_ROWS = [
    ["Region", "Antal patienter", "Väntetid (dagar)"],
    ["Norr", "1 234", "12"],
    ["Syd", "2 345", "9"],
    ["Västra Götaland", "3 456", "14"],
]
LEFT_COLUMN = (
    "Vänsterspalten börjar här. Regionerna ska gemensamt förbättra vården för "
    "patienter med cancer genom att korta väntetiderna och öka jämlikheten. Arbetet "
    "följs upp varje år med öppna jämförelser av kvalitetsregistren, och resultaten "
    "redovisas för regionernas ledningar. Slutet på vänsterspalten."
)
RIGHT_COLUMN = (
    "Högerspalten börjar här. Primärvården och specialistvården ska samverka så att "
    "misstänkt cancer utreds snabbt i standardiserade vårdförlopp. Patienternas "
    "erfarenheter samlas in med enkäter, och förbättringsarbetet sker i nära dialog "
    "med patientföreningarna. Slutet på högerspalten."
)
SPANNING_PARAGRAPH = "Denna avslutande text löper över hela sidans bredd, under båda spalterna."


def swedish_plan_pdf() -> bytes:
    """A three-page Swedish plan: prose, hyphenated line ends, a ruled table, two columns."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Regional cancerplan för Norr")
    pdf.setAuthor("RCC Norr")
    pdf.setCreator("extract_samples")
    width, height = A4

    _footer(pdf, 1)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, height - 72, "Regional cancerplan 2024–2027")
    pdf.setFont("Helvetica", 11)
    lines = [
        "Målet är att förbättra vården för patienter i hela regionen.",
        "Öppenvården och närsjukvården ska samverka för ökad jämlikhet.",
        "Arbetet med utvecklings-",
        "planen fortsätter under året.",
        "Patienter med huvud-",
        "och halscancer ska få snabbare utredning.",
    ]
    for index, line in enumerate(lines):
        pdf.drawString(72, height - 110 - index * 16, line)
    table = Table(TABLE_ROWS, colWidths=[140, 120, 120])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                ("FONT", (0, 0), (-1, -1), "Helvetica", 10),
            ]
        )
    )
    _, table_height = table.wrapOn(pdf, width, height)
    table.drawOn(pdf, 72, height - 260 - table_height)
    pdf.showPage()

    _footer(pdf, 2)
    _two_columns(pdf, "Två spalter på en sida")
    pdf.showPage()

    _footer(pdf, 3)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, height - 72, "Den sista sidan handlar om uppföljning.")
    # The last line of the page ends in a hyphen right above the running footer,
    # whose first word is capitalised: the footer must not be glued onto it.
    pdf.drawString(72, 60, "Regionen tar fram en ny utvecklings-")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def two_column_pdf() -> bytes:
    """One A4 page: a full-width title, two columns on shared baselines, a full-width line."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    _two_columns(pdf, "Två spalter på en sida")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def column_lines(text: str, width: float = 220) -> list[str]:
    """Split a column's text into the lines ``_two_columns`` draws."""
    return simpleSplit(text, "Helvetica", 10, width)


def _two_columns(pdf: canvas.Canvas, title: str) -> None:
    _, height = A4
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, height - 72, title)
    pdf.setFont("Helvetica", 10)
    left = column_lines(LEFT_COLUMN)
    right = column_lines(RIGHT_COLUMN)
    top = height - 110
    for index, line in enumerate(left):
        pdf.drawString(72, top - index * 13, line)
    for index, line in enumerate(right):
        pdf.drawString(318, top - index * 13, line)
    bottom = top - max(len(left), len(right)) * 13 - 20
    pdf.drawString(72, bottom, SPANNING_PARAGRAPH)


def _footer(pdf: canvas.Canvas, page: int) -> None:
    pdf.setFont("Helvetica", 9)
    pdf.drawString(72, 40, FOOTER.format(page=page))


def encrypted_pdf(password: str = "hemligt") -> bytes:
    """A one-page PDF that needs a user password."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=password)
    pdf.drawString(72, 720, "Hemlig text som kräver lösenord.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def simple_pdf(text: str) -> bytes:
    """A one-page PDF holding one line of text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def raw_pdf(stream: bytes, *, pages: int = 1) -> bytes:
    """A PDF, written by hand, whose pages all share one Flate-compressed content stream.

    A few kilobytes on disk can so ask pdfminer for any amount of work or memory.
    """
    kids = " ".join(f"{5 + index} 0 R" for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects.extend(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        for _ in range(pages)
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def slow_pdf(pages: int = 300) -> bytes:
    """Many pages that each draw thousands of characters: minutes of work for pdfplumber."""
    row = b"(" + b"abcdefghij" * 10 + b") Tj 0 -12 Td\n"
    return raw_pdf(zlib.compress(b"BT /F1 10 Tf 20 780 Td\n" + row * 60 + b"ET\n"), pages=pages)


def decompression_bomb_pdf(megabytes: int = 400) -> bytes:
    """A page whose content stream inflates from well under a megabyte to ``megabytes`` MB."""
    packer = zlib.compressobj(1)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return raw_pdf(stream)


def archive_bytes(data_dir: DataDir, bodies: Iterable[bytes]) -> list[str]:
    """Store bodies as the crawl does (blob + ``files`` row per distinct hash); return hashes."""
    db = data_dir.open_db()
    blobs = data_dir.blobs()
    hashes = []
    try:
        for body in bodies:
            sha256 = blobs.put(body)
            db.table("files").insert(
                {
                    "sha256": sha256,
                    "bytes": len(body),
                    "content_type": sniff_type(body),
                    "first_seen": utcnow_iso(),
                },
                pk="sha256",
                ignore=True,
            )
            hashes.append(sha256)
    finally:
        db.close()
    return hashes
