"""The mirror's non-PDF files: an .xlsx annex, cover images, style sheets and robots.txt.

Reads the text bank in ``mirror.texts``; writes nothing (returns bytes or text). Zip entries
carry fixed dates, PNGs no timestamps, and nothing is deflated (zlib builds differ in their
output), so the bytes repeat on every build and every machine.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO
from xml.sax.saxutils import escape

from rcc_archive.mirror.content import rng_for
from rcc_archive.mirror.documents import Doc
from rcc_archive.mirror.texts import AREAS

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def xlsx_bytes(doc: Doc) -> bytes:
    """Return a minimal, valid OOXML workbook with one sheet of indicators."""
    rng = rng_for(doc)
    rows: list[list[str | int]] = [
        ["Område", "Indikator", "Målnivå", "Utgångsläge 2021", "Resultat 2022", "Resultat 2023"]
    ]
    for area in AREAS.values():
        for indicator, target in area.indicators:
            start = rng.randint(40, 85)
            rows.append(
                [
                    area.heading,
                    indicator,
                    target,
                    start,
                    start + rng.randint(-3, 6),
                    start + rng.randint(-2, 9),
                ]
            )
    files = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _XML + f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
        "docProps/core.xml": _core_properties(doc),
        "xl/workbook.xml": _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Indikatorer" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _XML
        + f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": _sheet(rows),
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2022, 3, 24, 9, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # deflate output varies between zlib builds
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def png_bytes(
    width: int, height: int, colour: tuple[int, int, int], band: tuple[int, int, int]
) -> bytes:
    """Return a small RGB PNG: a plain cover with a coloured band across the top third."""
    rows = []
    for y in range(height):
        pixel = bytes(band if y < height // 3 else colour)
        rows.append(b"\x00" + pixel * width)
    raw = _stored_zlib(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _stored_zlib(data: bytes) -> bytes:
    """A zlib stream of uncompressed deflate blocks: the same bytes with any zlib build."""
    out = bytearray(b"\x78\x01")
    for start in range(0, len(data), 65535):
        block = data[start : start + 65535]
        final = start + 65535 >= len(data)
        out += bytes([final]) + struct.pack("<HH", len(block), 0xFFFF ^ len(block)) + block
    return bytes(out + struct.pack(">I", zlib.adler32(data)))


def _content_types() -> str:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sheet}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet}.worksheet+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
    )


def _core_properties(doc: Doc) -> str:
    return (
        _XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(doc.title)}</dc:title><dc:creator>{escape(doc.rcc)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{doc.date}T09:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )


def _sheet(rows: list[list[str | int]]) -> str:
    out = [_XML, f'<worksheet xmlns="{_MAIN}"><sheetData>']
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{chr(ord('A') + c)}{r}"
            if isinstance(value, int):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


RCC_CSS = """/* Regionala cancercentrum – offline mirror style sheet */
body { font-family: Arial, Helvetica, sans-serif; margin: 0; color: #222; line-height: 1.5; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; }
.site-header { background: #3c1f5c; color: #fff; padding: 1rem 2rem; }
.site-header a { color: #fff; }
.site-header__brand { font-size: 1.4rem; font-weight: bold; }
.region-menu ul, .main-menu ul { list-style: none; display: flex; gap: 1rem; padding: 0; flex-wrap: wrap; }
.region-menu .is-active a { text-decoration: underline; font-weight: bold; }
.breadcrumbs ol { list-style: none; display: flex; gap: .5rem; padding: .5rem 2rem; margin: 0; background: #f2eef7; }
.breadcrumbs li + li::before { content: "›"; margin-right: .5rem; }
main { max-width: 48rem; padding: 1rem 2rem 3rem; }
.preamble { font-size: 1.15rem; }
.region-selector ul { list-style: none; display: flex; gap: .5rem; flex-wrap: wrap; padding: 0; }
.region-selector a { display: block; padding: .3rem .8rem; border: 1px solid #3c1f5c; border-radius: 3px; }
.regional-content { border-top: 3px solid #3c1f5c; margin-top: 2rem; }
.link-list li { margin: .3rem 0; }
.page-info { font-size: .9rem; color: #555; border-top: 1px solid #ddd; margin-top: 2rem; }
.site-footer { background: #2b2b2b; color: #ddd; padding: 1.5rem 2rem; }
.site-footer a { color: #fff; }
/* SiteVision layout (2025) */
.sv-layout { box-sizing: border-box; }
.sv-text-portlet { margin-bottom: 1.5rem; }
.sv-download { font-weight: bold; }
.sv-file-size { color: #555; font-size: .85rem; }
"""

SOS_CSS = """/* Socialstyrelsen – offline mirror style sheet */
body { font-family: Georgia, serif; margin: 0; color: #1a1a1a; line-height: 1.55; }
.header { background: #005b7f; color: #fff; padding: 1rem 2rem; }
.header a { color: #fff; }
.header__nav ul { list-style: none; display: flex; gap: 1.2rem; padding: 0; }
.breadcrumb { padding: .5rem 2rem; background: #eef5f8; }
main { max-width: 46rem; padding: 1rem 2rem 3rem; }
.publication-wrapper__main-doc, .publication-hero__download { display: inline-block; background: #005b7f;
  color: #fff; padding: .6rem 1.2rem; border-radius: 3px; text-decoration: none; }
.footer { background: #003b52; color: #fff; padding: 1.5rem 2rem; }
.footer a { color: #fff; }
"""

ROBOTS = {
    # SiteVision's wildcard rules: "/*?sv*" hides print and editing views, "/*utkast*$"
    # the drafts (one exists only under /download/, so only the wildcard hides it).
    "cancercentrum.se": "User-agent: *\nDisallow: /globalassets/internt/\nDisallow: /sok/\n"
    "Disallow: /*?sv*\nDisallow: /*utkast*$\n\nSitemap: https://cancercentrum.se/sitemap.xml\n",
    "www.socialstyrelsen.se": "User-agent: *\nDisallow: /sok/\n",
}
