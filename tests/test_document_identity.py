"""Document identity across URL changes: a SiteVision file replaced under its node, a redirect.

Unit tests of ``archive.identity``; catalogue tests on real SQLite files written through
the crawl's own API (``archive.catalogue.Catalogue``, ``archive.runs.finish_run``); and a
loopback end-to-end test: two real crawls of a tiny site (``tests.fault_server``) where the
second night links the file's new URL and the old one answers 301, then extraction,
publish and the ``changes`` view and Atom feed through Datasette's test client.
"""

from __future__ import annotations

import hashlib
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fault_server import FaultServer, Redirect, Static, mirror_path
from test_publish_fixture import make_pdf

from rcc_archive.archive.catalogue import Catalogue, DocumentLink
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.identity import (
    redirect_joins,
    same_node,
    sitevision_node,
    sitevision_timestamp,
)
from rcc_archive.archive.runs import finish_run

SITE = "https://cancercentrum.se"
PAGE = SITE + "/syd/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
OLD = SITE + "/download/18.abc/1700000000000/Plan.pdf"
NEW = SITE + "/download/18.abc/1710000000000/Plan.pdf"
OTHER_NODE = SITE + "/download/18.abd/1710000000000/Plan.pdf"
PLAN_V1 = ["Regional cancerplan Syd 2024–2027.", "Screening införs 2025."]
PLAN_V2 = ["Regional cancerplan Syd 2024–2027.", "Screening införs 2026."]


def sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# -- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (OLD, ("cancercentrum.se", "18.abc")),
        (
            "https://www.cancercentrum.se/download/18.4F1C2a/1718000000817/Plan%20Syd.pdf",
            ("www.cancercentrum.se", "18.4f1c2a"),
        ),
        (
            "https://cancercentrum.se/images/18.7e8f/1738000000000/karta.png",
            ("cancercentrum.se", "18.7e8f"),
        ),
        (
            "https://cancercentrum.se/download/18.abc/1700000000000/Plan.pdf?sv=1",
            ("cancercentrum.se", "18.abc"),
        ),
        ("https://cancercentrum.se/globalassets/cancerplaner/syd/plan.pdf", None),
        ("https://cancercentrum.se/download/19.abc/1700000000000/Plan.pdf", None),  # a folder
        ("https://cancercentrum.se/download/18.abc/Plan.pdf", None),  # no timestamp
        ("https://cancercentrum.se/download/18.xyz/1700000000000/Plan.pdf", None),  # not hex
        ("ftp://cancercentrum.se/download/18.abc/1700000000000/Plan.pdf", None),
        ("not a url", None),
    ],
)
def test_a_sitevision_file_url_names_its_host_and_node(url, expected):
    assert sitevision_node(url) == expected


def test_a_replaced_file_is_the_same_node_and_another_node_or_host_is_not():
    assert same_node(OLD, NEW)
    assert same_node(OLD, NEW.replace("Plan.pdf", "Plan%20(reviderad).pdf"))
    assert not same_node(OLD, OTHER_NODE)
    assert not same_node(OLD, NEW.replace("cancercentrum.se", "www.socialstyrelsen.se"))
    assert not same_node(SITE + "/a.pdf", SITE + "/a.pdf")  # not SiteVision: URL identity only
    assert sitevision_timestamp(NEW) == 1710000000000 and sitevision_timestamp(PAGE) is None


def test_a_redirect_chain_joins_every_later_hop_once():
    assert redirect_joins((OLD, NEW)) == [NEW]
    assert redirect_joins((OLD, SITE + "/x", NEW, SITE + "/x")) == [SITE + "/x", NEW]
    assert redirect_joins(()) == [] and redirect_joins((OLD,)) == []


# -- the catalogue ---------------------------------------------------------------------------


class Nights:
    """Crawl runs written the way the crawl writes them, one document link per call."""

    def __init__(self, root: Path) -> None:
        self.data = DataDir.at(root)

    def run(
        self, links: dict[str, bytes | None], chains: dict[str, tuple[str, ...]] | None = None
    ) -> int:
        """One complete run of PAGE linking ``links`` (URL -> body, None: linked, not fetched)."""
        chains = chains or {}
        catalogue = Catalogue(self.data)
        try:
            run = catalogue.start_run(mirror="http://127.0.0.1:9")
            for url, body in links.items():
                catalogue.save_link(
                    run, DocumentLink(url, PAGE, "Plan (pdf)", "Plan", "Planer", "syd")
                )
                if body is None:
                    continue
                chain = chains.get(url, ())
                for hop in chain[:-1]:
                    catalogue.record_fetch(
                        run, hop, kind="document", http_status=301, outcome="skipped"
                    )
                fetch = catalogue.record_fetch(
                    run, chain[-1] if chain else url, kind="document", http_status=200
                )
                outcome, digest = catalogue.save_document_body(run, url, body, chain)
                catalogue.update_fetch(fetch, outcome=outcome, sha256=digest)
            finish_run(catalogue.db, run, complete=True)
            return run
        finally:
            catalogue.db.conn.close()

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.data.db_path)
        conn.row_factory = sqlite3.Row
        return conn


