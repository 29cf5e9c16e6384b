"""Growth: build, diff and ``changes`` costs per 1,000 pages, small against large; one change.

Reads the ``BuildStats`` of the generated databases (``bench.synthdb``) and the published
databases themselves; writes what ``publish`` writes (a re-diff, and one new version of
one document at the end). Linear growth means the per-1,000-page cost at the large size
is about the cost at the small one: the ratio is reported, and up to ``LINEAR_RATIO``
counts as linear. A publish after one changed document is timed against the full
publish of the same database: its cost should follow the change, not the archive.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from bench.stats import ms, percentile, ratio
from bench.synthdb import BuildStats, add_version
from rcc_archive.archive.datadir import DataDir

LINEAR_RATIO = 1.25
_MB = 2**20


def per_thousand(stats: BuildStats) -> dict[str, float]:
    """Return one build's costs per 1,000 pages."""
    thousands = stats.pages / 1000
    return {
        "insert_s": round(stats.insert_seconds / thousands, 4),
        "publish_s": round(stats.publish_seconds / thousands, 4),
        "build_s": round(stats.build_seconds / thousands, 4),
        "db_mb": round(stats.db_bytes / _MB / thousands, 3),
    }


def measure_growth(builds: list[BuildStats]) -> dict[str, Any]:
    """Compare the per-1,000-page costs of the smallest and the largest build."""
    small, large = builds[0], builds[-1]
    sizes = {
        str(stats.pages): {
            "pages": stats.pages,
            "files": stats.files,
            "avg_chars_per_page": round(stats.text_chars / stats.pages),
            "insert_s": stats.insert_seconds,
            "publish_s": stats.publish_seconds,
            "build_s": round(stats.build_seconds, 3),
            "db_mb": round(stats.db_bytes / _MB, 1),
            "per_1k_pages": per_thousand(stats),
        }
        for stats in builds
    }
    low, high = per_thousand(small), per_thousand(large)
    ratios = {key: ratio(high[key], low[key]) for key in low}
    return {
        "sizes": sizes,
        "small": small.pages,
        "large": large.pages,
        "per_1k_ratio_large_vs_small": ratios,
        "linear_if_ratio_at_most": LINEAR_RATIO,
        "build_linear": ratios["build_s"] is not None and ratios["build_s"] <= LINEAR_RATIO,
        "size_linear": ratios["db_mb"] is not None and ratios["db_mb"] <= LINEAR_RATIO,
    }


def publish_costs(data_dir: DataDir, build: BuildStats, repeats: int = 5) -> dict[str, Any]:
    """Time diffing every version pair, the ``changes`` queries, and a publish after one change.

    Run on a published generated database (``bench.synthdb``), after the search timings:
    the last step adds a version to one document (``synthdb.add_version``).
    """
    return {
        "pages": build.pages,
        "full_publish_s": build.publish_seconds,
        "history": time_history(data_dir),
        "changes": time_changes(data_dir, repeats),
        "one_change": time_one_change(data_dir, build.publish_seconds),
    }


def time_history(data_dir: DataDir, runs: int = 2) -> dict[str, Any]:
    """Diff every pair of consecutive versions again (``save_history(rebuild=True)``), best of ``runs``."""
    from rcc_archive.publish.history import save_history

    samples = []
    summary = None
    db = data_dir.open_db()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            summary = save_history(db, rebuild=True)
            samples.append(time.perf_counter() - started)
        pairs = db.execute("SELECT count(*) FROM version_diffs").fetchone()[0]
        lines = db.execute("SELECT count(*) FROM document_diffs").fetchone()[0]
    finally:
        db.conn.close()
    assert summary is not None
    return {
        "seconds": round(min(samples), 4),
        "samples_s": [round(sample, 4) for sample in samples],
        "pairs": pairs,
        "document_diff_lines": lines,
    }


def time_changes(data_dir: DataDir, repeats: int) -> dict[str, Any]:
    """Time the ``changes`` view through its canned queries and a count, best of ``repeats``."""
    from rcc_archive.publish.build import canned_queries
    from rcc_archive.publish.fts import register_functions
    from rcc_archive.publish.serve import read_metadata

    queries = canned_queries(read_metadata())
    statements = {
        "changes_feed": (queries["changes_feed"]["sql"], {}),
        "changes_since": (queries["changes_since"]["sql"], {"since": ""}),
        "changes_count": ("SELECT count(*) FROM changes", {}),
    }
    conn = sqlite3.connect(f"{data_dir.db_path.as_uri()}?mode=ro", uri=True)
    register_functions(conn)
    timed: dict[str, Any] = {}
    try:
        for name, (sql, params) in statements.items():
            samples = []
            rows = 0
            for _ in range(repeats):
                started = time.perf_counter()
                rows = len(conn.execute(sql, params).fetchall())
                samples.append(time.perf_counter() - started)
            timed[name] = {"best_ms": ms(min(samples)), "p50_ms": ms(percentile(samples, 50))}
            timed[name]["rows"] = rows
    finally:
        conn.close()
    return timed


def time_one_change(data_dir: DataDir, full_publish_s: float) -> dict[str, Any]:
    """Give one document a new version, then time the publish that indexes and diffs it."""
    from rcc_archive.publish.build import publish_archive

    sha, pages = add_version(data_dir, 5)
    started = time.perf_counter()
    summary = publish_archive(data_dir)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "vs_full_publish": ratio(seconds, full_publish_s),
        "new_file": sha,
        "new_file_pages": pages,
        "files_indexed": summary.files_indexed,
        "pages_indexed": summary.pages_indexed,
        "document_pairs_diffed": summary.document_pairs_diffed,
        "publish": str(summary),
    }


def measure_publish_growth(costs: list[dict[str, Any]]) -> dict[str, Any]:
    """Compare diffing and the ``changes`` queries per 1,000 pages, small against large."""
    small, large = costs[0], costs[-1]

    def per_1k(part: dict[str, Any], seconds: float) -> float:
        return round(seconds / (part["pages"] / 1000), 6)

    ratios = {
        "history_s": ratio(
            per_1k(large, large["history"]["seconds"]), per_1k(small, small["history"]["seconds"])
        )
    }
    for name in small["changes"]:
        ratios[f"{name}_ms"] = ratio(
            per_1k(large, large["changes"][name]["best_ms"]),
            per_1k(small, small["changes"][name]["best_ms"]),
        )
    return {
        "sizes": {str(part["pages"]): part for part in costs},
        "small": small["pages"],
        "large": large["pages"],
        "per_1k_ratio_large_vs_small": ratios,
        "linear_if_ratio_at_most": LINEAR_RATIO,
    }
