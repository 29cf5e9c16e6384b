"""Fault injection: what the catalogue says after a crawl of a misbehaving site.

Reads a loopback ``tests.fault_server`` site and runs real crawls (``scraper.crawl``) into
data directories under pytest's tmp dirs; asserts on ``archive.db`` and the blob store.
One crawl of a site full of faults serves the per-fault tests; a second pair of crawls
(clean, then faulty at the same URLs) checks that a fault never overwrites what was kept.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlite_utils
from fault_server import (
    FailThenServe,
    FaultServer,
    Oversize,
    Redirect,
    ShortBody,
    Stall,
    Static,
    failing_forever,
    loopback_host_other_than_127_0_0_1,
    mirror_path,
    throttled_then,
)
from reportlab.pdfgen import canvas

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import RunSummary
from rcc_archive.scraper.crawl import CrawlOptions, crawl

pytestmark = pytest.mark.reliability

SITE = "https://cancercentrum.se"
TIMEOUT = 2.0
MAX_BYTES = 1_000_000
RETRY_TIMES = 3  # scraper.settings: every fault below is retried this often, then given up
FAST_BACKOFF = {"RCC_RETRY_BACKOFF_BASE": 0.05, "RCC_RETRY_BACKOFF_MAX": 1.5}

FAULT_PAGE = "/syd/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
CP1252_HEADER_PAGE = "/mellansverige/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
CP1252_META_PAGE = "/norr/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
BROKEN_PAGE = "/vast/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
BROKEN_SUBPAGE = BROKEN_PAGE + "cancerplan-2024/"
DOCS = "/globalassets/cancerplaner/syd/"


def make_pdf(title: str) -> bytes:
    """Return a one-page PDF that prints ``title``."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setTitle(title)
    pdf.drawString(72, 720, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def page(
    title: str,
    links: list[tuple[str, str]],
    encoding: str = "utf-8",
    meta_charset: str | None = "utf-8",
) -> bytes:
    """Return a plain plan page linking ``(href, text)`` pairs, encoded as asked."""
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (
        f"<!doctype html><html><head>{meta}<title>{title}</title></head>"
        f"<body><main><h1>{title}</h1><h2>Dokument</h2><ul>{items}</ul></main></body></html>"
    ).encode(encoding)


PDF = "application/pdf"
GOOD_PDF = make_pdf("Regional cancerplan 2024-2027")
RETRIED_PDF = make_pdf("Uppföljning efter två 503")
THROTTLED_PDF = make_pdf("Uppföljning efter 429")
MOVED_PDF = make_pdf("Plan på en ny adress")
SECRET_PDF = make_pdf("Får inte hämtas")
HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>Sidan kunde inte visas</title></head>"
    b"<body><h1>Ett fel uppstod</h1><p>Prova igen senare.</p></body></html>"
)

# Link texts in windows-1252: every Swedish letter, and an en dash (0x96 in cp1252).
CP1252_HEADER_TEXT = "Regional cancerplan för Örebro län och Västmanland – åtgärder 2024"
CP1252_META_TEXT = "Handlingsplan för Jämtland Härjedalen – Överenskommelse"
BROKEN_HTML = (
    "<html><head><title>Strategisk utvecklingsplan – Väst</title>\n"
    "<body><div class='wrap'><h1>Strategisk utvecklingsplan</h1></div></div></div>\n"
    "<table><tr><td><span>Stray cell</td></span>\n"
    "<h2>Planer</h2><ul>\n"
    f'<li><a href="{DOCS}broken-1.pdf">Cancerplan 2024–2027 (pdf)\n'
    f"<li><a href={DOCS}broken-2.pdf>Uppföljning 2025</a>\n"
    "<p><b><i>Oavslutade taggar</b>\n"
    f'<a href="{BROKEN_SUBPAGE}">Cancerplan 2024</a>\n'
    "</ul></p></table></span></div>"
).encode()


