"""Polite defaults for every crawl, in one place (``SCRAPY_SETTINGS_MODULE=scraper.settings``).

Reads nothing; writes nothing. ``scraper.crawl`` overrides a few of these per run (the
mirror, the data directory, delays for a loopback mirror).
"""

BOT_NAME = "rcc-archive"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

USER_AGENT = (
    "rcc-archive/0.1 (+https://github.com/rcc-archive/rcc-archive; "
    "archive of Swedish regional cancer plans)"
)
ROBOTSTXT_OBEY = True

# One request at a time per host, with AutoThrottle backing off when the site slows.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 60
# Plans are a few MB; anything near the cap is not a plan and is not stored.
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RCC_RETRY_BACKOFF_BASE = 2.0  # seconds; doubled per attempt
RCC_RETRY_BACKOFF_MAX = 60.0  # and never more than this, Retry-After included

REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 4
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOAD_HANDLERS = {
    "http": "scraper.handlers.MirrorAwareDownloadHandler",
    "https": "scraper.handlers.MirrorAwareDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.middlewares.GuardedRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.BackoffRetryMiddleware": 550,
    "scraper.middlewares.ConditionalRequestMiddleware": 560,
    "scraper.middlewares.FetchRecorderMiddleware": 950,
}
ITEM_PIPELINES = {
    "scraper.pipelines.ArchivePipeline": 300,
}
EXTENSIONS = {
    "scraper.progress.ProgressReporter": 500,
}
RCC_PROGRESS_INTERVAL = 5.0
RCC_PROGRESS = True

# Where to fetch from: None for the live sites, or the base URL of a wget-layout mirror.
RCC_MIRROR = None
