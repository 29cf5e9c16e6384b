"""Render a mirror document's story to PDF bytes with reportlab (platypus).

Reads a ``Doc`` and its blocks from ``mirror.stories``; writes nothing (returns bytes).
Output is byte-for-byte repeatable: ``invariant=1`` fixes reportlab's IDs and timestamps,
the creation date comes from the document, not the clock, and streams are left
uncompressed because deflate output varies between zlib builds. Text uses the built-in
Helvetica (WinAnsi), which covers å, ä, ö, é, – and —.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from rcc_archive.mirror.documents import Doc
from rcc_archive.mirror.stories import story

MARGIN = 60
BRAND = colors.HexColor("#3c1f5c")
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14, spaceAfter=6)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5, spaceAfter=0)
HEAD_CELL = ParagraphStyle("headcell", parent=CELL, fontName="Helvetica-Bold")
H1 = ParagraphStyle(
    "h1",
    fontName="Helvetica-Bold",
    fontSize=16,
    leading=20,
    textColor=BRAND,
    spaceBefore=12,
    spaceAfter=8,
)
H2 = ParagraphStyle(
    "h2", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=24, leading=30, textColor=BRAND)
COVER_LINE = ParagraphStyle("cover", fontName="Helvetica", fontSize=13, leading=18, spaceBefore=6)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=14, bulletIndent=2, spaceAfter=2)
LIGATURE_FONT = "Helvetica-Ligatures"


def render_pdf(doc: Doc) -> bytes:
    """Return the PDF bytes of a document."""
    blocks = story(doc)
    _check_encodable(blocks)
    buffer = io.BytesIO()
    width, height = A4
    frame_width = width - 2 * MARGIN
    single = Frame(MARGIN, MARGIN, frame_width, height - 2 * MARGIN, id="body")
    gutter = 24
    column = (frame_width - gutter) / 2
    left = Frame(MARGIN, MARGIN, column, height - 2 * MARGIN, id="left")
    right = Frame(MARGIN + column + gutter, MARGIN, column, height - 2 * MARGIN, id="right")
    on_page = _page_decorator(doc)
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[
            PageTemplate("page", [single], onPage=on_page),
            PageTemplate("twocol", [left, right], onPage=on_page),
        ],
        title=doc.title,
        author=doc.rcc,
        subject=doc.subtitle or doc.title,
        creator=doc.rcc,
        invariant=1,
        pageCompression=0,  # zlib builds differ in output; plain streams repeat everywhere
        lang="sv",
    )
    template.build(flowables(blocks, frame_width))
    return buffer.getvalue()


def flowables(blocks: list[tuple[Any, ...]], width: float) -> list[Flowable]:
    """Turn story blocks into platypus flowables."""
    out: list[Flowable] = []
    for index, block in enumerate(blocks):
        kind = block[0]
        if kind == "cover":
            out += [Spacer(1, 150), Paragraph(escape(block[1]), TITLE), Spacer(1, 18)]
            out += [Paragraph(escape(line), COVER_LINE) for line in block[2]]
        elif kind == "pagebreak":
            following = blocks[index + 1][0] if index + 1 < len(blocks) else ""
            out += [NextPageTemplate("twocol" if following == "columns" else "page"), PageBreak()]
        elif kind == "h1":
            out.append(Paragraph(escape(block[1]), H1))
        elif kind == "h2":
            out.append(Paragraph(escape(block[1]), H2))
        elif kind == "p":
            out.append(Paragraph(escape(block[1]), BODY))
        elif kind == "bullets":
            out += [Paragraph(escape(item), BULLET, bulletText="–") for item in block[1]]
            out.append(Spacer(1, 6))
        elif kind == "table":
            out += [ruled_table(block[1], width), Spacer(1, 10)]
        elif kind == "columns":
            out += flowables(block[1], width)
            out.append(FrameBreak())
            out += flowables(block[2], width)
        elif kind == "hyphenated":
            out.append(ExplicitLines(block[1]))
        elif kind == "ligature":
            out.append(LigatureParagraph(block[1], width))
        elif kind == "conceptmap":
            out.append(concept_map(block[1], width))
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return out


def ruled_table(rows: list[list[str]], width: float) -> Table:
    """A table with a grid and a bold, shaded header row (pdfplumber finds it by its lines)."""
    cells = [[Paragraph(escape(text), HEAD_CELL) for text in rows[0]]]
    cells += [[Paragraph(escape(text), CELL) for text in row] for row in rows[1:]]
    first = width * (0.34 if len(rows[0]) > 3 else 0.46)
    rest = (width - first) / (len(rows[0]) - 1)
    table = Table(cells, colWidths=[first] + [rest] * (len(rows[0]) - 1), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#6f6f6f")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e0ee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


class ExplicitLines(Flowable):
    """Body text drawn line by line, so line ends (and hyphens) are exactly as given."""

    def __init__(self, lines: list[str], size: float = 10, leading: float = 14) -> None:
        super().__init__()
        self.lines, self.size, self.leading = lines, size, leading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = max(
            pdfmetrics.stringWidth(line, "Helvetica", self.size) for line in self.lines
        )
        if self.width > available_width:
            raise ValueError("an explicit line is wider than the frame")
        return self.width, self.leading * len(self.lines) + 12

    def draw(self) -> None:
        self.canv.setFont("Helvetica", self.size)
        y = self.leading * (len(self.lines) - 1) + 12
        for line in self.lines:
            self.canv.drawString(0, y, line)
            y -= self.leading


class LigatureParagraph(Flowable):
    """A paragraph whose "ﬁ" is drawn as Helvetica's own fi glyph (byte 0x81, /fi)."""

    def __init__(self, text: str, width: float, size: float = 10, leading: float = 14) -> None:
        super().__init__()
        self.size, self.leading = size, leading
        self.lines = _wrap(text, width, size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, self.leading * len(self.lines) + 12

    def draw(self) -> None:
        _register_ligature_font()
        self.canv.setFont(LIGATURE_FONT, self.size)  # makes the font a page resource
        name = self.canv._doc.getInternalFontName(LIGATURE_FONT)
        y = self.leading * (len(self.lines) - 1) + 12
        for line in self.lines:
            # reportlab would route U+FB01 to a fallback font, so write the text operator
            # ourselves with the code our encoding maps to /fi.
            self.canv._code.append(
                f"BT {name} {self.size} Tf 1 0 0 1 0 {y} Tm ({_pdf_string(line)}) Tj ET"
            )
            y -= self.leading


def concept_map(clusters: list[tuple[str, float, float]], width: float) -> Drawing:
    """Draw the concept map: one labelled circle per cluster, placed by its two ratings."""
    drawing = Drawing(width, 300)
    drawing.add(Line(40, 30, width - 20, 30, strokeColor=colors.grey))
    drawing.add(Line(40, 30, 40, 290, strokeColor=colors.grey))
    drawing.add(
        String(width / 2, 10, "Genomslag", fontName="Helvetica", fontSize=9, textAnchor="middle")
    )
    drawing.add(String(44, 280, "Viktighet", fontName="Helvetica", fontSize=9))
    for name, importance, effect in clusters:
        x = 40 + (effect - 1.5) / 2.5 * (width - 120)
        y = 30 + (importance - 3.0) / 1.8 * 240
        drawing.add(Circle(x, y, 22, fillColor=colors.HexColor("#d9cfe6"), strokeColor=BRAND))
        drawing.add(
            String(x, y - 34, name, fontName="Helvetica", fontSize=8.5, textAnchor="middle")
        )
    return drawing


def _page_decorator(doc: Doc) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Return the per-page callback: footer, cover band and the document's fixed date."""
    created = doc.date.replace("-", "")

    def decorate(canvas: Canvas, template: BaseDocTemplate) -> None:
        canvas.setDateFormatter(lambda *_: f"D:{created}090000+01'00'")
        page = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        if doc.layout == "hyphenated":
            canvas.drawCentredString(
                A4[0] / 2, 30, f"{doc.rcc} · Cancerplan {doc.period} · sida {page}"
            )
        else:
            canvas.drawString(MARGIN, 30, doc.rcc)
            canvas.drawRightString(A4[0] - MARGIN, 30, f"Sida {page}")
        if page == 1:
            canvas.setFillColor(BRAND)
            canvas.rect(0, A4[1] - 70, A4[0], 70, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont("Helvetica-Bold", 14)
            canvas.drawString(MARGIN, A4[1] - 44, doc.rcc)
        canvas.restoreState()

    return decorate


def _register_ligature_font() -> None:
    if LIGATURE_FONT in pdfmetrics.getRegisteredFontNames():
        return
    encoding = pdfmetrics.Encoding("WinAnsiWithFi", "WinAnsiEncoding")
    encoding[0x81] = "fi"  # 0x81 is unused in WinAnsi
    pdfmetrics.registerEncoding(encoding)
    pdfmetrics.registerFont(pdfmetrics.Font(LIGATURE_FONT, "Helvetica", "WinAnsiWithFi"))


def _pdf_string(text: str) -> str:
    out = []
    for char in text:
        code = 0x81 if char == "\ufb01" else char.encode("cp1252")[0]
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= code < 127:
            out.append(chr(code))
        else:
            out.append(f"\\{code:03o}")
    return "".join(out)


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        # The fi glyph is exactly as wide as "f" plus "i" in Helvetica.
        if (
            pdfmetrics.stringWidth(candidate.replace("\ufb01", "fi"), "Helvetica", size) > width
            and current
        ):
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def _check_encodable(blocks: list[tuple[Any, ...]]) -> None:
    """Fail the build if a text would fall outside WinAnsi and be drawn as a wrong glyph."""
    for block in blocks:
        for text in _texts(block):
            text.replace("\ufb01", "").encode("cp1252")


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts(item)]
    return []