def fault_routes(other_host: str) -> dict[str, Any]:
    """The faulty site: one document per fault, linked from the Syd plan page."""
    links = [
        (f"{DOCS}good.pdf", "Regional cancerplan 2024–2027 (pdf)"),
        (f"{DOCS}retried.pdf", "Uppföljning efter två fel"),
        (f"{DOCS}throttled.pdf", "Uppföljning efter 429"),
        (f"{DOCS}stalled.pdf", "Plan som aldrig kommer"),
        (f"{DOCS}short.pdf", "Plan som bryts av"),
        (f"{DOCS}moved.pdf", "Plan som har flyttat"),
        (f"{DOCS}alias.pdf", "Samma plan under en gammal adress"),
        (f"{DOCS}loop-a.pdf", "Plan i en omdirigeringsslinga"),
        (f"{DOCS}offsite.pdf", "Plan som skickas till en annan värd"),
        (f"{DOCS}offsite-loopback.pdf", "Plan som skickas till en annan adress"),
        (f"{DOCS}oversize.pdf", "Jättestor plan"),
        (f"{DOCS}oversize-streamed.pdf", "Jättestor plan utan längd"),
        (f"{DOCS}html-error.pdf", "Plan som är en felsida"),
        ("/globalassets/secret/plan.pdf", "Hemlig plan"),
    ]
    return {
        "/": Static(page("Regionala cancercentrum", [])),
        "/robots.txt": Static(
            b"User-agent: *\nDisallow: /globalassets/secret/\n", "text/plain; charset=utf-8"
        ),
        FAULT_PAGE: Static(page("Strategisk utvecklingsplan Syd", links)),
        f"{DOCS}good.pdf": Static(GOOD_PDF, PDF),
        f"{DOCS}retried.pdf": FailThenServe(2, 503, Static(RETRIED_PDF, PDF)),
        f"{DOCS}throttled.pdf": throttled_then(Static(THROTTLED_PDF, PDF), retry_after="1"),
        f"{DOCS}stalled.pdf": Stall(),
        f"{DOCS}short.pdf": ShortBody(declared=10_000, sent=100),
        f"{DOCS}moved.pdf": Redirect(mirror_path(f"{DOCS}ny-plats/moved.pdf"), status=301),
        f"{DOCS}ny-plats/moved.pdf": Static(MOVED_PDF, PDF),
        f"{DOCS}alias.pdf": Redirect(f"{SITE}{DOCS}good.pdf", status=301),
        # One leg in mirror space, one as a real URL: the crawler must see both as the site.
        f"{DOCS}loop-a.pdf": Redirect(mirror_path(f"{DOCS}loop-b.pdf")),
        f"{DOCS}loop-b.pdf": Redirect(f"{SITE}{DOCS}loop-a.pdf"),
        f"{DOCS}offsite.pdf": Redirect("http://evil.example/x.pdf"),
        f"{DOCS}offsite-loopback.pdf": Redirect(f"{other_host}{mirror_path(DOCS + 'x.pdf')}"),
        f"{DOCS}oversize.pdf": Oversize(3_000_000),
        f"{DOCS}oversize-streamed.pdf": Oversize(3_000_000, declare_length=False),
        f"{DOCS}html-error.pdf": Static(HTML_ERROR, "text/html; charset=utf-8"),
        "/globalassets/secret/plan.pdf": Static(SECRET_PDF, PDF),
        CP1252_HEADER_PAGE: Static(
            page(
                "Mål för cancervården i Mellansverige",
                [(f"{DOCS}cp1252-a.pdf", CP1252_HEADER_TEXT + " (pdf)")],
                encoding="cp1252",
                meta_charset=None,
            ),
            "text/html; charset=windows-1252",
        ),
        CP1252_META_PAGE: Static(
            page(
                "Åtgärder i Norr",
                [(f"{DOCS}cp1252-b.pdf", CP1252_META_TEXT)],
                encoding="cp1252",
                meta_charset="windows-1252",
            ),
            "text/html",
        ),
        f"{DOCS}cp1252-a.pdf": Static(make_pdf("cp1252 a"), PDF),
        f"{DOCS}cp1252-b.pdf": Static(make_pdf("cp1252 b"), PDF),
        BROKEN_PAGE: Static(BROKEN_HTML),
        BROKEN_SUBPAGE: Static(page("Cancerplan 2024", [])),
        f"{DOCS}broken-1.pdf": Static(make_pdf("broken 1"), PDF),
        f"{DOCS}broken-2.pdf": Static(make_pdf("broken 2"), PDF),
    }


def run_crawl(data: DataDir, server: FaultServer) -> RunSummary:
    """Crawl the fault server the way the CLI would, with short time-outs and backoff."""
    options = CrawlOptions(
        mirror=server.url,
        spiders=("cancercentrum",),
        timeout=TIMEOUT,
        max_bytes=MAX_BYTES,
        quiet=True,
        settings=FAST_BACKOFF,
    )
    return crawl(data, options)


