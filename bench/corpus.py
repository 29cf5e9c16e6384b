"""Generate the benchmark's PDF corpus: Swedish plan documents with ruled tables.

Reads nothing; writes PDF files into the folder it is given. Output is byte-for-byte
repeatable (reportlab's ``invariant=1`` fixes IDs and timestamps, and the text comes
from a seeded ``random.Random``), so two runs on two machines extract the same pages.
Every third page carries a ruled table, so pdfplumber's table finder does real work.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from bench.text import heading, page_paragraphs, table_rows

SIZES = (10, 60, 400)
MARGIN = 56
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=6)
H1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=8)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5, spaceAfter=0)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e0f0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


@dataclass(frozen=True)
class CorpusFile:
    """One generated PDF and how many pages it has."""

    path: Path
    pages: int


def render_document(pages: int, seed: int) -> bytes:
    """Return the bytes of a ``pages``-page Swedish plan document drawn from ``seed``."""
    rng = random.Random(seed)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Regional cancerplan (benchmark {pages} sidor, {seed})",
        author="rcc-archive bench",
        invariant=1,
    )
    width = A4[0] - 2 * MARGIN
    story = []
    for number in range(1, pages + 1):
        story.append(Paragraph(escape(heading(rng, number)), H1))
        with_table = number % 3 == 0
        # Sized to fill about one A4 page, so a document of n pages has n pages.
        paragraphs = page_paragraphs(rng, 2 if with_table else 4, 4)
        story.extend(Paragraph(escape(text), BODY) for text in paragraphs)
        if with_table:
            rows = [[Paragraph(escape(cell), CELL) for cell in row] for row in table_rows(rng, 6)]
            story.append(Table(rows, colWidths=[width / 5] * 5, style=GRID))
        if number < pages:
            story.append(PageBreak())
    template.build(story)
    return buffer.getvalue()


def write_corpus(
    folder: Path, sizes: tuple[int, ...] = SIZES, copies: int = 1, seed: int = 7
) -> list[CorpusFile]:
    """Write ``copies`` distinct documents of each size into ``folder``; reuse existing ones."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for pages in sizes:
        for copy in range(copies):
            path = folder / f"plan-{pages:04d}p-{copy}.pdf"
            if not path.exists():
                data = render_document(pages, seed * 1_000_003 + pages * 101 + copy)
                temporary = path.with_suffix(".tmp")
                temporary.write_bytes(data)
                temporary.replace(path)
            files.append(CorpusFile(path=path, pages=pages))
    return files
