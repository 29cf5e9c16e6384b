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
