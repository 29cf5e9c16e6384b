"""Update cost: a full ``update``, one with nothing changed, one with one changed PDF.

Reads a generated mirror (``bench.genmirror``: 1,000 documents on 200 SiteVision pages
in a full run), and, as a second, smaller measurement, a copy of the bundled mirror
(``mirror/site``); writes throwaway data directories beside them. Each update is
``rcc_archive.jobs.run_update`` against the mirror served by ``mirror.server`` on
127.0.0.1. Bodies are counted by the server (``bodies_served``: a 200 with a body; a 304
is not one) and sorted by the Content-Type they were served with (``body_types``), so a
sitemap or a SiteVision folder page (``index.html?folder=…``) is never taken for a
document. Bytes come from the crawl run (``crawl_runs.bytes_downloaded``), re-extracted
files from every file's ``extracted_at`` before and after, and what ``publish`` wrote from
row snapshots of the published tables (``bench.touched``). The phases come from the times
at which ``run_update`` reports crawl, extract, publish and backup. The no-change update
is run a few times and the fastest is reported (all wall times are kept).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bench.corpus import render_document
from bench.genmirror import change_document, write_mirror
from bench.stats import ratio
from bench.touched import compare, snapshot
from rcc_archive.archive.datadir import DataDir
from rcc_archive.jobs import run_update
from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.server import MirrorServer, serve_mirror
from rcc_archive.scraper.crawl import SPIDERS, CrawlOptions

# Best of a few no-change runs: on a shared machine one busy moment would otherwise
# decide the ratio. Every full run starts from an empty data directory of its own.
FULL_RUNS = 1
SAME_RUNS = 3
DOCUMENT_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument",
    "application/octet-stream",
)
PAGE_TYPES = ("text/html",)


def measure_update(
    workdir: Path,
    *,
    documents: int,
    pages: int,
    workers: int | None = None,
    best_of: tuple[int, int] = (FULL_RUNS, SAME_RUNS),
) -> dict[str, Any]:
    """Run the three updates against a generated mirror; return their costs and ratios."""
    started = time.perf_counter()
    mirror = write_mirror(workdir / "site", documents, pages, cache=workdir / "pdfs")
    generated_s = round(time.perf_counter() - started, 1)
    with serve_mirror(mirror.root) as server:
        options = CrawlOptions(mirror=server.url, quiet=True, spiders=("cancercentrum",))
        fulls, data = _full_updates(workdir, server, options, workers, best_of[0])
        unchanged_runs = [timed_update(data, server, options, workers) for _ in range(best_of[1])]
        changed = mirror.documents[len(mirror.documents) // 2]
        change_document(mirror, changed)
        one_changed = timed_update(data, server, options, workers)
    one_changed["changed_file"] = changed.path
    one_changed["changed_document_pages"] = changed.pages
    one_changed["changed_document_versions"] = version_files(data, changed.url)
    result = _result(fulls, unchanged_runs, one_changed, workers, best_of)
    result["mirror"] = {
        "generated": True,
        "documents": len(mirror.documents),
        "html_pages": len(mirror.pages),
        "pdf_pages": sum(document.pages for document in mirror.documents),
        "written_s": generated_s,
    }
    return result


def measure_bundled_update(
    workdir: Path,
    *,
    spiders: tuple[str, ...] | None = None,
    workers: int | None = None,
    best_of: tuple[int, int] = (FULL_RUNS, SAME_RUNS),
) -> dict[str, Any]:
    """The same three updates against a copy of the bundled mirror (66 documents, every era)."""
    spiders = spiders or tuple(SPIDERS)
    site = workdir / "site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(SITE_DIR, site)
    with serve_mirror(site) as server:
        options = CrawlOptions(mirror=server.url, quiet=True, spiders=spiders)
        fulls, data = _full_updates(workdir, server, options, workers, best_of[0])
        unchanged_runs = [timed_update(data, server, options, workers) for _ in range(best_of[1])]
        changed_path = change_one_pdf(site, data)
        one_changed = timed_update(data, server, options, workers)
    one_changed["changed_file"] = str(changed_path.relative_to(site))
    result = _result(fulls, unchanged_runs, one_changed, workers, best_of)
    result["mirror"] = {
        "generated": False,
        "files": sum(1 for path in site.rglob("*") if path.is_file()),
        "pdfs": sum(1 for _ in site.rglob("*.pdf")),
    }
    result["spiders"] = list(spiders)
    return result


def _full_updates(
    workdir: Path, server: MirrorServer, options: CrawlOptions, workers: int | None, runs: int
) -> tuple[list[dict[str, Any]], DataDir]:
    fulls = []
    data = None
    for attempt in range(runs):
        # From empty, always: a kept work folder must not turn a full update into a second one.
        root = workdir / f"update-data-{attempt}"
        shutil.rmtree(root, ignore_errors=True)
        data = DataDir.at(root)
        fulls.append(timed_update(data, server, options, workers))
    assert data is not None
    return fulls, data


def _result(
    fulls: list[dict[str, Any]],
    unchanged_runs: list[dict[str, Any]],
    one_changed: dict[str, Any],
    workers: int | None,
    best_of: tuple[int, int],
) -> dict[str, Any]:
    full = _fastest(fulls)
    unchanged = _fastest(unchanged_runs)
    return {
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
    """Run one ``update`` and return its wall time, phases, downloads and what it rewrote."""
    before = extraction_times(data)
    rows_before = snapshot(data)
    server.reset_counts()
    marks: list[tuple[float, str]] = []

    def say(message: str) -> None:
        marks.append((time.perf_counter(), message))

    started = time.perf_counter()
    result = run_update(data, options, workers=workers, say=say)
    wall = time.perf_counter() - started
    after = extraction_times(data)
    written = compare(rows_before, snapshot(data))
    db = data.open_db()
    try:
        run = db.execute(
            "select status, bytes_downloaded, requests, documents_new, documents_changed, "
            "documents_unchanged from crawl_runs where id = ?",
            [result.run.run_id],
        ).fetchone()
    finally:
        db.conn.close()
    bodies = served_bodies(server)
    return {
        "wall_s": round(wall, 3),
        "phases_s": phases(started, marks, started + wall),
        "run_status": run[0],
        "bytes_downloaded": run[1],
        "requests": run[2],
        "requests_served": sum(server.hits.values()),
        "bodies_served": sum(server.bodies_served.values()),
        "document_bodies_served": sum(bodies["document"].values()),
        "page_bodies_served": sum(bodies["page"].values()),
        "other_bodies_served": sum(bodies["other"].values()),
        "document_bodies": dict(sorted(bodies["document"].items())[:20]),
        "documents_new": run[3],
        "documents_changed": run[4],
        "documents_unchanged": run[5],
        "files_extracted": sum(1 for sha, when in after.items() if before.get(sha) != when),
        "published": written,
        "extract": str(result.extract),
        "publish": str(result.publish),
    }


def served_bodies(server: MirrorServer) -> dict[str, dict[str, int]]:
    """Split the bodies the server sent into documents, HTML pages and the rest, by Content-Type."""
    split: dict[str, dict[str, int]] = {"document": {}, "page": {}, "other": {}}
    for path, count in server.bodies_served.items():
        served = server.body_types.get(path, "")
        if served.startswith(DOCUMENT_TYPES):
            kind = "document"
        elif served.startswith(PAGE_TYPES):
            kind = "page"
        else:
            kind = "other"  # robots.txt, sitemaps
        split[kind][path] = count
    return split


def phases(started: float, marks: list[tuple[float, str]], ended: float) -> dict[str, float]:
    """Split an update's wall time by the messages ``run_update`` said at each stage."""
    names = {
        "crawl": "crawling",
        "extract": "extracting",
        "publish": "publishing",
        "backup": "publish:",
    }
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


def version_files(data: DataDir, url: str) -> list[str]:
    """Return the sha256 of every version of the document a URL belongs to, oldest first."""
    db = data.open_db()
    try:
        return [
            row[0]
            for row in db.execute(
                "select v.sha256 from document_urls u join document_versions v "
                "on v.document_id = u.document_id where u.url = ? order by v.first_seen, v.rowid",
                [url],
            )
        ]
    finally:
        db.conn.close()


def change_one_pdf(site: Path, data: DataDir) -> Path:
    """Give the smallest linked PDF of the bundled mirror's copy new content; return its path."""
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
