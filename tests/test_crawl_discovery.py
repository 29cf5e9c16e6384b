"""Crawls of a loopback SiteVision-era site: sitemaps, wildcard robots rules, folders, faults.

Reads a ``tests.fault_server`` site built here (robots.txt with wildcard rules only, a
sitemap index pointing at a gzipped sitemap, a page linked from nowhere, a folder page,
an empty reply, an old link that now lands on a publication page) and runs real crawls
(``scraper.crawl``) into temporary data directories; asserts on what the server was asked
and on ``archive.db``.
"""

from __future__ import annotations

import gzip
import io
import urllib.robotparser
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import sqlite_utils
from fault_server import FaultHandler, FaultServer, Redirect, Static, mirror_path, real_path
from protego import Protego
from reportlab.pdfgen import canvas

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import RunSummary
from rcc_archive.scraper.crawl import CrawlOptions, crawl
from rcc_archive.scraper.urls import canonical_url, mirror_url

SITE = "https://cancercentrum.se"
PDF = "application/pdf"
FAST = {"RCC_RETRY_BACKOFF_BASE": 0.05, "RCC_RETRY_BACKOFF_MAX": 0.5}

ROBOTS = (
    "User-agent: *\n"
    "Disallow: /*?sv*\n"
    "Disallow: /*.xlsx$\n"
    "Disallow: /*/utkast-*\n"
    "\n"
    f"Sitemap: {SITE}/sitemap.xml\n"
)
HIDDEN = "/norr/om-rcc-norr/regional-cancerplan-2025-2027/"  # only in the sitemap
HIDDEN_PDF = "/download/18.6e1f3b2a18c0d4e5f6a7c001/1736412345678/Cancerplan Norr 2025.pdf"
FORBIDDEN = {
    "/download/18.6e1f3b2a18c0d4e5f6a7c002/1736412399001/Bilaga 1.xlsx": "Bilaga 1 (xlsx)",
    "/download/18.6e1f3b2a18c0d4e5f6a7c003/1/utkast-cancerplan.pdf": "Utkast cancerplan",
    "/norr/om-rcc-norr/regional-cancerplan-2025-2027/?sv.target=12.abc": "Cancerplan (utskrift)",
}
NOT_A_PLAN = "/norr/kontakt/"  # in the sitemap, not about plans: never fetched
STYRDOKUMENT = "/syd/om-rcc-syd/styrdokument/"  # a plan page by its link text only
FOLDER = "?folder=19.2b3c4d5e18d1e2f3a4b5c710&sv.url=12.2b3c4d5e18d1e2f3a4b5c720"
FOLDER_PDF = "/download/18.2b3c4d5e18d1e2f3a4b5c801/1690000000000/Uppföljning 2022.pdf"
EMPTY_PDF = "/download/18.2b3c4d5e18d1e2f3a4b5c802/1736000000000/Handlingsplan 2025.pdf"
OLD_PUBLICATION = "/globalassets/sharepoint-dokument/artikelkatalog/ovrigt/2025-9-9654.pdf"
PUBLICATION = "/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2025-9-9654/"
PUBLICATION_PDF = "/contentassets/7d2e4f6a8b0c41d3a5e7f9b1c3d5e7f9/2025-9-9654.pdf"


def real(path: str) -> str:
    """The canonical real URL of a path as the server knows it (unquoted)."""
    url = canonical_url(SITE + quote(path, safe="/?=&"))
    assert url is not None
    return url


def folder_route() -> str:
    """Where the server finds the folder page: the query is part of wget's file name."""
    found = real_path(urlsplit(mirror_url(real(STYRDOKUMENT + FOLDER), "http://mirror")).path)
    assert found is not None
    return found


def make_pdf(title: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sv_page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html><html lang='sv'><head><meta charset='utf-8'>"
        f"<title>{title} - Regionala cancercentrum</title>"
        "<script>sv.PageContext={pageId:'4.6e1f3b2a18c0d4e5f6a7b8c9'};</script></head>"
        "<body><header><nav><a href='/'>Start</a></nav></header>"
        f"<main><h1>{title}</h1>{body}</main>"
        "<footer><a href='/om-webbplatsen/'>Om webbplatsen</a></footer></body></html>"
    ).encode()


def file_link(href: str, name: str) -> str:
    return (
        f"<li class='sv-file-portlet-file'><a href='{quote(href, safe='/?=&')}' class='normal'>{name}"
        "<span class='env-assistive-text'> Pdf, 97.3 kB.</span></a></li>"
    )


def sitemap_index() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{SITE}/sitemap1.xml.gz</loc></sitemap></sitemapindex>"
    ).encode()


def sitemap1() -> bytes:
    urls = "".join(
        f"<url><loc>{SITE}{path}</loc><lastmod>2025-03-01</lastmod></url>"
        for path in ("/", NOT_A_PLAN, HIDDEN)
    )
    xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return gzip.compress(xml.encode(), mtime=0)


@dataclass(frozen=True)
class EmptyReplies:
    """Close the connection without a byte ``failures`` times, then behave like ``then``."""

    failures: int
    then: Static

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        if attempt > self.failures:
            self.then.respond(handler, attempt)
            return
        handler.close_connection = True