@dataclass
class CrawledSite:
    """A finished crawl: its data directory, the server it read and the run's summary."""

    data: DataDir
    server: FaultServer
    other: FaultServer
    summary: RunSummary

    def db(self) -> sqlite_utils.Database:
        return self.data.open_db()


@pytest.fixture(scope="module")
def faulty_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledSite]:
    with (
        FaultServer(host=loopback_host_other_than_127_0_0_1()) as other,
        FaultServer(fault_routes(other.url)) as server,
    ):
        data = DataDir.at(tmp_path_factory.mktemp("faulty") / "data")
        yield CrawledSite(data, server, other, run_crawl(data, server))


def fetches(db: sqlite_utils.Database, path: str) -> list[dict[str, Any]]:
    """Every fetch row of a real path, oldest first."""
    return list(db.query("select * from fetches where url = ? order by id", [SITE + path]))


def document(db: sqlite_utils.Database, path: str) -> dict[str, Any]:
    """The ``documents`` row of a real path."""
    rows = list(db.query("select * from documents where url = ?", [SITE + path]))
    assert rows, f"no documents row for {path}"
    return rows[0]


def versions(db: sqlite_utils.Database, path: str) -> list[dict[str, Any]]:
    """The ``document_versions`` rows of a real path."""
    return list(
        db.query(
            "select v.* from document_versions v join documents d on d.id = v.document_id "
            "where d.url = ? order by v.sha256",
            [SITE + path],
        )
    )


def sha(body: bytes) -> str:
    """The sha256 hex digest the archive names a body by."""
    return hashlib.sha256(body).hexdigest()


# -- the faulty site, one fault per test ---------------------------------------------------


def test_a_faulty_site_still_gives_a_finished_run_and_the_good_document(faulty_site):
    db = faulty_site.db()
    assert faulty_site.summary.status in ("ok", "warning"), faulty_site.summary.notes
    assert document(db, f"{DOCS}good.pdf")["sha256"] == sha(GOOD_PDF)
    assert document(db, f"{DOCS}good.pdf")["status"] == "current"


def test_two_503s_then_200_gives_three_fetch_rows_and_an_archived_document(faulty_site):
    db = faulty_site.db()
    rows = fetches(db, f"{DOCS}retried.pdf")
    assert [row["http_status"] for row in rows] == [503, 503, 200]
    assert [row["outcome"] for row in rows] == ["error", "error", "new"]
    assert all("503" in row["error"] for row in rows[:2])
    assert rows[2]["sha256"] == sha(RETRIED_PDF)
    assert document(db, f"{DOCS}retried.pdf")["status"] == "current"
    assert [v["sha256"] for v in versions(db, f"{DOCS}retried.pdf")] == [sha(RETRIED_PDF)]
    assert faulty_site.server.count(f"{DOCS}retried.pdf") == 3


def test_429_with_retry_after_is_honoured_then_archived(faulty_site):
    db = faulty_site.db()
    rows = fetches(db, f"{DOCS}throttled.pdf")
    assert [row["http_status"] for row in rows] == [429, 200]
    assert rows[0]["outcome"] == "error" and "429" in rows[0]["error"]
    first, second = faulty_site.server.times(f"{DOCS}throttled.pdf")
    # The backoff alone would retry after 0.05 s; Retry-After: 1 asked for a second.
    assert second - first >= 0.95
    assert document(db, f"{DOCS}throttled.pdf")["sha256"] == sha(THROTTLED_PDF)


def test_a_stalled_download_times_out_and_the_document_is_broken(faulty_site):
    db = faulty_site.db()
    rows = fetches(db, f"{DOCS}stalled.pdf")
    assert len(rows) == RETRY_TIMES + 1
    assert all(row["outcome"] == "error" and "timeout" in row["error"] for row in rows)
    assert all(row["duration_ms"] < (TIMEOUT + 1.5) * 1000 for row in rows)
    doc = document(db, f"{DOCS}stalled.pdf")
    assert doc["status"] == "broken" and "timeout" in doc["status_reason"]
    assert versions(db, f"{DOCS}stalled.pdf") == []


