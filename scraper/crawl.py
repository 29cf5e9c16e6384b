"""Run the spiders for one crawl run: open the run, crawl in a child process, close the run.

Reads the live sites or a mirror; writes the data directory (through ``archive``) and a
rotating log file in ``<data dir>/logs/``. The Twisted reactor cannot be restarted in one
process, so the crawl itself runs in a fresh child process each time; the parent opens
and closes the ``crawl_runs`` row, so even a crashed child leaves a closed, honest run.
"""

from __future__ import annotations

import ctypes
import logging
import logging.handlers
import multiprocessing
import signal
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from rcc_archive.archive.catalogue import Catalogue
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import HealthRules, RunSummary, finish_run
from rcc_archive.scraper import diskfull
from rcc_archive.scraper.discovery import run_notes
from rcc_archive.scraper.spiders.cancercentrum import CancercentrumSpider
from rcc_archive.scraper.spiders.socialstyrelsen import SocialstyrelsenSpider

_PR_SET_PDEATHSIG = 1
SPIDERS = {spider.name: spider for spider in (CancercentrumSpider, SocialstyrelsenSpider)}


@dataclass
class CrawlOptions:
    """How to crawl: where from, how politely, which spiders."""

    mirror: str | None = None
    spiders: tuple[str, ...] = tuple(SPIDERS)
    delay: float | None = None  # None: 1 s on the live sites, 0 on a mirror
    concurrency: int | None = None  # requests at once per host; None: 1 live, 4 on a mirror
    timeout: float | None = None
    max_bytes: int | None = None
    quiet: bool = False
    verbose: bool = False
    settings: dict[str, Any] = field(default_factory=dict)


def crawl_settings(options: CrawlOptions, log_file: Path | None) -> Settings:
    """Build the Scrapy settings for a run from the polite defaults and the options."""
    settings = Settings()
    settings.setmodule("rcc_archive.scraper.settings", priority="project")
    if options.mirror:
        settings.set("RCC_MIRROR", options.mirror.rstrip("/"), priority="cmdline")
    delay = options.delay if options.delay is not None else (0.0 if options.mirror else None)
    if delay is not None:
        settings.set("DOWNLOAD_DELAY", delay, priority="cmdline")
        # AutoThrottle starts from its own delay; an explicit --delay is where it starts.
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="cmdline")
        if delay == 0:
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
            settings.set("RCC_RETRY_BACKOFF_BASE", 0.2, priority="cmdline")
    concurrency = options.concurrency or (4 if options.mirror else None)
    if concurrency:
        # A mirror is our own copy on our own machine: politeness towards the real
        # site does not apply, so it may be read a few requests at a time.
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", concurrency, priority="cmdline")
    if options.timeout is not None:
        settings.set("DOWNLOAD_TIMEOUT", options.timeout, priority="cmdline")
    if options.max_bytes is not None:
        settings.set("DOWNLOAD_MAXSIZE", options.max_bytes, priority="cmdline")
        settings.set("DOWNLOAD_WARNSIZE", 0, priority="cmdline")
    # Scrapy's own chatter stays at warnings; progress lines come from ProgressReporter.
    # --quiet: the terminal gets only the verdict (the log file keeps everything at INFO).
    level = "DEBUG" if options.verbose else ("CRITICAL" if options.quiet else "WARNING")
    settings.set("LOG_LEVEL", level, priority="cmdline")
    settings.set("RCC_PROGRESS", not options.quiet, priority="cmdline")
    if log_file is not None:
        settings.set("RCC_LOG_FILE", str(log_file), priority="cmdline")
    for key, value in options.settings.items():
        settings.set(key, value, priority="cmdline")
    return settings


def _add_log_file(settings: Settings) -> None:
    log_file = settings.get("RCC_LOG_FILE")
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        handler.setLevel(logging.INFO)
        logging.getLogger().addHandler(handler)


@dataclass
class CrawlReport:
    """What the spiders say about a run beyond the catalogue: notes, and why it stopped early."""

    notes: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)


