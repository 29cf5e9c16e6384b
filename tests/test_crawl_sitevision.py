"""End-to-end crawls of the bundled mirror's SiteVision era and today's Socialstyrelsen.

Reads the bundled mirror (served on 127.0.0.1), ``mirror/expected_documents.csv`` and a
"month later" copy written by ``mirror.later``; writes temporary data directories. Checks what
a user of the archive would notice: every document found, including those only in inline JSON,
behind folder links or on a page only the sitemap names; clean titles; nothing robots.txt
forbids ever requested; a file replaced under its SiteVision node is one document with two
versions after a second crawl.
"""

from __future__ import annotations

import re
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
from protego import Protego

from rcc_archive.archive.datadir import DataDir
from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.later import CHANGES, build_later_site
from rcc_archive.mirror.server import MirrorServer, serve_mirror
from rcc_archive.publish.history import save_history
from rcc_archive.publish.views import save_views
from rcc_archive.scraper.crawl import CrawlOptions, crawl
from rcc_archive.scraper.urls import real_url_from_mirror

ASSISTIVE = re.compile(r"\bPdf,\s*[\d.,]+\s*kB|öppnas i nytt fönster|nytt fönster", re.IGNORECASE)
SITEMAP_ONLY_PAGE = "https://cancercentrum.se/syd/om-rcc-syd/regional-cancerplan-2026-2028.4.7e8f9a0b18f3c4d5e6f7a8b.html"