@pytest.fixture
def nights(tmp_path: Path) -> Nights:
    return Nights(tmp_path / "data")


V1, V2 = make_pdf(PLAN_V1, "plan"), make_pdf(PLAN_V2, "plan")


def test_a_new_url_on_the_same_node_is_the_same_document_with_a_new_version(nights):
    first = nights.run({OLD: V1})
    second = nights.run({NEW: V2})
    db = nights.db()
    (doc,) = db.execute("select * from documents").fetchall()
    assert doc["url"] == NEW and doc["status"] == "current" and doc["sha256"] == sha(V2)
    urls = db.execute(
        "select url, joined_by, last_run_id from document_urls order by url"
    ).fetchall()
    assert [tuple(row) for row in urls] == [
        (OLD, "linked", first),
        (NEW, "sitevision-node", second),
    ]
    versions = db.execute(
        "select sha256, source, first_run_id from document_versions order by first_run_id"
    ).fetchall()
    assert [tuple(row) for row in versions] == [
        (sha(V1), "crawl", first),
        (sha(V2), "crawl", second),
    ]
    run = db.execute("select * from crawl_runs where id = ?", [second]).fetchone()
    assert (run["documents_changed"], run["documents_new"], run["documents_removed"]) == (1, 0, 0)


def test_the_same_bytes_under_the_new_url_add_no_version(nights):
    nights.run({OLD: V1})
    nights.run({NEW: V1})
    db = nights.db()
    assert db.execute("select count(*) from documents").fetchone()[0] == 1
    assert db.execute("select count(*) from document_versions").fetchone()[0] == 1


def test_another_node_is_another_document_and_the_old_one_is_removed(nights):
    nights.run({OLD: V1})
    nights.run({OTHER_NODE: V2})
    db = nights.db()
    status = dict(db.execute("select url, status from documents").fetchall())
    assert status == {OLD: "removed", OTHER_NODE: "current"}


def test_a_redirect_joins_the_target_and_linking_it_later_is_the_same_document(nights):
    old, new = SITE + "/globalassets/plan.pdf", SITE + "/globalassets/ny/plan.pdf"
    nights.run({old: V1}, chains={old: (old, new)})
    db = nights.db()
    joined = dict(db.execute("select url, joined_by from document_urls").fetchall())
    assert joined == {old: "linked", new: "redirect"}
    nights.run({new: V2})
    db = nights.db()
    (doc,) = db.execute("select * from documents").fetchall()
    assert (doc["url"], doc["status"], doc["sha256"]) == (new, "current", sha(V2))
    assert db.execute("select count(*) from document_versions").fetchone()[0] == 2


def test_a_redirect_to_a_document_new_in_the_same_night_is_one_document(nights):
    alias, target = SITE + "/globalassets/alias.pdf", SITE + "/globalassets/plan.pdf"
    nights.run({target: V1, alias: V1}, chains={alias: (alias, target)})
    db = nights.db()
    (doc,) = db.execute("select url, status, sha256 from documents").fetchall()
    assert tuple(doc) == (target, "current", sha(V1))
    owners = dict(db.execute("select url, document_id from document_urls").fetchall())
    assert owners[target] == owners[alias]
    assert db.execute("select count(*) from document_versions").fetchone()[0] == 1


def test_a_redirect_between_two_documents_with_histories_merges_nothing(nights):
    alias, target = SITE + "/globalassets/alias.pdf", SITE + "/globalassets/plan.pdf"
    nights.run({target: V1, alias: V2})
    nights.run({target: V1, alias: V1}, chains={alias: (alias, target)})
    db = nights.db()
    rows = dict(db.execute("select url, status from documents").fetchall())
    assert rows == {alias: "current", target: "current"}
    owners = dict(db.execute("select url, document_id from document_urls").fetchall())
    assert owners[target] != owners[alias]


def test_both_urls_linked_in_one_night_are_one_document_under_the_newest(nights):
    nights.run({OLD: V1})
    nights.run({OLD: None, NEW: V2}, chains={})
    db = nights.db()
    (doc,) = db.execute("select url, status from documents").fetchall()
    assert tuple(doc) == (NEW, "current")