def test_a_body_shorter_than_its_content_length_is_incomplete_and_not_kept(faulty_site):
    db = faulty_site.db()
    rows = fetches(db, f"{DOCS}short.pdf")
    assert rows and all(row["outcome"] == "error" for row in rows)
    assert all("incomplete" in row["error"] for row in rows)
    doc = document(db, f"{DOCS}short.pdf")
    assert doc["status"] == "broken" and "incomplete" in doc["status_reason"]
    assert doc["sha256"] is None and versions(db, f"{DOCS}short.pdf") == []


def test_a_document_behind_a_same_site_redirect_is_archived_with_both_urls(faulty_site):
    db = faulty_site.db()
    (hop,) = fetches(db, f"{DOCS}moved.pdf")
    assert hop["http_status"] == 301 and hop["redirect_to"] == f"{SITE}{DOCS}ny-plats/moved.pdf"
    # The link only redirects, so the document is at the URL that answers; the linked URL
    # is one of its URLs (document_urls), and its link still says where it was found.
    doc = document(db, f"{DOCS}ny-plats/moved.pdf")
    assert doc["status"] == "current", doc
    assert doc["sha256"] == sha(MOVED_PDF) and doc["found_on"] == SITE + FAULT_PAGE
    assert [v["sha256"] for v in versions(db, f"{DOCS}ny-plats/moved.pdf")] == [sha(MOVED_PDF)]
    owners = dict(db.execute("select url, document_id from document_urls").fetchall())
    assert owners[f"{SITE}{DOCS}moved.pdf"] == doc["id"]
    removed = db.execute("select url from documents where status = 'removed'").fetchall()
    assert removed == [], "a run must not call a document it just fetched removed"


def test_a_redirect_to_a_document_also_linked_directly_is_that_document(faulty_site):
    db = faulty_site.db()
    assert fetches(db, f"{DOCS}alias.pdf")[0]["redirect_to"] == f"{SITE}{DOCS}good.pdf"
    # One redirects to the other, so they are one document (shared/schema.md), under the
    # URL that answers; both URLs are its own.
    doc = document(db, f"{DOCS}good.pdf")
    assert (doc["status"], doc["sha256"]) == ("current", sha(GOOD_PDF))
    owners = dict(db.execute("select url, document_id from document_urls").fetchall())
    assert owners[f"{SITE}{DOCS}alias.pdf"] == owners[f"{SITE}{DOCS}good.pdf"] == doc["id"]


def test_a_redirect_loop_ends_with_an_error_and_a_broken_document(faulty_site):
    db = faulty_site.db()
    a, b = f"{DOCS}loop-a.pdf", f"{DOCS}loop-b.pdf"
    rows = fetches(db, a) + fetches(db, b)
    assert rows[0]["http_status"] == 302 and rows[0]["redirect_to"] == SITE + b
    # Bounded: REDIRECT_MAX_TIMES (5) hops at most, per attempt.
    assert faulty_site.server.count(a) + faulty_site.server.count(b) <= 2 * 6
    doc = document(db, a)
    assert doc["status"] == "broken", doc
    assert "redirect" in doc["status_reason"].lower()
    assert any(row["outcome"] == "error" and "redirect" in row["error"] for row in rows)


def test_an_off_site_redirect_is_recorded_and_never_followed(faulty_site):
    db = faulty_site.db()
    for path, target in (
        (f"{DOCS}offsite.pdf", "http://evil.example/x.pdf"),
        (f"{DOCS}offsite-loopback.pdf", faulty_site.other.url),
    ):
        (row,) = fetches(db, path)
        assert row["http_status"] == 302 and row["outcome"] == "error"
        assert row["redirect_to"].startswith(target)
        assert "off-site" in row["error"] and "not followed" in row["error"]
    assert faulty_site.other.hits == []
    # A request to either host would leave a fetch row with an outcome other than skipped.
    foreign = db.execute(
        "select url, outcome, error from fetches where (url like 'http://evil.example%' "
        "or url like ?) and outcome != 'skipped'",
        [faulty_site.other.url + "%"],
    ).fetchall()
    assert foreign == []
    # Mirror mode may ask the host's www. folder after a 404 (wget keeps both), never another.
    own_folders = ("/cancercentrum.se/", "/www.cancercentrum.se/")
    assert all(hit.raw_path.startswith(own_folders) for hit in faulty_site.server.hits)


def test_an_off_site_redirect_leaves_the_document_broken_with_the_target(faulty_site):
    db = faulty_site.db()
    doc = document(db, f"{DOCS}offsite.pdf")
    assert doc["status"] == "broken", doc
    assert "evil.example" in doc["status_reason"]


