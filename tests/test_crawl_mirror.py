"""The crawl of the bundled mirror: every document and page, with provenance, real URLs only."""

from __future__ import annotations

from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.regions import REGIONS
from rcc_archive.mirror.server import MirrorServer
from rcc_archive.scraper.urls import mirror_host_folders, wget_file_name


def _rows(data_dir: DataDir, sql: str, params: list | None = None) -> list[dict]:
    db = data_dir.open_db()
    cursor = db.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def documents(crawled_archive: DataDir) -> dict[str, dict]:
    """Every document by each URL it is known by: its own and the others document_urls joins."""
    rows = _rows(crawled_archive, "select * from documents")
    by_id = {row["id"]: row for row in rows}
    known = {row["url"]: row for row in rows}
    for alias in _rows(crawled_archive, "select url, document_id from document_urls"):
        known.setdefault(alias["url"], by_id[alias["document_id"]])
    return known


def test_every_expected_document_is_archived(documents, expected_documents, crawled_archive):
    expected = {row["url"] for row in expected_documents}
    missing = expected - set(documents)
    assert not missing, f"not archived: {sorted(missing)}"
    expected_ids = {documents[url]["id"] for url in expected}
    unexpected = {doc["url"] for doc in documents.values() if doc["id"] not in expected_ids}
    assert not unexpected, f"archived but not expected: {sorted(unexpected)}"
    assert len(expected_ids) == len(expected), "two expected URLs became one document"
    blobs = crawled_archive.blobs()
    for url in expected:
        doc = documents[url]
        assert doc["status"] == "current", (url, doc["status_reason"])
        assert doc["sha256"] and blobs.has(doc["sha256"]), url


@pytest.mark.parametrize("field", ["region", "title", "section"])
def test_document_provenance_matches_the_hand_written_table(documents, expected_documents, field):
    wrong = []
    for row in expected_documents:
        doc = documents[row["url"]]
        if field == "section" and doc["url"] != row["url"]:
            continue  # named by another of its URLs: the section is that link's
        got = doc[field] or ""
        if got != row[field]:
            wrong.append((row["url"], row[field], got))
    assert not wrong, wrong


def test_link_text_is_kept_as_shown_and_found_on_is_a_crawled_page(
    documents, expected_documents, crawled_archive
):
    pages = {row["url"] for row in _rows(crawled_archive, "select url from web_pages")}
    for row in expected_documents:
        doc = documents[row["url"]]
        if doc["url"] == row["url"]:  # else the link text is that of the URL it is named by
            assert doc["link_text"] == row["link_text"], row["url"]
        assert doc["found_on"] in pages, row["url"]


def test_every_region_has_documents(documents):
    counts = Counter(doc["region"] for doc in documents.values())
    for region in REGIONS:
        assert counts[region.slug] >= 3, (region.slug, counts)
    assert counts[None] >= 2  # national (RCC i samverkan) and Socialstyrelsen


@pytest.mark.parametrize(
    "variant",
    ["(pdf, öppnas i nytt fönster)", "(pdf, nytt fönster)", "(pdf)", "none"],
)
def test_every_label_variant_gives_a_clean_title(documents, expected_documents, variant):
    rows = [row for row in expected_documents if row["label_variant"] == variant]
    assert rows, f"the mirror has no link with label variant {variant}"
    for row in rows:
        doc = documents[row["url"]]
        assert "(pdf" not in doc["title"].lower(), doc["title"]
        if variant != "none":
            assert doc["link_text"].endswith(variant), doc["link_text"]


def test_every_link_form_is_followed(documents, expected_documents):
    forms = Counter(row["link_form"] for row in expected_documents)
    assert len(forms) >= 6, forms
    for form in forms:
        urls = [row["url"] for row in expected_documents if row["link_form"] == form]
        assert all(documents[url]["sha256"] for url in urls), form


def test_download_link_with_spaces_and_swedish_letters(documents):
    downloads = [url for url in documents if "/download/" in url]
    assert downloads
    assert any(
        "%20" in url and ("%C3%85" in url or "%C3%96" in url or "%C3%A5" in url or "%C3%B6" in url)
        for url in downloads
    ), downloads
    for url in downloads:
        assert " " not in url