HIDDEN_BODY = (
    "<div class='sv-text-portlet'><h2>Cancerplan 2025–2027</h2></div>"
    "<div class='sv-file-portlet'><ul class='sv-file-portlet-list'>"
    + file_link(HIDDEN_PDF, "Cancerplan Norr 2025.pdf")
    + "".join(file_link(href, text) for href, text in FORBIDDEN.items())
    + "</ul></div>"
)
STYRDOKUMENT_BODY = (
    "<div class='sv-text-portlet'><h2>Styrdokument</h2></div>"
    f"<p><a href='{FOLDER}'>Arkiv</a></p>"
    "<div class='sv-file-portlet'><ul>"
    + file_link(EMPTY_PDF, "Handlingsplan 2025.pdf")
    + file_link(OLD_PUBLICATION, "Analys av utvecklingen vid regionala cancercentrum 2025")
    + "</ul></div>"
)
FOLDER_BODY = (
    "<div class='sv-text-portlet'><h2>Arkiv</h2></div><div class='sv-file-share'>"
    "<script>AppRegistry.registerInitialState('12.2b3c4d5e18d1e2f3a4b5c720', "
    '{"files":[{"id":"18.2b3c4d5e18d1e2f3a4b5c801","name":"Uppföljning 2022.pdf",'
    f'"uri":"sv:file:18.2b3c4d5e18d1e2f3a4b5c801","url":"{quote(FOLDER_PDF)}","fileSize":4410,'
    '"lastModifiedDateTime":"2023-01-01T00:00:00Z"}],"folders":[]});</script></div>'
)
PUBLICATION_BODY = (
    "<p><span>Artikelnummer: 2025-9-9654</span> <span class='date'>Publicerad: 2025-09-30</span></p>"
    f"<a class='publication-wrapper__main-doc' href='{PUBLICATION_PDF}'>Öppna publikation</a>"
)
PDFS = {
    HIDDEN_PDF: make_pdf("Cancerplan Norr 2025"),
    FOLDER_PDF: make_pdf("Uppföljning 2022"),
    EMPTY_PDF: make_pdf("Handlingsplan 2025"),
    PUBLICATION_PDF: make_pdf("Analys 2025"),
}


def routes() -> dict[str, Any]:
    site: dict[str, Any] = {
        "/robots.txt": Static(ROBOTS.encode(), "text/plain; charset=utf-8"),
        "/sitemap.xml": Static(sitemap_index(), "application/xml"),
        "/sitemap1.xml.gz": Static(sitemap1(), "application/x-gzip"),
        "/": Static(sv_page("Regionala cancercentrum", "")),
        "/syd/": Static(
            sv_page("RCC Syd", f"<p><a href='{STYRDOKUMENT}'>Regional cancerplan</a></p>")
        ),
        NOT_A_PLAN: Static(sv_page("Kontakt", "")),
        HIDDEN: Static(sv_page("Regional cancerplan 2025–2027", HIDDEN_BODY)),
        STYRDOKUMENT: Static(sv_page("Styrdokument", STYRDOKUMENT_BODY)),
        folder_route(): Static(sv_page("Styrdokument", FOLDER_BODY)),
        EMPTY_PDF: EmptyReplies(2, Static(PDFS[EMPTY_PDF], PDF)),
        OLD_PUBLICATION: Redirect(mirror_path(PUBLICATION), status=301),
        PUBLICATION: Static(sv_page("Analys av utvecklingen 2025", PUBLICATION_BODY)),
    }
    for path, body in PDFS.items():
        site.setdefault(path, Static(body, PDF))
    for path in FORBIDDEN:
        site[path] = Static(make_pdf("must not be fetched"), PDF)
    return site


@dataclass
class Crawled:
    data: DataDir
    server: FaultServer
    summary: RunSummary

    def db(self) -> sqlite_utils.Database:
        return self.data.open_db()

    def document(self, path: str) -> dict[str, Any]:
        # By any URL the document has been linked by (document_urls), not only its current one.
        rows = list(
            self.db().query(
                "select d.* from documents d join document_urls u on u.document_id = d.id "
                "where u.url = ?",
                [real(path)],
            )
        )
        assert rows, f"no document linked by {path}"
        return rows[0]


def run(data: DataDir, server: FaultServer, **settings: Any) -> RunSummary:
    options = CrawlOptions(
        mirror=server.url,
        spiders=("cancercentrum",),
        timeout=3.0,
        quiet=True,
        settings={**FAST, **settings},
    )
    return crawl(data, options)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    with FaultServer(routes()) as server:
        data = DataDir.at(tmp_path_factory.mktemp("discovery") / "data")
        yield Crawled(data, server, run(data, server))