@pytest.mark.parametrize("name", ["oversize.pdf", "oversize-streamed.pdf"])
def test_a_body_over_the_cap_is_too_large_and_nothing_is_stored(faulty_site, name):
    db = faulty_site.db()
    rows = fetches(db, DOCS + name)
    assert rows and all(row["outcome"] == "error" for row in rows)
    assert all("too large" in row["error"] for row in rows), [row["error"] for row in rows]
    assert faulty_site.server.count(DOCS + name) == 1, "an oversize body is not worth retrying"
    doc = document(db, DOCS + name)
    assert doc["status"] == "broken" and "too large" in doc["status_reason"]
    assert doc["sha256"] is None and versions(db, DOCS + name) == []
    blobs = faulty_site.data.blobs()
    assert all(blobs.path(h).stat().st_size <= MAX_BYTES for h in blobs.iter_hashes())
    assert db.execute("select count(*) from files where bytes > ?", [MAX_BYTES]).fetchone()[0] == 0


def test_an_html_error_page_at_a_pdf_url_is_kept_as_a_file_but_not_as_a_version(faulty_site):
    db = faulty_site.db()
    (row,) = fetches(db, f"{DOCS}html-error.pdf")
    assert row["http_status"] == 200 and row["outcome"] == "error"
    assert "HTML" in row["error"]
    doc = document(db, f"{DOCS}html-error.pdf")
    assert doc["status"] == "broken" and "HTML" in doc["status_reason"]
    assert doc["sha256"] is None and versions(db, f"{DOCS}html-error.pdf") == []
    # The contract: the bytes served are kept, as a file of their sniffed type.
    assert row["sha256"] == sha(HTML_ERROR)
    assert faulty_site.data.blobs().read(sha(HTML_ERROR)) == HTML_ERROR
    (file,) = db.query("select * from files where sha256 = ?", [sha(HTML_ERROR)])
    assert file["content_type"] == "text/html"


def test_a_path_robots_txt_disallows_is_never_requested(faulty_site):
    db = faulty_site.db()
    assert faulty_site.server.count("/robots.txt") >= 1
    assert faulty_site.server.count("/globalassets/secret/plan.pdf") == 0
    (row,) = fetches(db, "/globalassets/secret/plan.pdf")
    assert row["outcome"] == "skipped" and row["http_status"] is None
    assert "robots" in row["error"].lower()
    assert versions(db, "/globalassets/secret/plan.pdf") == []


def test_windows_1252_pages_give_link_titles_with_swedish_letters(faulty_site):
    db = faulty_site.db()
    declared_in_header = document(db, f"{DOCS}cp1252-a.pdf")
    assert declared_in_header["link_text"] == CP1252_HEADER_TEXT + " (pdf)"
    assert declared_in_header["title"] == CP1252_HEADER_TEXT
    declared_in_meta = document(db, f"{DOCS}cp1252-b.pdf")
    assert declared_in_meta["title"] == CP1252_META_TEXT
    titles = dict(db.execute("select url, title from web_pages").fetchall())
    assert titles[SITE + CP1252_HEADER_PAGE] == "Mål för cancervården i Mellansverige"
    assert titles[SITE + CP1252_META_PAGE] == "Åtgärder i Norr"


def test_broken_html_still_gives_its_links(faulty_site):
    db = faulty_site.db()
    links = dict(
        db.execute(
            "select document_url, link_text from document_links where page_url = ?",
            [SITE + BROKEN_PAGE],
        ).fetchall()
    )
    assert set(links) == {f"{SITE}{DOCS}broken-1.pdf", f"{SITE}{DOCS}broken-2.pdf"}
    # An <a> that is never closed runs on (lxml, unlike a browser, keeps it open), so
    # only the start of its text is its own.
    assert links[f"{SITE}{DOCS}broken-1.pdf"].startswith("Cancerplan 2024–2027 (pdf)")
    assert links[f"{SITE}{DOCS}broken-2.pdf"] == "Uppföljning 2025"
    assert document(db, f"{DOCS}broken-1.pdf")["status"] == "current"
    assert len(versions(db, f"{DOCS}broken-2.pdf")) == 1
    assert faulty_site.server.count(BROKEN_SUBPAGE) == 1


# -- a fault never overwrites what an earlier crawl kept ------------------------------------