def test_region_comes_from_the_section_not_the_page_folder(crawled_archive):
    # The plan page under /mellansverige/ carries every region's section.
    links = _rows(
        crawled_archive,
        "select region, count(*) as n from document_links "
        "where page_url like 'https://cancercentrum.se/mellansverige/om-oss/mal-och-inriktning/%' "
        "group by region",
    )
    by_region = {row["region"]: row["n"] for row in links}
    assert by_region.get("norr", 0) >= 30
    assert all(by_region.get(region.slug, 0) > 0 for region in REGIONS), by_region


def test_norr_process_plans_sit_under_their_heading(documents):
    plans = [doc for doc in documents.values() if doc["title"].startswith("Processplan ")]
    assert len([doc for doc in plans if doc["region"] == "norr"]) == 21
    for doc in plans:
        if doc["region"] == "norr":
            assert doc["section"].endswith("Processplaner underlag till Cancerplanen")


def test_offsite_and_robots_disallowed_links_are_never_requested(
    crawled_archive, bundled_mirror: MirrorServer, expected_excluded
):
    requested = {unquote(path) for path in bundled_mirror.hits}
    for row in expected_excluded:
        # Under any host folder wget may have used, query included (name?query).
        name = wget_file_name(row["url"]).partition("/")[2]
        for folder in mirror_host_folders(row["url"]):
            assert f"/{folder}/{name}" not in requested, row
    skipped = _rows(crawled_archive, "select url, error from fetches where outcome = 'skipped'")
    reasons = " ".join(row["error"] or "" for row in skipped)
    assert "robots.txt" in reasons
    assert "off-site" in reasons


def test_the_same_pdf_under_two_urls_is_stored_once(crawled_archive, documents):
    by_sha = Counter(doc["sha256"] for doc in documents.values() if doc["sha256"])
    shared = [sha for sha, n in by_sha.items() if n >= 2]
    assert shared, "the mirror should serve one PDF under two URLs"
    blobs = crawled_archive.blobs()
    for sha in shared:
        assert blobs.path(sha).is_file()
        files = _rows(crawled_archive, "select * from files where sha256 = ?", [sha])
        assert len(files) == 1


def test_archive_records_real_urls_never_the_mirror(crawled_archive, bundled_mirror):
    host = urlsplit(bundled_mirror.url).netloc
    for table, column in [
        ("fetches", "url"),
        ("documents", "url"),
        ("documents", "found_on"),
        ("web_pages", "url"),
        ("document_links", "page_url"),
    ]:
        rows = _rows(
            crawled_archive,
            f"select {column} as u from {table} where {column} like ?",
            [f"%{host}%"],
        )
        assert not rows, (table, column, rows[:3])
    hosts = {row["host"] for row in _rows(crawled_archive, "select host from documents")}
    assert hosts == {"cancercentrum.se", "www.socialstyrelsen.se"}


def test_pages_keep_title_text_footer_dates_and_names(crawled_archive):
    pages = {
        row["url"]: row
        for row in _rows(
            crawled_archive,
            "select p.url, p.region, v.* from web_pages p "
            "join web_page_versions v on v.url = p.url and v.sha256 = p.sha256",
        )
    }
    old_vast = pages["https://cancercentrum.se/vast/vara-uppdrag/strategisk-utvecklingsplan/"]
    assert old_vast["region"] == "vast"
    assert old_vast["common_updated"] == "2017-08-16"
    assert old_vast["regional_updated"] == "2017-07-13"
    assert old_vast["fact_owner"].startswith("Thomas Björk-Eriksson")
    assert "Regionalt innehåll" in old_vast["text"]
    news = [row for row in pages.values() if row["published"] == "2021-03-12"]
    assert news and news[0]["region"] == "norr"
    plan = pages[
        "https://cancercentrum.se/norr/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
    ]
    assert plan["title"] == "Strategisk utvecklingsplan"
    assert "Regionspecifikt innehåll" in plan["text"]
    sos = [row for row in pages.values() if "socialstyrelsen" in row["url"]]
    assert sos and all(row["region"] is None for row in sos)
    raw = crawled_archive.blobs().read(plan["sha256"])
    assert b"<html" in raw.lower()


def test_every_fetch_is_recorded_with_outcome(crawled_archive):
    rows = _rows(crawled_archive, "select outcome, count(*) as n from fetches group by outcome")
    outcomes = {row["outcome"]: row["n"] for row in rows}
    assert None not in outcomes, outcomes
    assert outcomes.get("new", 0) >= 60
    run = _rows(crawled_archive, "select * from crawl_runs")[0]
    assert run["status"] == "ok", run["notes"]
    assert run["documents_seen"] >= 60
    assert run["mirror"].startswith("http://127.0.0.1")
