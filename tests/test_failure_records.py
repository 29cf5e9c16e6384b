"""Failures leave a record: a gzip bomb, a URL too long to request, an error page at a PDF link.

Reads a loopback ``tests.fault_server`` site and runs real crawls (``scraper.crawl``) into
data directories under pytest's tmp dirs; asserts on ``archive.db``, the blob store, the
extractor's verdict and the ``problems`` canned query through Datasette's test client.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
from fault_server import FaultHandler, FaultServer, Static
from test_reliability_faults import FAST_BACKOFF, make_pdf, page

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import RunSummary
from rcc_archive.scraper.crawl import CrawlOptions, crawl

pytestmark = pytest.mark.reliability

SITE = "https://cancercentrum.se"
PAGE = "/syd/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
DOCS = "/globalassets/cancerplaner/syd/"
MAX_BYTES = 1_000_000
PDF = "application/pdf"
# 20 MB of zeros compress to about 20 kB: far under the cap on the wire, far over it inflated.
BOMB = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
LONG_URL = DOCS + "plan-" + "x" * 2_100 + ".pdf"
ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sidan finns inte</title></head>"
    b"<body><h1>Sidan kunde inte hittas</h1></body></html>"
)
ERROR_ETAG = '"felsida-1"'


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Gzipped:
    """Serve bytes that are already gzip-compressed, as Content-Encoding: gzip."""

    body: bytes

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", PDF)
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body)


@dataclass(frozen=True)
class WithETag:
    """Serve a body with an ETag, and 304 to a request that sends that ETag back."""

    body: bytes
    etag: str
    content_type: str = "text/html; charset=utf-8"

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        if handler.headers.get("If-None-Match") == self.etag:
            handler.send_response(304)
            handler.send_header("ETag", self.etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        headers = (("ETag", self.etag),)
        Static(self.body, self.content_type, headers=headers).respond(handler, attempt)


def routes(docs: dict[str, Any]) -> dict[str, Any]:
    """The Syd plan page linking every document in ``docs`` (real path -> behaviour)."""
    links = [(path, f"Plan {n}") for n, path in enumerate(docs, start=1)]
    return {
        "/robots.txt": Static(b"User-agent: *\nDisallow:\n", "text/plain"),
        PAGE: Static(page("Strategisk utvecklingsplan Syd", links)),
        **{path: behaviour for path, behaviour in docs.items()},
    }


def run_crawl(data: DataDir, server: FaultServer) -> RunSummary:
    options = CrawlOptions(
        mirror=server.url,
        spiders=("cancercentrum",),
        timeout=3.0,
        max_bytes=MAX_BYTES,
        quiet=True,
        settings=FAST_BACKOFF,
    )
    return crawl(data, options)


def rows(data: DataDir, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(data.open_db().query(sql, params))


def fetches(data: DataDir, path: str) -> list[dict[str, Any]]:
    return rows(data, "select * from fetches where url = ? order by id", [SITE + path])


def document(data: DataDir, path: str) -> dict[str, Any]:
    found = rows(data, "select * from documents where url = ?", [SITE + path])
    assert found, f"no documents row for {path}"
    return found[0]


@pytest.fixture(scope="module")
def failed_night(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataDir, FaultServer]:
    """One crawl: a new document that is a gzip bomb, and one whose URL is too long."""
    data = DataDir.at(tmp_path_factory.mktemp("failures") / "data")
    docs = {DOCS + "bomb.pdf": Gzipped(BOMB), LONG_URL: Static(make_pdf("lång"), PDF)}
    with FaultServer(routes(docs)) as server:
        summary = run_crawl(data, server)
        assert summary.status in ("ok", "warning"), summary
    return data, server


def test_a_gzip_bomb_is_a_failed_fetch_with_the_reason(failed_night):
    data, server = failed_night
    (row,) = fetches(data, DOCS + "bomb.pdf")
    assert row["http_status"] == 200 and row["outcome"] == "error"
    assert "too large" in row["error"] and "inflated" in row["error"]
    assert f"{len(BOMB):,}-byte compressed" in row["error"]
    assert server.count(DOCS + "bomb.pdf") == 1, "a bomb is not worth asking for again"


def test_a_gzip_bomb_leaves_the_new_document_broken_not_deleted(failed_night):
    data, _ = failed_night
    doc = document(data, DOCS + "bomb.pdf")
    assert doc["status"] == "broken" and "inflated" in doc["status_reason"]
    assert doc["sha256"] is None
    assert rows(data, "select * from document_versions where document_id = ?", [doc["id"]]) == []
    blobs = data.blobs()
    assert all(blobs.path(h).stat().st_size <= MAX_BYTES for h in blobs.iter_hashes())


def test_a_url_over_the_length_limit_is_never_requested_and_says_why(failed_night):
    data, server = failed_night
    assert server.count(LONG_URL) == 0
    (row,) = fetches(data, LONG_URL)
    assert row["outcome"] == "skipped" and row["http_status"] is None
    assert "URLLENGTH_LIMIT" in row["error"] and "not requested" in row["error"]
    doc = document(data, LONG_URL)
    assert doc["status"] == "broken" and "URLLENGTH_LIMIT" in doc["status_reason"]


async def test_the_problems_query_shows_both(failed_night):
    from rcc_archive.publish.build import publish_archive
    from rcc_archive.publish.serve import make_datasette

    data, _ = failed_night
    publish_archive(data)
    response = await make_datasette(data).client.get(
        "/archive/problems.json", params={"_shape": "array", "run_id": ""}
    )
    assert response.status_code == 200, response.text
    found = {(row["problem"], row["url"]) for row in response.json()}
    assert ("document broken", SITE + DOCS + "bomb.pdf") in found
    assert ("document broken", SITE + LONG_URL) in found
    assert ("fetch error", SITE + DOCS + "bomb.pdf") in found


def test_a_bomb_after_a_good_night_keeps_the_version(tmp_path):
    data = DataDir.at(tmp_path / "data")
    good = make_pdf("Regional cancerplan Syd")
    with FaultServer(routes({DOCS + "plan.pdf": Static(good, PDF)})) as server:
        run_crawl(data, server)
        server.routes = routes({DOCS + "plan.pdf": Gzipped(BOMB)})
        second = run_crawl(data, server)
    doc = document(data, DOCS + "plan.pdf")
    assert (doc["status"], doc["sha256"]) == ("broken", sha(good))
    assert "inflated" in doc["status_reason"]
    last = fetches(data, DOCS + "plan.pdf")[-1]
    assert (last["run_id"], last["outcome"], last["sha256"]) == (second.run_id, "error", None)


def test_an_error_page_is_not_pdf_and_asked_for_conditionally_until_the_plan_comes(tmp_path):
    from rcc_archive.extract.runner import extract_archive

    data = DataDir.at(tmp_path / "data")
    path = DOCS + "plan.pdf"
    plan = make_pdf("Regional cancerplan Syd 2026")
    with FaultServer(routes({path: WithETag(ERROR_PAGE, ERROR_ETAG)})) as server:
        first = run_crawl(data, server)
        extract_archive(data, workers=1)
        (file,) = rows(data, "select * from files where sha256 = ?", [sha(ERROR_PAGE)])
        assert (file["content_type"], file["extract_status"]) == ("text/html", "not_pdf")
        doc = document(data, path)
        assert doc["status"] == "broken" and "HTML" in doc["status_reason"]

        server.reset()
        second = run_crawl(data, server)
        (hit,) = [hit for hit in server.hits if hit.path == path]
        assert hit.headers.get("If-None-Match") == ERROR_ETAG
        last = fetches(data, path)[-1]
        assert (last["run_id"], last["http_status"]) == (second.run_id, 304)
        doc = document(data, path)
        assert doc["status"] == "broken" and doc["last_run_id"] == second.run_id
        assert "304" in doc["status_reason"]

        server.routes = routes({path: WithETag(plan, '"plan-1"', PDF)})
        third = run_crawl(data, server)
    doc = document(data, path)
    assert (doc["status"], doc["sha256"]) == ("current", sha(plan))
    versions = rows(data, "select sha256 from document_versions where document_id = ?", [doc["id"]])
    assert [v["sha256"] for v in versions] == [sha(plan)]
    assert third.counts["documents_new"] == 1 and first.run_id < second.run_id < third.run_id
    # The error page stays a file, and extraction never makes it anything but not_pdf.
    extract_archive(data, workers=1, force=True)
    (file,) = rows(data, "select * from files where sha256 = ?", [sha(ERROR_PAGE)])
    assert file["extract_status"] == "not_pdf"