def test_a_linked_document_that_is_not_fetched_is_still_seen(nights):
    nights.run({OLD: V1})
    conn = nights.db()
    with conn:  # as if the first night were a day ago
        conn.execute("update documents set last_seen = '2026-01-01T00:00:00Z'")
    second = nights.run({OLD: None})
    db = nights.db()
    doc = db.execute("select last_seen, status from documents").fetchone()
    started = db.execute("select started_at from crawl_runs where id = ?", [second]).fetchone()[0]
    assert doc["last_seen"] >= started
    assert doc["status"] == "broken"  # linked, but no response was archived


def test_an_archive_from_before_document_urls_is_upgraded_when_opened(nights):
    nights.run({OLD: V1})
    conn = nights.db()
    with conn:
        conn.execute("drop table document_urls")
        conn.execute("update document_versions set source = null")
    conn.close()
    nights.run({NEW: V2})
    db = nights.db()
    assert db.execute("select count(*) from documents").fetchone()[0] == 1
    joined = dict(db.execute("select url, joined_by from document_urls").fetchall())
    assert joined == {OLD: "linked", NEW: "sitevision-node"}
    assert {row[0] for row in db.execute("select source from document_versions")} == {"crawl"}


def test_an_error_page_is_kept_as_a_file_and_asked_for_conditionally_next_time(nights):
    error_page = b"<!DOCTYPE html><html><body><h1>Sidan finns inte</h1></body></html>"
    catalogue = Catalogue(nights.data)
    run = catalogue.start_run(mirror=None)
    catalogue.save_link(run, DocumentLink(OLD, PAGE, "Plan", "Plan", "Planer", "syd"))
    fetch = catalogue.record_fetch(run, OLD, kind="document", http_status=200, etag='"e1"')
    reason = "expected a document but the server sent an HTML page"
    digest = catalogue.save_refused_body(run, OLD, error_page, reason)
    catalogue.update_fetch(fetch, outcome="error", error=reason, sha256=digest)
    finish_run(catalogue.db, run, complete=True)
    db = nights.db()
    doc = db.execute("select * from documents").fetchone()
    assert (doc["status"], doc["sha256"], doc["status_reason"]) == ("broken", None, reason)
    assert db.execute("select count(*) from document_versions").fetchone()[0] == 0
    file = db.execute("select * from files where sha256 = ?", [sha(error_page)]).fetchone()
    assert file["content_type"] == "text/html" and file["bytes"] == len(error_page)
    assert nights.data.blobs().read(sha(error_page)) == error_page
    # Next night: asked with its validators; a 304 keeps it broken, it never becomes current.
    assert catalogue.validators_for(OLD) == ('"e1"', None)
    second = catalogue.start_run(mirror=None)
    catalogue.save_link(second, DocumentLink(OLD, PAGE, "Plan", "Plan", "Planer", "syd"))
    catalogue.record_fetch(second, OLD, kind="document", http_status=304, outcome="not_modified")
    assert catalogue.touch_document(second, OLD) == sha(error_page)
    finish_run(catalogue.db, second, complete=True)
    doc = nights.db().execute("select * from documents").fetchone()
    assert doc["status"] == "broken" and reason in doc["status_reason"]
    assert doc["last_run_id"] == second


# -- end to end: two crawls, extraction, publish ---------------------------------------------

SV_PAGE = "/syd/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
SV_OLD = "/download/18.abc/1700000000000/Plan.pdf"
SV_NEW = "/download/18.abc/1710000000000/Plan.pdf"
STALE_PAGE = "/syd/"


def plan_page(href: str) -> bytes:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Strategisk plan Syd</title>"
        "</head><body><main><h1>Strategisk plan Syd</h1><h2>Planer</h2><ul>"
        f"<li><a href='{href}'>Regional cancerplan Syd 2024–2027 (pdf)</a></li></ul></main></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    from rcc_archive.extract.runner import extract_archive
    from rcc_archive.publish.build import publish_archive
    from rcc_archive.scraper.crawl import CrawlOptions, crawl

    data = DataDir.at(tmp_path_factory.mktemp("identity") / "data")
    options = {"spiders": ("cancercentrum",), "timeout": 5.0, "quiet": True}
    routes = {
        "/robots.txt": Static(b"User-agent: *\nDisallow:\n", "text/plain"),
        SV_PAGE: Static(plan_page(SV_OLD)),
        SV_OLD: Static(make_pdf(PLAN_V1, "plan"), "application/pdf"),
    }
    with FaultServer(routes) as server:
        first = crawl(data, CrawlOptions(mirror=server.url, **options))
        assert first.counts["documents_new"] == 1, first
        extract_archive(data, workers=1)
        server.routes = {
            **routes,
            SV_PAGE: Static(plan_page(SV_NEW)),
            # A page not yet updated still links the old URL, which answers 301.
            STALE_PAGE: Static(plan_page(SV_OLD)),
            SV_OLD: Redirect(mirror_path(SV_NEW), status=301),
            SV_NEW: Static(make_pdf(PLAN_V2, "plan"), "application/pdf"),
        }
        second = crawl(data, CrawlOptions(mirror=server.url, **options))
        assert second.counts["documents_changed"] == 1, second
        assert second.counts["documents_removed"] == 0, second
    extract_archive(data, workers=1)
    publish_archive(data)
    return data


