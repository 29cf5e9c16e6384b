"""Polite defaults for every crawl, in one place (``SCRAPY_SETTINGS_MODULE=scraper.settings``).

Reads nothing; writes nothing. ``scraper.crawl`` overrides a few of these per run (the
mirror, the data directory, delays for a loopback mirror).
"""

BOT_NAME = "rcc-archive"
SPIDER_MODULES = ["rcc_archive.scraper.spiders"]
NEWSPIDER_MODULE = "rcc_archive.scraper.spiders"

USER_AGENT = (
    "rcc-archive/0.1 (+https://github.com/rcc-archive/rcc-archive; "
    "archive of Swedish regional cancer plans)"
)
ROBOTSTXT_OBEY = True
# Protego, said out loud: SiteVision's robots.txt forbids with wildcards ("Disallow: /*?sv*",
# "$" anchors), which Python's urllib.robotparser reads as literal paths and so ignores.
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

# One request at a time per host, with AutoThrottle backing off when the site slows.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Items of one response go through the pipeline one at a time. The pipeline is
# synchronous SQLite, so it wrote them one at a time already; Scrapy's default of 100
# only started 100 asyncio tasks per response, about a sixth of a no-change crawl's CPU
# time on a 1,000-document mirror (bench/update_cost.py).
CONCURRENT_ITEMS = 1
# Scrapy's check for a generator callback that returns a value re-reads and re-parses the
# callback's source for each response (its cache is keyed by the bound method, which
# lives only as long as the request): 5 % of a no-change crawl's CPU time. Our callbacks
# are the spiders' own, tested in tests/test_crawl_*.py.
WARN_ON_GENERATOR_RETURN_VALUE = False

DOWNLOAD_TIMEOUT = 60
# Plans are a few MB; anything near the cap is not a plan and is not stored.
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Scrapy's list, plus an empty reply said outright: a connection closed before any byte
# (the live sites do it now and then) is retried like a 503.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.CannotResolveHostError",
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    "twisted.web._newclient.ResponseNeverReceived",
    OSError,
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
RCC_RETRY_BACKOFF_BASE = 2.0  # seconds; doubled per attempt
RCC_RETRY_BACKOFF_MAX = 60.0  # and never more than this, Retry-After included

REDIRECT_MAX_TIMES = 5
# An old document link that redirects to a publication page continues its redirect chain
# to the page's PDF on purpose (scraper.spiders.base), so Scrapy need not warn about it.
META_COPY_WARN_SKIP_KEYS = ["redirect_urls"]
# The spiders follow plan pages 3 hops (scraper.spiders.base), SiteVision folder pages 2
# more, documents one more; Scrapy's own limit sits just above, as a backstop.
DEPTH_LIMIT = 6
# Every request counts (retries, documents, sitemaps); a run that reaches the cap stops,
# says so in crawl_runs.notes and is not complete (nothing is marked removed).
RCC_MAX_REQUESTS = 20_000
# Per page: links taken, bytes parsed, seconds spent on its sections (scraper.links).
RCC_MAX_LINKS_PER_PAGE = 5_000
RCC_MAX_PAGE_BYTES = 10 * 1024 * 1024
RCC_MAX_PARSE_SECONDS = 30.0
# Sitemaps (scraper.sitemaps): read them, within these bounds.
RCC_SITEMAPS = True
RCC_SITEMAP_MAX_FILES = 50
RCC_SITEMAP_MAX_PAGES = 2_000
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOAD_HANDLERS = {
    "http": "rcc_archive.scraper.handlers.MirrorAwareDownloadHandler",
    "https": "rcc_archive.scraper.handlers.MirrorAwareDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "rcc_archive.scraper.middlewares.GuardedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "rcc_archive.scraper.middlewares.BackoffRetryMiddleware": 550,
    "rcc_archive.scraper.middlewares.ConditionalRequestMiddleware": 560,
    "rcc_archive.scraper.middlewares.FetchRecorderMiddleware": 950,
    "rcc_archive.scraper.request_rules.RequestCapMiddleware": 105,
    "rcc_archive.scraper.request_rules.AcceptByKindMiddleware": 395,
}
ITEM_PIPELINES = {
    "rcc_archive.scraper.pipelines.ArchivePipeline": 300,
}
EXTENSIONS = {
    "rcc_archive.scraper.progress.ProgressReporter": 500,
}
RCC_PROGRESS_INTERVAL = 5.0
RCC_PROGRESS = True

# Where to fetch from: None for the live sites, or the base URL of a wget-layout mirror.
RCC_MIRROR = None
