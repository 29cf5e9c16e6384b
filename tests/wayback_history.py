"""The bundled mirror as the Wayback Machine would hold it: captures at two dates, as a WARC.

Reads ``mirror/site``; writes a gzipped WARC (with warcio) of its plan pages and PDFs as
captured on two dates. Between the dates one plan page changed (in 2019 it also linked a
plan since withdrawn, captured then and never since) and one PDF changed (its 2019 bytes
are an earlier edition); everything else was the same on both dates.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rcc_archive.mirror import SITE_DIR
from rcc_archive.scraper.links import FoundLink, is_plan_link
from rcc_archive.scraper.urls import canonical_url, real_url_from_mirror

OLD, NEW = "20190301101500", "20210601083000"
OLD_ISO, NEW_ISO = "2019-03-01T10:15:00Z", "2021-06-01T08:30:00Z"
WITHDRAWN_NAME = "regional-cancerplan-2015-2018.pdf"


def small_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of Swedish text."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for number, line in enumerate(lines):
        page.drawString(72, 770 - 18 * number, line)
    page.showPage()
    page.save()
    return out.getvalue()


def _real_url(path: Path) -> str:
    relative = path.relative_to(SITE_DIR).as_posix()
    real = real_url_from_mirror("http://m/" + relative, "http://m")
    assert real is not None
    return real


def _is_plan_url(url: str) -> bool:
    return is_plan_link(
        FoundLink(
            url=url, text="", title="", section="", region=None, is_document=False, allowed=True
        )
    )


@dataclass
class History:
    """What the WARC holds, for the assertions."""

    captures: list[tuple[str, str, bytes, str]] = field(default_factory=list)  # ts, url, body, type
    changed_page: str = ""
    changed_pdf: str = ""
    old_pdf_body: bytes = b""
    withdrawn_pdf: str = ""
    withdrawn_body: bytes = b""


def build_history() -> History:
    """Choose the changed page and PDF from the mirror as it is, and list every capture."""
    pages = sorted(
        p for p in SITE_DIR.glob("cancercentrum.se/**/index.html") if _is_plan_url(_real_url(p))
    )
    pdfs = {_real_url(p): p for p in SITE_DIR.glob("cancercentrum.se/**/*.pdf")}
    history = History()
    for page in pages:
        url = _real_url(page)
        linked = [
            canonical_url(href, url)
            for href in html.fromstring(page.read_bytes()).xpath("//a/@href")
        ]
        mirrored = [link for link in linked if link in pdfs]
        if mirrored and not history.changed_page:
            history.changed_page, history.changed_pdf = url, mirrored[0]
    assert history.changed_page, "the mirror has no plan page linking a mirrored PDF"
    folder = history.changed_pdf.rsplit("/", 1)[0]
    history.withdrawn_pdf = f"{folder}/{WITHDRAWN_NAME}"
    history.withdrawn_body = small_pdf(
        ["Regional cancerplan 2015-2018", "Planen ersattes 2019 och finns inte kvar."]
    )
    history.old_pdf_body = small_pdf(["Cancerplan, remissversion", "Tidigare utgåva av planen."])
    for page in pages:
        url, body = _real_url(page), page.read_bytes()
        old = body
        if url == history.changed_page:
            link = (
                f'<p><a href="{history.withdrawn_pdf}">Regional cancerplan 2015–2018 (pdf)</a></p>'
            )
            old = body.replace(b"</main>", link.encode() + b"</main>", 1)
            if old == body:
                old = body.replace(b"</body>", link.encode() + b"</body>", 1)
        history.captures.append((OLD, url, old, "text/html; charset=utf-8"))
        history.captures.append((NEW, url, body, "text/html; charset=utf-8"))
    for url, path in sorted(pdfs.items()):
        body = path.read_bytes()
        old = history.old_pdf_body if url == history.changed_pdf else body
        history.captures.append((OLD, url, old, "application/pdf"))
        history.captures.append((NEW, url, body, "application/pdf"))
    history.captures.append((OLD, history.withdrawn_pdf, history.withdrawn_body, "application/pdf"))
    return history


def write_warc(history: History, out: Path) -> Path:
    """Write every capture as a response record dated at its capture time."""
    with open(out, "wb") as handle:
        writer = WARCWriter(handle, gzip=True, warc_version="1.1")
        for stamp, url, body, content_type in history.captures:
            date = (
                f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:]}Z"
            )
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return out