def test_a_page_only_the_sitemap_lists_is_crawled_and_its_pdf_archived(crawled):
    assert crawled.server.count("/sitemap.xml") == 1
    assert crawled.server.count("/sitemap1.xml.gz") == 1
    assert crawled.server.count(HIDDEN) == 1
    doc = crawled.document(HIDDEN_PDF)
    assert doc["sha256"] and doc["status"] == "current"
    assert doc["title"] == "Cancerplan Norr 2025" and doc["section"] == "Cancerplan 2025–2027"
    assert doc["found_on"] == SITE + HIDDEN and doc["region"] == "norr"
    # A listed page that is not about plans is left alone.
    assert crawled.server.count(NOT_A_PLAN) == 0


def test_the_run_notes_say_how_many_pages_came_from_the_sitemap(crawled):
    (notes,) = crawled.db().execute("select notes from crawl_runs").fetchone()
    assert "cancercentrum: 1 page came from the sitemap" in notes
    assert "2 sitemap files, 3 pages listed, 1 about plans" in notes
    assert any("came from the sitemap" in note for note in crawled.summary.notes)


def test_sitemaps_are_fetched_as_sitemaps_and_kept(crawled):
    rows = list(
        crawled.db().query(
            "select url, outcome, sha256 from fetches where kind = 'sitemap' order by id"
        )
    )
    assert [row["url"] for row in rows] == [f"{SITE}/sitemap.xml", f"{SITE}/sitemap1.xml.gz"]
    assert all(row["outcome"] == "new" and crawled.data.blobs().has(row["sha256"]) for row in rows)
    hit = next(hit for hit in crawled.server.hits if hit.path == "/sitemap1.xml.gz")
    assert hit.headers["Accept"].startswith("application/xml")


def test_links_only_a_wildcard_rule_forbids_are_never_requested(crawled):
    for path in FORBIDDEN:
        assert crawled.server.count(path) == 0, path
        rows = list(crawled.db().query("select * from fetches where url = ?", [real(path)]))
        assert rows and all(row["outcome"] == "skipped" for row in rows), path
        assert all("robots" in row["error"].lower() for row in rows)


def test_urllib_robotparser_would_have_allowed_what_protego_forbids():
    stdlib = urllib.robotparser.RobotFileParser()
    stdlib.parse(ROBOTS.splitlines())
    protego = Protego.parse(ROBOTS)
    for path in FORBIDDEN:
        # The standard library reads "*" and "$" literally, so nothing matches them.
        assert stdlib.can_fetch("rcc-archive", real(path)), path
        assert not protego.can_fetch(real(path), "rcc-archive"), path
    assert protego.can_fetch(real(HIDDEN_PDF), "rcc-archive")
    assert protego.can_fetch(SITE + STYRDOKUMENT + FOLDER, "rcc-archive")  # "&sv", not "?sv"


def test_a_folder_link_on_a_plan_page_is_followed_to_its_json_files(crawled):
    assert crawled.server.count(folder_route()) == 1
    doc = crawled.document(FOLDER_PDF)
    assert doc["sha256"] and doc["title"] == "Uppföljning 2022" and doc["section"] == "Arkiv"
    assert doc["found_on"] == SITE + STYRDOKUMENT + FOLDER


def test_an_empty_reply_is_retried_like_a_503(crawled):
    rows = list(
        crawled.db().query("select * from fetches where url = ? order by id", [real(EMPTY_PDF)])
    )
    assert [row["outcome"] for row in rows] == ["error", "error", "new"]
    assert all(row["error"].startswith("empty reply") for row in rows[:2])
    assert crawled.document(EMPTY_PDF)["status"] == "current"


def test_documents_ask_for_the_document_and_pages_for_html(crawled):
    document_hits = [hit for hit in crawled.server.hits if hit.path == HIDDEN_PDF]
    page_hits = [hit for hit in crawled.server.hits if hit.path == HIDDEN]
    assert document_hits[0].headers["Accept"].startswith("application/pdf")
    assert "text/html" not in document_hits[0].headers["Accept"]
    assert page_hits[0].headers["Accept"].startswith("text/html")


def test_an_old_link_that_lands_on_a_publication_page_is_followed_to_its_pdf(crawled):
    doc = crawled.document(OLD_PUBLICATION)
    assert doc["status"] == "current" and doc["sha256"]
    assert crawled.data.blobs().read(doc["sha256"]) == PDFS[PUBLICATION_PDF]
    assert crawled.server.count(PUBLICATION_PDF) == 1
    (nulls,) = crawled.db().execute("select count(*) from fetches where outcome is null").fetchone()
    assert nulls == 0


def test_the_request_cap_stops_the_run_with_the_reason_and_removes_nothing(tmp_path):
    with FaultServer(routes()) as server:
        data = DataDir.at(tmp_path / "data")
        first = run(data, server)
        assert first.status in ("ok", "warning")
        capped = run(data, server, RCC_MAX_REQUESTS=6)
    assert capped.status == "failed"
    assert any("request cap of 6 reached" in note for note in capped.notes), capped.notes
    db = data.open_db()
    (notes,) = db.execute("select notes from crawl_runs where id = ?", [capped.run_id]).fetchone()
    assert "RCC_MAX_REQUESTS" in notes
    (removed,) = db.execute("select count(*) from documents where status = 'removed'").fetchone()
    assert removed == 0
