"""Politeness on the live sites is the default; a mirror only relaxes what is ours to relax."""

from __future__ import annotations

from rcc_archive.scraper.crawl import CrawlOptions, crawl_settings
from rcc_archive.scraper.spiders.cancercentrum import CancercentrumSpider
from rcc_archive.scraper.spiders.socialstyrelsen import SocialstyrelsenSpider


def test_live_sites_are_crawled_politely_by_default():
    settings = crawl_settings(CrawlOptions(), log_file=None)
    assert settings.get("RCC_MIRROR") is None
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1.0
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert 429 in settings.getlist("RETRY_HTTP_CODES")
    assert settings.getint("DOWNLOAD_TIMEOUT") > 0
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 500 * 1024 * 1024
    agent = settings.get("USER_AGENT")
    assert "rcc-archive" in agent and "https://" in agent


def test_the_real_urls_stay_the_defaults():
    assert "https://cancercentrum.se/" in CancercentrumSpider.start_urls
    assert any(
        url.startswith("https://www.socialstyrelsen.se/")
        for url in SocialstyrelsenSpider.start_urls
    )
    assert CancercentrumSpider.allowed_domains == ["cancercentrum.se"]


def test_a_mirror_relaxes_delay_and_concurrency_but_still_obeys_robots():
    settings = crawl_settings(CrawlOptions(mirror="http://127.0.0.1:8000/"), log_file=None)
    assert settings.get("RCC_MIRROR") == "http://127.0.0.1:8000"
    assert settings.getfloat("DOWNLOAD_DELAY") == 0
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 4
    assert settings.getbool("ROBOTSTXT_OBEY")


def test_an_explicit_delay_is_where_autothrottle_starts():
    settings = crawl_settings(CrawlOptions(delay=0.5), log_file=None)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.5
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") == 0.5


def test_a_document_linked_twice_on_a_page_keeps_its_first_link_in_reading_order(tmp_path):
    """Items of one response reach the pipeline in the order the spider yields them."""
    from rcc_archive.archive.datadir import DataDir
    from rcc_archive.mirror.server import serve_mirror
    from rcc_archive.scraper.crawl import crawl

    host = tmp_path / "site" / "cancercentrum.se"
    files = host / "globalassets" / "cancerplaner"
    files.mkdir(parents=True)
    links = []
    for number in range(60):
        (files / f"plan-{number}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
        links.append(
            f'<li><a href="/globalassets/cancerplaner/plan-{number}.pdf">Plan {number}</a></li>'
        )
    # plan-0.pdf again ten links after its own link, and once more at the end.
    links.insert(10, '<li><a href="/globalassets/cancerplaner/plan-0.pdf">Samma plan igen</a></li>')
    links.append(
        '<li><a href="/globalassets/cancerplaner/plan-0.pdf">Samma plan en tredje gång</a></li>'
    )
    (host / "index.html").write_text(
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Cancerplaner</title>'
        f"</head><body><main><h1>Cancerplaner</h1><ul>{''.join(links)}</ul></main></body></html>",
        encoding="utf-8",
    )
    data_dir = DataDir.at(tmp_path / "data")
    with serve_mirror(tmp_path / "site") as server:
        crawl(data_dir, CrawlOptions(mirror=server.url, quiet=True, spiders=("cancercentrum",)))
    db = data_dir.open_db()
    try:
        texts = db.execute(
            "select link_text from document_links where document_url = ?",
            ["https://cancercentrum.se/globalassets/cancerplaner/plan-0.pdf"],
        ).fetchall()
        linked = db.execute("select count(*) from document_links").fetchone()[0]
    finally:
        db.conn.close()
    assert linked == 60
    assert texts == [("Plan 0",)]
