"""Run one backfill from the Wayback Machine: open the run, crawl in a child process, close it.

Reads the Wayback Machine's CDX and replay APIs (or another server with the same layout,
``--wayback URL``); writes the data directory through ``archive.backfill`` and a rotating
log in ``<data dir>/logs/backfill.log``. Like ``scraper.crawl``, the Scrapy crawl runs in a
fresh child process (the Twisted reactor starts once per process) and the parent opens
and closes the ``crawl_runs`` row (command ``backfill``), so a crashed child leaves an
honest, closed run and the next backfill resumes where it stopped.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from rcc_archive.archive.backfill import Backfill
from rcc_archive.archive.backfill_runs import finish_backfill
from rcc_archive.archive.catalogue import Catalogue
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import RunSummary
from rcc_archive.scraper.spiders.wayback import DEFAULT_WAYBACK, BackfillTarget, WaybackSpider

__all__ = ["BackfillOptions", "BackfillTarget", "backfill", "backfill_settings"]


@dataclass(frozen=True)
class BackfillOptions:
    """Where to read captures from, which ones, and how politely."""

    target: BackfillTarget = field(default_factory=BackfillTarget)
    delay: float | None = None  # None: the polite defaults (1 s per CDX query, 0.5 s per capture)
    timeout: float | None = None
    verbose: bool = False


def backfill_settings(options: BackfillOptions, log_file: Path | None) -> Settings:
    """Scrapy settings: the crawl's, then the spider's own, then these options."""
    settings = Settings()
    settings.setmodule("rcc_archive.scraper.settings", priority="project")
    settings.setdict(WaybackSpider.custom_settings, priority="spider")
    if options.delay is not None:
        delay = options.delay
        settings.set("DOWNLOAD_DELAY", delay, priority="cmdline")
        settings.set("AUTOTHROTTLE_START_DELAY", max(delay, 0.01), priority="cmdline")
        slots = {
            name: {**slot, "delay": delay}
            for name, slot in WaybackSpider.custom_settings["DOWNLOAD_SLOTS"].items()
        }
        settings.set("DOWNLOAD_SLOTS", slots, priority="cmdline")
        if delay == 0:
            # A replay server on this machine (tests): no pause, short back-off.
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
            settings.set("RCC_RETRY_BACKOFF_BASE", 0.1, priority="cmdline")
    if options.timeout is not None:
        settings.set("DOWNLOAD_TIMEOUT", options.timeout, priority="cmdline")
    settings.set("LOG_LEVEL", "DEBUG" if options.verbose else "WARNING", priority="cmdline")
    if log_file is not None:
        settings.set("RCC_LOG_FILE", str(log_file), priority="cmdline")
    return settings


def _add_log_file(log_file: str | None) -> None:
    if not log_file:
        return
    Path(log_file).parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)


def backfill_in_this_process(data_dir: Path, run_id: int, options: BackfillOptions) -> None:
    """Run the Wayback spider to completion in the current process."""
    data = DataDir.at(data_dir)
    settings = backfill_settings(options, data.log_dir / "backfill.log")
    process = CrawlerProcess(settings)
    _add_log_file(settings.get("RCC_LOG_FILE"))
    process.crawl(
        WaybackSpider,
        catalogue=Catalogue(data),
        backfill=Backfill(data),
        run_id=run_id,
        target=options.target,
    )
    process.start()


def _child(data_dir: str, run_id: int, options: BackfillOptions) -> None:
    from rcc_archive.scraper.crawl import (
        _die_with_parent,  # the crawl's guard against an orphaned child
    )

    _die_with_parent()
    backfill_in_this_process(Path(data_dir), run_id, options)


def backfill(data_dir: DataDir, options: BackfillOptions | None = None) -> RunSummary:
    """Backfill once into ``data_dir`` (the caller holds its lock); return the run's summary."""
    options = options or BackfillOptions()
    wayback = options.target.wayback.rstrip("/")
    catalogue = Catalogue(data_dir)
    Backfill(data_dir).db.close()  # its tables exist before the child writes to them
    run_id = catalogue.start_run(None if wayback == DEFAULT_WAYBACK else wayback, "backfill")
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_child, args=(str(data_dir.root), run_id, options))
    child.start()
    try:
        child.join()
    except BaseException:
        child.terminate()
        child.join()
        finish_backfill(catalogue.db, run_id, complete=False, error="interrupted")
        raise
    complete = child.exitcode == 0
    error = None if complete else f"backfill process exited with code {child.exitcode}"
    summary = finish_backfill(catalogue.db, run_id, complete=complete, error=error)
    catalogue.db.close()
    return summary
