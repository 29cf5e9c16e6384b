"""Update cost: a full ``update`` of the bundled mirror, one with nothing changed, one with one changed PDF.

Reads ``mirror/site`` (copied into the work folder first, so a PDF can be changed);
writes a throwaway data directory there. Each update is ``rcc_archive.jobs.run_update``
against the copy served by ``mirror.server`` on 127.0.0.1. Bodies are counted by the
server (``bodies_served``: a 200 with a body; a 304 is not a body), bytes by the crawl
run (``crawl_runs.bytes_downloaded``), re-extracted files by comparing every file's
``extracted_at`` before and after. The phases come from the times at which
``run_update`` reports crawl, extract and publish. The full and the no-change updates
are each run a few times and the fastest is reported (all wall times are kept).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bench.corpus import render_document
from bench.stats import ratio
from rcc_archive.archive.datadir import DataDir
from rcc_archive.jobs import run_update
from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.server import MirrorServer, serve_mirror
from rcc_archive.scraper.crawl import SPIDERS, CrawlOptions

# Best of a few runs: on a shared machine one busy moment would otherwise decide the
# ratio. Every full run starts from an empty data directory of its own.
FULL_RUNS = 2
SAME_RUNS = 3
PAGE_SUFFIXES = ("/", ".html", ".htm", ".txt")


def measure_update(
    workdir: Path,
    *,
    spiders: tuple[str, ...] | None = None,
    workers: int | None = None,
    best_of: tuple[int, int] = (FULL_RUNS, SAME_RUNS),
) -> dict[str, Any]:
    """Run the three updates and return their costs, with ratios to the full one."""
    spiders = spiders or tuple(SPIDERS)
    site = workdir / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(SITE_DIR, site)
    with serve_mirror(site) as server:
        options = CrawlOptions(mirror=server.url, quiet=True, spiders=spiders)
        fulls = []
        for attempt in range(best_of[0]):
            # From empty, always: a kept work folder must not turn a full update into a second one.
            root = workdir / f"update-data-{attempt}"
            shutil.rmtree(root, ignore_errors=True)
            data = DataDir.at(root)
            fulls.append(timed_update(data, server, options, workers))
        unchanged_runs = [timed_update(data, server, options, workers) for _ in range(best_of[1])]
        changed_path = change_one_pdf(site, data)
        one_changed = timed_update(data, server, options, workers)
    one_changed["changed_file"] = str(changed_path.relative_to(site))
    full = _fastest(fulls)
    unchanged = _fastest(unchanged_runs)
    return {
        "mirror": {
            "files": sum(1 for path in site.rglob("*") if path.is_file()),
            "pdfs": sum(1 for _ in site.rglob("*.pdf")),
        },
        "spiders": list(spiders),
        "workers": workers,
        "best_of": {"full": best_of[0], "no_change": best_of[1], "one_changed_pdf": 1},
        "full": full,
        "full_wall_samples_s": [run["wall_s"] for run in fulls],
        "no_change": unchanged,
        "no_change_wall_samples_s": [run["wall_s"] for run in unchanged_runs],
        "one_changed_pdf": one_changed,
        "no_change_vs_full_wall": ratio(unchanged["wall_s"], full["wall_s"]),
        "one_changed_vs_full_wall": ratio(one_changed["wall_s"], full["wall_s"]),
    }


def _fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return min(runs, key=lambda run: run["wall_s"])


def timed_update(
    data: DataDir, server: MirrorServer, options: CrawlOptions, workers: int | None
) -> dict[str, Any]:
    """Run one ``update`` and return its wall time, phases, downloads and re-extractions."""
    before = extraction_times(data)
    server.reset_counts()
    marks: list[tuple[float, str]] = []

    def say(message: str) -> None:
        marks.append((time.perf_counter(), message))

    started = time.perf_counter()
    result = run_update(data, options, workers=workers, say=say)
    wall = time.perf_counter() - started
    after = extraction_times(data)
    db = data.open_db()
    try:
        run = db.execute(
            "select status, bytes_downloaded, requests, documents_new, documents_changed, "
            "documents_unchanged from crawl_runs where id = ?",
            [result.run.run_id],
        ).fetchone()
        fetched = db.execute(
            "select coalesce(sum(bytes), 0), coalesce(sum(duration_ms), 0) from fetches "
            "where run_id = ?",
            [result.run.run_id],
        ).fetchone()
    finally:
        db.conn.close()
    documents = {path: n for path, n in server.bodies_served.items() if not _is_page(path)}
    return {
        "wall_s": round(wall, 3),
        "phases_s": phases(started, marks, started + wall),
        "run_status": run[0],
        "bytes_downloaded": run[1],
        "fetch_bytes": fetched[0],
        "fetch_ms_total": fetched[1],
        "requests": run[2],
        "requests_served": sum(server.hits.values()),
        "bodies_served": sum(server.bodies_served.values()),
        "document_bodies_served": sum(documents.values()),
        "page_bodies_served": sum(server.bodies_served.values()) - sum(documents.values()),
        "documents_new": run[3],
        "documents_changed": run[4],
        "documents_unchanged": run[5],
        "files_extracted": sum(1 for sha, when in after.items() if before.get(sha) != when),
        "extract": str(result.extract),
        "publish": str(result.publish),
    }


def phases(started: float, marks: list[tuple[float, str]], ended: float) -> dict[str, float]:
    """Split an update's wall time by the messages ``run_update`` said at each stage."""
    names = {"crawl": "crawling", "extract": "extracting", "publish": "extract:"}
    times: dict[str, float] = {}
    for name, prefix in names.items():
        found = [when for when, message in marks if message.startswith(prefix)]
        if found:
            times[name] = found[0]
    bounds = sorted(times.items(), key=lambda item: item[1])
    result: dict[str, float] = {}
    for index, (name, begin) in enumerate(bounds):
        end = bounds[index + 1][1] if index + 1 < len(bounds) else ended
        result[name] = round(end - begin, 3)
    if bounds:
        result["before_crawl"] = round(bounds[0][1] - started, 3)
    return result


def extraction_times(data: DataDir) -> dict[str, str | None]:
    """Return every file's ``extracted_at``, by sha256."""
    if not data.db_path.exists():
        return {}
    db = data.open_db()
    try:
        return dict(db.execute("select sha256, extracted_at from files").fetchall())
    finally:
        db.conn.close()


def change_one_pdf(site: Path, data: DataDir) -> Path:
    """Give the smallest linked PDF of the mirror copy new content; return its path."""
    db = data.open_db()
    try:
        rows = db.execute(
            "select d.url from documents d join files f on f.sha256 = d.sha256 "
            "where d.status = 'current' and f.extract_status = 'ok' order by f.bytes, d.url"
        ).fetchall()
    finally:
        db.conn.close()
    for (url,) in rows:
        parts = urlsplit(url)
        target = site / parts.hostname / unquote(parts.path).lstrip("/")
        if target.is_file():
            # A later modification time, so Last-Modified changes too, as on a real site.
            mtime = target.stat().st_mtime + 3600
            target.write_bytes(render_document(4, seed=2026))
            os.utime(target, (mtime, mtime))
            return target
    raise RuntimeError("no linked PDF of the mirror copy was extracted: nothing to change")


def _is_page(path: str) -> bool:
    return path.endswith(PAGE_SUFFIXES) or "." not in path.rsplit("/", 1)[-1]
