"""The offline demo: two crawls of the bundled mirror, the second after the sites changed.

Reads the bundled mirror (``mirror/site``) and the later state of it that
``mirror.later.build_later_site`` writes into a temporary folder (a plan replaced under
its SiteVision node, a page edited, a document removed, a new one added); writes the
demo data directory through ``rcc_archive.jobs.run_update`` (crawl → extract → publish).
Two runs make the history visible out of the box: ``changes``, the diffs, the dashboard's
changes per run and the Atom feed all have real entries.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import RunSummary
from rcc_archive.scraper.crawl import CrawlOptions

if TYPE_CHECKING:
    from rcc_archive.jobs import UpdateResult

logger = logging.getLogger("rcc_archive")


@dataclass
class DemoResult:
    """The demo's updates, first crawl first; ``run`` is the last one's crawl run."""

    updates: list[UpdateResult]

    @property
    def run(self) -> RunSummary:
        return self.updates[-1].run


def later_site_builder() -> Callable[[Path, Path], object] | None:
    """Return ``mirror.later.build_later_site``, or None when this checkout has no later site."""
    try:
        from rcc_archive.mirror.later import build_later_site
    except ImportError:
        return None
    return build_later_site


def build_demo(
    data_dir: DataDir,
    bundled_mirror: Path,
    *,
    say: Callable[[str], None] = logger.info,
) -> DemoResult:
    """Update ``data_dir`` from the bundled mirror, then from its later state."""
    from rcc_archive.jobs import run_update
    from rcc_archive.mirror.server import serve_mirror

    updates: list[UpdateResult] = []
    with serve_mirror(bundled_mirror) as server:
        say(f"crawl 1 of 2: the bundled mirror, served at {server.url}")
        updates.append(run_update(data_dir, CrawlOptions(mirror=server.url), say=say))
    if updates[-1].run.status == "failed":
        return DemoResult(updates)
    build_later_site = later_site_builder()
    if build_later_site is None:
        say("this checkout has no later mirror (mirror.later): the demo has one crawl")
        return DemoResult(updates)
    with tempfile.TemporaryDirectory(prefix="rcc-demo-later-") as scratch:
        later = Path(scratch) / "site"
        build_later_site(later, bundled_mirror)
        with serve_mirror(later) as server:
            say(
                "crawl 2 of 2: the same sites later (a plan replaced, a page edited, a document "
                f"removed, one added), served at {server.url}"
            )
            updates.append(run_update(data_dir, CrawlOptions(mirror=server.url), say=say))
    return DemoResult(updates)