def _rows(db: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def db(crawled_archive: DataDir) -> sqlite3.Connection:
    return crawled_archive.open_db().conn


def _sitevision_rows(expected_documents: list[dict]) -> list[dict]:
    return [row for row in expected_documents if row["link_form"] in ("download", "json")
            or "/download/" in row["url"] or "2025-9-9654" in row["url"]]  # fmt: skip


def test_every_sitevision_era_document_is_found(db, expected_documents):
    rows = _sitevision_rows(expected_documents)
    assert len(rows) >= 12
    archived = {
        row["url"] for row in _rows(db, "select url from documents where sha256 is not null")
    }
    known = archived | {row["url"] for row in _rows(db, "select url from document_urls")}
    missing = [(row["link_form"], row["url"]) for row in rows if row["url"] not in known]
    assert not missing, f"not archived: {missing}"


def test_documents_only_in_inline_json_and_behind_folder_links(db, expected_documents):
    json_rows = [row for row in expected_documents if row["link_form"] == "json"]
    behind_folder = [row for row in json_rows if "?folder=" in row["found_on_example"]]
    assert len(json_rows) >= 4 and len(behind_folder) >= 2
    documents = {row["url"]: row for row in _rows(db, "select * from documents")}
    for row in json_rows:
        assert row["url"] in documents, row["url"]
        assert documents[row["url"]]["title"] == row["title"]
    pages = {row["url"] for row in _rows(db, "select url from web_pages")}
    assert {row["found_on_example"] for row in behind_folder} <= pages


def test_the_page_only_the_sitemap_names_is_crawled_and_counted(db, expected_documents):
    pages = {row["url"] for row in _rows(db, "select url from web_pages")}
    assert SITEMAP_ONLY_PAGE in pages
    linked_there = [
        row["url"] for row in expected_documents if row["found_on_example"] == SITEMAP_ONLY_PAGE
    ]
    documents = {
        row["url"] for row in _rows(db, "select url from documents where sha256 is not null")
    }
    assert linked_there and set(linked_there) <= documents
    notes = " ".join(row["notes"] or "" for row in _rows(db, "select notes from crawl_runs"))
    assert "sitemap" in notes.lower(), notes


def test_titles_carry_no_assistive_text_or_file_size(db, expected_documents):
    titles = {row["url"]: row["title"] for row in _rows(db, "select url, title from documents")}
    dirty = {url: title for url, title in titles.items() if title and ASSISTIVE.search(title)}
    assert not dirty, dirty
    for row in expected_documents:
        if row["label_variant"].startswith("assistive"):
            assert titles.get(row["url"]) == row["title"], row["url"]


def test_todays_socialstyrelsen_publication_is_found_with_its_date(db, expected_documents):
    (row,) = [row for row in expected_documents if "2025-9-9654" in row["url"]]
    documents = {doc["url"]: doc for doc in _rows(db, "select * from documents")}
    assert row["url"] in documents
    assert documents[row["url"]]["title"] == row["title"]
    # The year is classified later (extract stage); the crawl keeps the page's date.
    published = _rows(
        db,
        "select v.published from web_page_versions v where v.url = ?",
        (row["found_on_example"],),
    )
    assert published and published[0]["published"] == "2025-09-30"


def test_nothing_robots_txt_forbids_is_requested(crawled_archive, bundled_mirror: MirrorServer):
    rules = {
        host.name: Protego.parse((host / "robots.txt").read_text())
        for host in SITE_DIR.iterdir()
        if (host / "robots.txt").is_file()
    }
    assert "Disallow: /*?sv*" in (SITE_DIR / "cancercentrum.se/robots.txt").read_text()
    requested = []
    for path in bundled_mirror.hits:
        real = real_url_from_mirror(bundled_mirror.url + quote(path, safe="/"), bundled_mirror.url)
        assert real, path
        requested.append(real)
    robots = {name.removeprefix("www."): rule for name, rule in rules.items()}
    forbidden = [
        url
        for url in requested
        if not robots[url.split("/")[2].removeprefix("www.")].can_fetch(url, "rcc-archive")
    ]
    assert not forbidden, forbidden
    wildcard_only = ["utkast-handlingsplan-sydost-2026.pdf", "state=print"]
    assert not [url for url in requested if any(part in url for part in wildcard_only)]
    # The folder links (?folder=19.…&sv.url=12.…) look like SiteVision's but are allowed.
    assert any("?folder=19." in url for url in requested)


@pytest.fixture(scope="module")
def two_crawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """A data directory after a crawl of the mirror and one of its "month later" copy."""
    base = tmp_path_factory.mktemp("two-crawls")
    data_dir = DataDir.at(base / "data")
    options = {"spiders": ("cancercentrum",), "quiet": True}
    with serve_mirror(SITE_DIR) as server:
        first = crawl(data_dir, CrawlOptions(mirror=server.url, **options))
    assert first.status in ("ok", "warning"), first
    later = build_later_site(base / "later")
    with serve_mirror(later) as server:
        second = crawl(data_dir, CrawlOptions(mirror=server.url, **options))
    assert second.status in ("ok", "warning"), second
    connection = data_dir.open_db().conn
    yield connection
    connection.close()


def _document_of(db: sqlite3.Connection, url: str) -> dict:
    rows = _rows(
        db,
        "select d.* from documents d join document_urls u on u.document_id = d.id where u.url = ?",
        (url,),
    )
    assert len(rows) == 1, (url, rows)
    return rows[0]


def test_a_file_replaced_under_its_node_is_one_document_with_two_versions(two_crawls):
    db = two_crawls
    old, new = CHANGES["replaced_old_url"], CHANGES["replaced_new_url"]
    document = _document_of(db, old)
    assert _document_of(db, new)["id"] == document["id"]
    assert document["url"] == new and document["status"] == "current"
    urls = {
        row["url"]
        for row in _rows(
            db, "select url from document_urls where document_id = ?", (document["id"],)
        )
    }
    assert {old, new} <= urls
    versions = _rows(
        db, "select sha256 from document_versions where document_id = ?", (document["id"],)
    )
    assert len(versions) == 2
    same_node = _rows(
        db, "select url from documents where url like ?", ("%/18.3c5e7a9b18f1d2e3a4b5c01/%",)
    )
    assert len(same_node) == 1, same_node


def test_the_changes_view_says_changed_removed_and_new(two_crawls):
    db = two_crawls
    catalogue = sqlite_utils.Database(db)
    save_history(catalogue)
    save_views(catalogue)
    last_run = db.execute("select max(id) from crawl_runs").fetchone()[0]
    changes = _rows(db, "select change, url from changes where run_id = ?", (last_run,))
    by_change: dict[str, set[str]] = {}
    for row in changes:
        by_change.setdefault(row["change"], set()).add(row["url"])
    assert CHANGES["replaced_new_url"] in by_change.get("changed", set()), by_change
    assert CHANGES["replaced_new_url"] not in by_change.get("new", set())
    assert CHANGES["replaced_old_url"] not in by_change.get("removed", set())
    assert CHANGES["removed_url"] in by_change.get("removed", set())
    assert CHANGES["added_url"] in by_change.get("new", set())
    assert CHANGES["edited_page_url"] in by_change.get("page changed", set())


def test_the_later_mirror_leaves_the_bundled_one_alone(tmp_path: Path):
    before = {p: p.stat().st_mtime_ns for p in SITE_DIR.rglob("*") if p.is_file()}
    later = build_later_site(tmp_path / "later")
    after = {p: p.stat().st_mtime_ns for p in SITE_DIR.rglob("*") if p.is_file()}
    assert before == after
    page = (
        later
        / "cancercentrum.se/stockholm-gotland/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/cancerplan-2024-2027/index.html"
    )
    assert CHANGES["edited_sentence"] in page.read_text(encoding="utf-8")
    with pytest.raises(FileExistsError):
        build_later_site(later)
    with serve_mirror(later) as server:

        def status(url: str) -> tuple[int, str]:
            local = server.url + "/" + url.removeprefix("https://")
            with urllib.request.urlopen(urllib.request.Request(local, method="HEAD")) as reply:
                return reply.status, reply.url

        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as moved:
            opener.open(server.url + "/" + CHANGES["replaced_old_url"].removeprefix("https://"))
        assert moved.value.code == 301
        assert (
            "https://cancercentrum.se" + moved.value.headers["Location"]
            == CHANGES["replaced_new_url"]
        )
        assert status(CHANGES["replaced_new_url"])[0] == 200
        assert status(CHANGES["added_url"])[0] == 200
        with pytest.raises(urllib.error.HTTPError) as gone:
            status(CHANGES["removed_url"])
        assert gone.value.code == 404


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_an_old_timestamp_link_that_redirects_joins_the_current_document(db, expected_documents):
    rules = (SITE_DIR / "cancercentrum.se/_redirects").read_text(encoding="utf-8").splitlines()
    old_path, new_path, _ = next(line.split() for line in rules if line.startswith("/download/"))
    old, new = f"https://cancercentrum.se{old_path}", f"https://cancercentrum.se{new_path}"
    assert new in {row["url"] for row in expected_documents}
    document = _document_of(db, new)
    assert _document_of(db, old)["id"] == document["id"]
    assert document["url"] == new and document["status"] == "current"


def test_an_old_article_catalogue_link_is_the_publication_it_now_leads_to(db):
    rules = (SITE_DIR / "www.socialstyrelsen.se/_redirects").read_text(encoding="utf-8")
    old_path, page, _ = next(
        line.split() for line in rules.splitlines() if "artikelkatalog" in line
    )
    old = f"https://www.socialstyrelsen.se{old_path}"
    linked_there = _rows(
        db,
        "select url from document_urls where url like ?",
        ("%/contentassets/%/" + old_path.rsplit("/", 1)[1],),
    )
    assert linked_there, f"the PDF {page} links was not archived"
    publication_pdf = linked_there[0]["url"]
    # 301 to the publication page, which links the PDF: one document, not two with one file.
    assert _document_of(db, old)["id"] == _document_of(db, publication_pdf)["id"]
