"""Whole jobs made of stages: ``update`` (crawl → extract → publish) and the offline demo.

Reads the options the CLI parsed; writes the data directory through the stages. This is
the only module that imports every stage; each stage hands over through the archive.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archive.datadir import DataDir
from archive.runs import HealthRules, RunSummary
from scraper.crawl import CrawlOptions, crawl

if TYPE_CHECKING:
    from extract.runner import ExtractProgress

logger = logging.getLogger("rcc_archive")

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_MIRROR = REPO_ROOT / "mirror" / "site"


@dataclass
class UpdateResult:
    """What one ``update`` did."""

    run: RunSummary
    extract: object | None
    publish: object | None


def run_update(
    data_dir: DataDir,
    options: CrawlOptions,
    *,
    workers: int | None = None,
    health: HealthRules | None = None,
    say: Callable[[str], None] = logger.info,
) -> UpdateResult:
    """Crawl, then extract and publish what changed, holding the data directory's lock."""
    from extract.runner import extract_archive
    from publish.build import publish_archive

    with data_dir.lock():
        say(f"crawling {'mirror ' + options.mirror if options.mirror else 'the live sites'}")
        run = crawl(data_dir, options, command="update", health=health)
        say(f"crawl run {run.run_id}: {run.status}; {_counts_line(run)}")
        if run.status == "failed":
            return UpdateResult(run=run, extract=None, publish=None)
        say("extracting new files")
        extracted = extract_archive(data_dir, workers=workers, progress=_every(2.0, say))
        say(f"extract: {extracted}")
        say("publishing")
        published = publish_archive(data_dir)
        say(f"publish: {published}")
        return UpdateResult(run=run, extract=extracted, publish=published)


def _every(seconds: float, say: Callable[[str], None]) -> Callable[[ExtractProgress], None]:
    """Return an extraction progress callback that reports at most every ``seconds``."""
    last = [0.0]

    def report(step: ExtractProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= seconds or step.done == step.total:
            last[0] = now
            say(
                f"  extracted {step.done}/{step.total} files, {step.pages} pages "
                f"({step.pages_per_second:.1f} pages/s)"
            )

    return report


def _counts_line(run: RunSummary) -> str:
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


def run_demo(
    data_dir: DataDir,
    *,
    port: int = 8001,
    serve: bool = True,
    say: Callable[[str], None] = logger.info,
) -> UpdateResult:
    """Crawl the bundled mirror, then its later state (``rcc_archive.demo``), then serve."""
    from publish.serve import serve as serve_datasette
    from rcc_archive.demo import build_demo

    result = build_demo(data_dir, BUNDLED_MIRROR, say=say).updates[-1]
    if serve:
        say(f"serving the archive at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        serve_datasette(data_dir, port=port)
    return result
