"""Backfill against the Internet Archive's own CDX answers: resume keys, a 429, --limit, resuming.

The stored answers under ``tests/fixtures/wayback/`` are in the Internet Archive's exact
``output=json`` shape (a field-name row, capture rows, then an empty row and the resume
key). A small server on loopback answers the CDX queries with them — the first PDF
listing with a 429 and ``Retry-After: 2`` — and replays the captures' bytes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from wayback_history import small_pdf

from rcc_archive.archive.backfill import ONLY_WAYBACK
from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.datadir import DataDir
from rcc_archive.scraper.spiders.wayback import BackfillTarget
from rcc_archive.scraper.wayback_cdx import parse_cdx
from rcc_archive.scraper.wayback_run import BackfillOptions, backfill

FIXTURES = Path(__file__).parent / "fixtures" / "wayback"
RESUME_KEY = "se%2Ccancercentrum%29%2Fglobalassets%2Fvardprogram%2Flungcancer.pdf+20180302120000"
PAGE = "https://cancercentrum.se/norr/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
PLAN_2015 = (
    "https://cancercentrum.se/globalassets/cancerplaner/norr/regional-cancerplan-2015-2018.pdf"
)
PLAN_2018 = (
    "https://cancercentrum.se/globalassets/cancerplaner/norr/regional-cancerplan-2018-2020.pdf"
)
RETRY_AFTER = 2


def page_html(year: int, plan: str) -> bytes:
    return (
        f"<html><head><title>Strategisk utvecklingsplan - RCC Norr</title></head><body><main>"
        f"<h1>Regional cancerplan</h1><h2>Gällande plan</h2>"
        f'<p><a href="{plan}">Regional cancerplan {year} (pdf, 1 MB)</a></p>'
        f"<p>Gemensam information uppdaterad: 12 mars {year}</p></main></body></html>"
    ).encode()


CAPTURES = {
    "20150923101112": (
        "http://www.cancercentrum.se/norr/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/",
        page_html(2015, "/globalassets/cancerplaner/norr/regional-cancerplan-2015-2018.pdf"),
        "text/html; charset=utf-8",
    ),
    "20180212080910": (
        "https://www.cancercentrum.se/norr/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/",
        page_html(2018, "/globalassets/cancerplaner/norr/regional-cancerplan-2018-2020.pdf"),
        "text/html; charset=utf-8",
    ),
    "20151001000102": (
        "http://www.cancercentrum.se/globalassets/cancerplaner/norr/regional-cancerplan-2015-2018.pdf",
        small_pdf(["Regional cancerplan 2015-2018", "Remissversion"]),
        "application/pdf",
    ),
    "20170505050505": (
        "https://www.cancercentrum.se/globalassets/cancerplaner/norr/regional-cancerplan-2015-2018.pdf",
        small_pdf(["Regional cancerplan 2015-2018", "Reviderad 2017"]),
        "application/pdf",
    ),
    "20180301093000": (
        "https://www.cancercentrum.se/globalassets/cancerplaner/norr/regional-cancerplan-2018-2020.pdf",
        small_pdf(["Regional cancerplan 2018-2020"]),
        "application/pdf",
    ),
}


class WaybackLike:
    """The Internet Archive's two APIs on loopback, with every request logged."""

    def __init__(self) -> None:
        self.log: list[tuple[float, str, int]] = []
        self.refused_once = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                status, body, headers = outer.answer(self.path)
                outer.log.append((time.monotonic(), self.path, status))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def answer(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        parts = urlsplit(path)
        if parts.path == "/cdx/search/cdx":
            query = parse_qs(parts.query)
            json_type = {"Content-Type": "text/plain; charset=utf-8"}
            if "mimetype:text/html" in query["filter"]:
                return 200, (FIXTURES / "cdx-pages.json").read_bytes(), json_type
            if query.get("resumeKey") == [RESUME_KEY]:
                return 200, (FIXTURES / "cdx-pdfs-2.json").read_bytes(), json_type
            if not self.refused_once:
                self.refused_once = True
                return 429, b"Too many requests", {"Retry-After": str(RETRY_AFTER)}
            return 200, (FIXTURES / "cdx-pdfs-1.json").read_bytes(), json_type
        prefix = "/web/"
        if parts.path.startswith(prefix):
            stamp, _, original = path[len(prefix) :].partition("id_/")
            capture = CAPTURES.get(stamp)
            if capture and capture[0] == original:
                return 200, capture[1], {"Content-Type": capture[2]}
        return 404, b"not in the archive", {"Content-Type": "text/plain"}

    def __enter__(self) -> WaybackLike:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def wayback() -> Iterator[WaybackLike]:
    with WaybackLike() as server:
        yield server


def query(data_dir: DataDir, sql: str, params: list | None = None) -> list[dict]:
    return list(data_dir.open_db().query(sql, params or []))


def run(data_dir: DataDir, wayback: WaybackLike, limit: int | None = None) -> str:
    target = BackfillTarget(wayback=wayback.url, limit=limit)
    return backfill(data_dir, BackfillOptions(target=target, delay=0)).status


def test_both_cdx_shapes_are_read() -> None:
    captures, key = parse_cdx((FIXTURES / "cdx-pdfs-1.json").read_bytes())
    assert key == RESUME_KEY
    first = captures[0]
    assert (first.timestamp, first.mimetype, first.statuscode) == (
        "20151001000102",
        "application/pdf",
        "200",
    )
    assert len(captures) == 3
    assert parse_cdx((FIXTURES / "cdx-pdfs-2.json").read_bytes())[1] is None
    # pywb: one object a line, its own field names, and collapse=digest ignored.
    captures, key = parse_cdx((FIXTURES / "pywb-cdx.jsonl").read_bytes())
    assert key is None
    assert [c.timestamp for c in captures] == ["20190301101500", "20230110120000"]
    assert captures[0].original == PAGE and captures[0].mimetype == "text/html"


def test_a_limited_run_then_a_resumed_one_archive_every_capture_once(
    tmp_path: Path, wayback: WaybackLike
) -> None:
    data_dir = DataDir.at(tmp_path / "data")

    assert run(data_dir, wayback, limit=2) == "ok"

    done = query(data_dir, "select url, status from wayback_captures order by timestamp")
    assert sorted(row["status"] for row in done) == ["archived", "archived", "pending", "pending"]
    (pdf_listing,) = query(data_dir, "select * from wayback_queries where query like 'document%'")
    assert (pdf_listing["resume_key"], pdf_listing["complete"]) == (RESUME_KEY, 0)
    # The 429 was waited out as Retry-After asked, then the listing answered.
    listings = [(t, s) for t, p, s in wayback.log if "application%2Fpdf" in p]
    assert [s for _, s in listings] == [429, 200]
    assert listings[1][0] - listings[0][0] >= RETRY_AFTER
    assert query(
        data_dir, "select http_status from fetches where kind = 'wayback-cdx' and http_status = 429"
    )

    assert run(data_dir, wayback) == "ok"

    captures = query(data_dir, "select * from wayback_captures order by timestamp")
    assert {row["status"] for row in captures} == {"archived"}
    assert [row["timestamp"] for row in captures] == sorted(CAPTURES)
    # Each capture fetched once over both runs; the listing resumed, not restarted.
    replays = [p for _, p, s in wayback.log if p.startswith("/web/")]
    assert sorted(replays) == sorted(f"/web/{s}id_/{c[0]}" for s, c in CAPTURES.items())
    pdf_listings = [p for _, p, _ in wayback.log if "application%2Fpdf" in p]
    assert len(pdf_listings) == 3 and "resumeKey=" in pdf_listings[-1]
    assert all("collapse=digest" in p for _, p, _ in wayback.log if p.startswith("/cdx/"))
    # Not a plan and linked from no page: never listed as wanted.
    assert not [row for row in captures if "lungcancer" in row["url"]]


def test_captures_become_versions_at_their_capture_times(
    tmp_path: Path, wayback: WaybackLike
) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    assert run(data_dir, wayback) == "ok"

    (plan,) = query(data_dir, "select * from documents where url = ?", [PLAN_2015])
    versions = query(
        data_dir,
        "select * from document_versions where document_id = ? order by first_seen",
        [plan["id"]],
    )
    assert [(v["first_seen"], v["source"]) for v in versions] == [
        ("2015-10-01T00:01:02Z", "wayback"),
        ("2017-05-05T05:05:05Z", "wayback"),
    ]
    assert (
        versions[0]["source_url"]
        == f"{wayback.url}/web/20151001000102id_/{CAPTURES['20151001000102'][0]}"
    )
    assert plan["sha256"] == sha256_hex(CAPTURES["20170505050505"][1])  # the latest capture
    assert (plan["status"], plan["status_reason"]) == ("removed", ONLY_WAYBACK)
    assert plan["found_on"] == PAGE and plan["region"] == "norr"
    assert plan["title"] == "Regional cancerplan 2015"
    pages = query(
        data_dir, "select * from web_page_versions where url = ? order by first_seen", [PAGE]
    )
    assert [(p["first_seen"], p["common_updated"]) for p in pages] == [
        ("2015-09-23T10:11:12Z", "2015-03-12"),
        ("2018-02-12T08:09:10Z", "2018-03-12"),
    ]
    (page,) = query(data_dir, "select * from web_pages where url = ?", [PAGE])
    assert (page["status"], page["sha256"]) == ("removed", pages[-1]["sha256"])
    links = query(
        data_dir, "select document_url, first_seen from document_links order by first_seen"
    )
    assert links == [
        {"document_url": PLAN_2015, "first_seen": "2015-09-23T10:11:12Z"},
        {"document_url": PLAN_2018, "first_seen": "2018-02-12T08:09:10Z"},
    ]