KEPT_PAGE = "/stockholm-gotland/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
KEPT = {
    "failing.pdf": (make_pdf("Cancerplan som senare ger 500"), failing_forever(500), "500"),
    "html.pdf": (make_pdf("Cancerplan som senare blir en felsida"), Static(HTML_ERROR), "HTML"),
    "huge.pdf": (make_pdf("Cancerplan som senare blir för stor"), Oversize(3_000_000), "too large"),
}


def kept_routes(faulty: bool) -> dict[str, Any]:
    """A plan page with three documents, served fine or each with its fault."""
    links = [(DOCS + name, f"Cancerplan {name}") for name in KEPT]
    routes: dict[str, Any] = {KEPT_PAGE: Static(page("Strategisk utvecklingsplan", links))}
    for name, (body, fault, _) in KEPT.items():
        routes[DOCS + name] = fault if faulty else Static(body, PDF)
    return routes


def snapshot(data: DataDir, first_run_id: int) -> dict[str, Any]:
    """Everything the first crawl kept about the documents, to compare after the second."""
    db = data.open_db()
    blobs = data.blobs()
    return {
        "versions": list(db.query("select * from document_versions order by document_id")),
        "files": list(db.query("select * from files order by sha256")),
        "shas": dict(db.execute("select url, sha256 from documents").fetchall()),
        "first_run_fetches": list(
            db.query("select * from fetches where run_id = ? order by id", [first_run_id])
        ),
        "blobs": {h: sha(blobs.read(h)) for h in blobs.iter_hashes()},
    }


@dataclass
class TwoCrawls:
    """The same data directory after a clean crawl and after a faulty one."""

    data: DataDir
    before: dict[str, Any]
    after: dict[str, Any]
    summary: RunSummary


@pytest.fixture(scope="module")
def clean_then_faulty(tmp_path_factory: pytest.TempPathFactory) -> TwoCrawls:
    data = DataDir.at(tmp_path_factory.mktemp("kept") / "data")
    with FaultServer(kept_routes(faulty=False)) as server:
        first = run_crawl(data, server)
        assert first.counts["documents_new"] == len(KEPT)
        before = snapshot(data, first.run_id)
        server.routes = kept_routes(faulty=True)
        second = run_crawl(data, server)
    return TwoCrawls(data, before, snapshot(data, first.run_id), second)


def test_a_faulty_second_crawl_adds_no_version_and_only_the_error_page_as_a_file(
    clean_then_faulty,
):
    before, after = clean_then_faulty.before, clean_then_faulty.after
    assert after["versions"] == before["versions"]
    # The HTML error page served for html.pdf is kept (a file, never a version).
    assert [f for f in after["files"] if f["sha256"] != sha(HTML_ERROR)] == before["files"]
    assert {h: d for h, d in after["blobs"].items() if h != sha(HTML_ERROR)} == before["blobs"]
    assert sha(HTML_ERROR) in after["blobs"]
    assert all(name == digest for name, digest in after["blobs"].items())
    assert after["first_run_fetches"] == before["first_run_fetches"]


@pytest.mark.parametrize("name", list(KEPT))
def test_a_fault_after_a_good_crawl_keeps_the_version_and_marks_broken(clean_then_faulty, name):
    db = clean_then_faulty.data.open_db()
    body, _, reason = KEPT[name]
    assert clean_then_faulty.before["shas"][SITE + DOCS + name] == sha(body)
    doc = document(db, DOCS + name)
    assert doc["sha256"] == sha(body), "the current version must stay the last good one"
    assert [v["sha256"] for v in versions(db, DOCS + name)] == [sha(body)]
    assert clean_then_faulty.data.blobs().read(sha(body)) == body
    assert doc["status"] == "broken"
    assert reason in doc["status_reason"]
    second_run = [
        row for row in fetches(db, DOCS + name) if row["run_id"] == clean_then_faulty.summary.run_id
    ]
    assert second_run and all(row["outcome"] == "error" for row in second_run)
    # Only a body that was served in full is kept, and never as the document's version.
    kept = sha(HTML_ERROR) if name == "html.pdf" else None
    assert [row["sha256"] for row in second_run] == [None] * (len(second_run) - 1) + [kept]


def test_the_faulty_second_run_counts_the_broken_documents(clean_then_faulty):
    assert clean_then_faulty.summary.counts["documents_broken"] == len(KEPT)
    assert clean_then_faulty.summary.counts["documents_removed"] == 0