def test_after_the_second_night_it_is_one_document_with_two_versions_and_both_urls(two_nights):
    db = two_nights.open_db()
    (doc,) = db.query("select * from documents")
    assert doc["url"] == SITE + SV_NEW and doc["status"] == "current"
    assert doc["title"] == "Regional cancerplan Syd 2024–2027"
    assert db.execute("select count(*) from document_versions").fetchone()[0] == 2
    urls = dict(db.execute("select url, joined_by from document_urls").fetchall())
    assert set(urls) == {SITE + SV_OLD, SITE + SV_NEW} and urls[SITE + SV_OLD] == "linked"
    # Joined by its node, or by the old URL's 301, whichever the crawl saw first.
    assert urls[SITE + SV_NEW] in ("sitevision-node", "redirect")
    hops = db.execute(
        "select http_status, redirect_to from fetches where url = ? and run_id = 2", [SITE + SV_OLD]
    ).fetchall()
    assert [tuple(hop) for hop in hops] == [(301, SITE + SV_NEW)]


async def test_the_changes_view_says_changed_with_a_diff(two_nights):
    from rcc_archive.publish.serve import make_datasette

    ds = make_datasette(two_nights)
    response = await ds.client.get(
        "/archive/changes.json", params={"_shape": "array", "_size": "max"}
    )
    assert response.status_code == 200, response.text
    changes = sorted((row["run_id"], row["change"]) for row in response.json())
    assert changes == [(1, "new"), (2, "changed")]
    changed = next(row for row in response.json() if row["change"] == "changed")
    assert (changed["lines_added"], changed["lines_removed"]) == (1, 1)
    assert changed["diff"] and changed["url"] == SITE + SV_NEW
    diff = await ds.client.get(
        "/archive/document_diffs.json", params={"_shape": "array", "document_id": "1"}
    )
    assert {(row["change"], row["line"]) for row in diff.json()} == {
        ("-", "Screening införs 2025."),
        ("+", "Screening införs 2026."),
    }


async def test_the_atom_feed_has_the_new_version_as_one_entry(two_nights):
    from rcc_archive.publish.serve import make_datasette

    feed = await make_datasette(two_nights).client.get("/archive/changes_feed.atom")
    assert feed.status_code == 200, feed.text[:500]
    entries = ET.fromstring(feed.text).findall("{http://www.w3.org/2005/Atom}entry")
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries]
    assert len(titles) == 2 and sum("Ny version" in title for title in titles) == 1


def test_a_304_at_the_end_of_a_redirect_chain_joins_the_old_link_to_its_target(tmp_path):
    # The PDF was fetched through its own link first in this run; the old link's
    # follow-up then carries the PDF's validators and gets 304: still one document.
    old = "https://www.socialstyrelsen.se/globalassets/artikelkatalog/ovrigt/2025-9-1.pdf"
    page = "https://www.socialstyrelsen.se/publikationer/analys-2025-9-1/"
    pdf = "https://www.socialstyrelsen.se/contentassets/abc/2025-9-1.pdf"
    catalogue = Catalogue(DataDir.at(tmp_path / "data"))
    try:
        run = catalogue.start_run(mirror="http://127.0.0.1:9")
        for url in (pdf, old):
            catalogue.save_link(run, DocumentLink(url, PAGE, "Analys", "Analys", "", None))
        catalogue.save_document_body(run, pdf, V1)
        assert catalogue.touch_document(run, old, (old, page, pdf)) == sha(V1)
        finish_run(catalogue.db, run, complete=True)
    finally:
        catalogue.db.conn.close()
    db = sqlite3.connect(tmp_path / "data" / "archive.db")
    ids = dict(db.execute("select url, document_id from document_urls").fetchall())
    assert ids[old] == ids[pdf]
    assert db.execute("select count(*) from documents").fetchone()[0] == 1