class _NoTraceback(logging.Formatter):
    """Format a record without its traceback: expected network failures are one line on the
    terminal, and the log file (its own handler and formatter) keeps the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def _terminal_without_tracebacks() -> None:
    from scrapy.utils import log as scrapy_log

    handler = getattr(scrapy_log, "_scrapy_root_handler", None)
    if handler is not None and handler.formatter is not None:
        formatter = handler.formatter
        handler.setFormatter(_NoTraceback(formatter._fmt, formatter.datefmt))


def crawl_in_this_process(data_dir: Path, run_id: int, options: CrawlOptions) -> CrawlReport:
    """Run the spiders to completion in the current process (its reactor starts once)."""
    data = DataDir.at(data_dir)
    settings = crawl_settings(options, data.log_dir / "crawl.log")
    catalogue = Catalogue(data)
    process = CrawlerProcess(settings)  # installs Scrapy's stderr handler at LOG_LEVEL
    _add_log_file(settings)
    crawlers = []
    for name in options.spiders:
        crawler = process.create_crawler(SPIDERS[name])
        crawlers.append((name, crawler))
        process.crawl(crawler, catalogue=catalogue, run_id=run_id)
    # The first write that fails for a full disk stops every spider and fails the run.
    diskfull.install([crawler for _, crawler in crawlers])
    if not options.verbose:
        # Each crawler installs Scrapy's terminal handler anew when it starts.
        for _, crawler in crawlers:
            crawler.signals.connect(_terminal_without_tracebacks, signal=signals.engine_started)
    process.start()
    report = CrawlReport()
    for name, crawler in crawlers:
        notes, incomplete = run_notes(name, crawler.stats.get_stats() if crawler.stats else {})
        report.notes.extend(notes)
        if incomplete:
            report.incomplete.append(incomplete)
    return report


def _die_with_parent() -> None:
    # If the parent is killed (SIGKILL from a scheduler, OOM), the crawl must not go on
    # writing to an archive whose run nobody will close.
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _child(data_dir: str, run_id: int, options: CrawlOptions, channel: Connection) -> None:
    _die_with_parent()
    report = crawl_in_this_process(Path(data_dir), run_id, options)
    channel.send(report)
    channel.close()


def _received(channel: Connection) -> CrawlReport:
    # A child that died sent nothing; its run is closed as failed without notes.
    try:
        return channel.recv() if channel.poll() else CrawlReport()
    except (EOFError, OSError):
        return CrawlReport()


def _add_notes(catalogue: Catalogue, summary: RunSummary, notes: list[str]) -> None:
    """Append the spiders' notes (sitemap counts, bounds hit) to the closed run's notes."""
    if not notes:
        return
    summary.notes.extend(notes)
    with catalogue.db.conn:
        catalogue.db.table("crawl_runs").update(summary.run_id, {"notes": "; ".join(summary.notes)})


def crawl(
    data_dir: DataDir,
    options: CrawlOptions | None = None,
    *,
    command: str = "crawl",
    health: HealthRules | None = None,
) -> RunSummary:
    """Crawl once into ``data_dir`` and return the closed run's summary."""
    options = options or CrawlOptions()
    unknown = set(options.spiders) - set(SPIDERS)
    if unknown:
        raise ValueError(f"unknown spider(s): {', '.join(sorted(unknown))}")
    catalogue = Catalogue(data_dir)
    run_id = catalogue.start_run(options.mirror, command)
    # Room kept aside so that, if the crawl fills the disk, the run can still be closed.
    reserve = data_dir.reserve_space()
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(str(data_dir.root), run_id, options, sender))
    child.start()
    sender.close()
    try:
        child.join()
    except BaseException:
        child.terminate()
        child.join()
        reserve.release()
        finish_run(catalogue.db, run_id, complete=False, rules=health, error="interrupted")
        raise
    reserve.release()
    report = _received(receiver)
    complete = child.exitcode == 0 and not report.incomplete
    error = None
    if child.exitcode != 0:
        error = f"crawl process exited with code {child.exitcode}"
    elif report.incomplete:
        # A bounded crawl that stopped early has not seen every link: nothing is removed.
        error = "; ".join(report.incomplete)
    summary = finish_run(catalogue.db, run_id, complete=complete, rules=health, error=error)
    _add_notes(catalogue, summary, report.notes)
    catalogue.db.close()
    return summary
