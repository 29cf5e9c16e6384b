"""Whole jobs made of stages: ``update`` (crawl → extract → publish → backup) and the demo.

Reads the options the CLI parsed and the bundled mirror (package data of ``mirror``);
writes the data directory through the stages, and a backup of the catalogue under
``<data dir>/backups/`` after each successful update that changed the archive (an
update that changed nothing keeps the last backup if it is less than a week old:
``archive.backup.unchanged_backup``). This is the only module that imports every stage;
each stage hands over through the archive.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rcc_archive import mirror
from rcc_archive.archive.backup import backup_catalogue, unchanged_backup
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import HealthRules, RunSummary
from rcc_archive.scraper.crawl import CrawlOptions, crawl

if TYPE_CHECKING:
    from rcc_archive.extract.runner import ExtractProgress

logger = logging.getLogger("rcc_archive")


@contextlib.contextmanager
def bundled_mirror() -> Iterator[Path]:
    """The bundled offline mirror (``mirror/site``) as a folder, wherever it is installed."""
    with importlib.resources.as_file(importlib.resources.files(mirror) / "site") as site:
        yield Path(site)


@dataclass
class UpdateResult:
    """What one ``update`` did."""

    run: RunSummary
    extract: object | None
    publish: object | None
    backup: Path | None = None


def run_update(
    data_dir: DataDir,
    options: CrawlOptions,
    *,
    workers: int | None = None,
    health: HealthRules | None = None,
    say: Callable[[str], None] = logger.info,
    backup: bool = True,
) -> UpdateResult:
    """Crawl, extract and publish what changed, then back up the catalogue; hold the lock."""
    from rcc_archive.extract.runner import extract_archive
    from rcc_archive.publish.build import publish_archive

    with data_dir.lock():
        say(f"crawling {'mirror ' + options.mirror if options.mirror else 'the live sites'}")
        run = crawl(data_dir, options, command="update", health=health)
        say(f"crawl run {run.run_id}: {run.status}; {counts_line(run)}")
        if run.status == "failed":
            return UpdateResult(run=run, extract=None, publish=None)
        say("extracting new files")
        extracted = extract_archive(data_dir, workers=workers, progress=_every(2.0, say))
        say(f"extract: {extracted}")
        say("publishing")
        published = publish_archive(data_dir)
        say(f"publish: {published}")
        saved = None
        if backup:
            # A copy costs in proportion to the catalogue; when the archive's content is
            # what the last backup holds, only this run's records would differ.
            kept = unchanged_backup(data_dir)
            if kept is not None:
                saved = kept.path
                say(f"catalogue unchanged since the backup {saved} ({kept.taken_at}): kept")
            else:
                saved = backup_catalogue(data_dir, label=f"run{run.run_id}").path
                say(f"catalogue backed up to {saved}")
        return UpdateResult(run=run, extract=extracted, publish=published, backup=saved)


def progress_line(step: ExtractProgress) -> str:
    """One line a person reads: how far extraction has come and how fast."""
    return (
        f"  extracted {step.done}/{step.total} files, {step.pages} pages "
        f"({step.pages_per_second:.1f} pages/s)"
    )


def _every(seconds: float, say: Callable[[str], None]) -> Callable[[ExtractProgress], None]:
    """Return an extraction progress callback that reports at most every ``seconds``."""
    last = [0.0]

    def report(step: ExtractProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= seconds or step.done == step.total:
            last[0] = now
            say(progress_line(step))

    return report


def counts_line(run: RunSummary) -> str:
    """A run's counts and notes on one line."""
    c = run.counts
    line = (
        f"{c['pages']} pages, {c['documents_seen']} documents "
        f"({c['documents_new']} new, {c['documents_changed']} changed, "
        f"{c['documents_unchanged']} unchanged, {c['documents_removed']} removed, "
        f"{c['documents_broken']} broken), {c['errors']} errors"
    )
    if run.notes:
        line += " — " + "; ".join(run.notes)
    return line


def _found_by_default(data_dir: DataDir) -> bool:
    from rcc_archive.options import DEFAULT_DATA, DEMO_DATA

    return data_dir.root == DEMO_DATA.resolve() and not (DEFAULT_DATA / "archive.db").exists()


def run_demo(
    data_dir: DataDir,
    *,
    port: int = 8001,
    serve: bool = True,
    say: Callable[[str], None] = logger.info,
) -> UpdateResult:
    """Crawl the bundled mirror, then its later state (``rcc_archive.demo``), then serve."""
    from rcc_archive.demo import build_demo
    from rcc_archive.publish.serve import serve as serve_datasette

    with bundled_mirror() as site:
        result = build_demo(data_dir, site, say=say).updates[-1]
    found = " (commands run from this folder find it)" if _found_by_default(data_dir) else ""
    say(f"the demo archive is in {data_dir.root}: use --data-dir {data_dir.root}{found}")
    if serve:
        say(f"serving the archive at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        serve_datasette(data_dir, port=port)
    return result
