"""Publish costs against archive size: diffs, the ``changes`` view, a publish after one change.

Reads the published generated databases of two sizes (``bench.synthdb``: every tenth
file a second version, two crawl runs) and the canned queries in
``datasette_metadata.json``; writes what ``publish`` writes (every version pair diffed
again, then one new version of one document per database). Timings are interleaved
between the sizes (small, large, small, large, …) and the best of each is kept, so a
busy moment on a shared machine hits both sizes alike. Each ``changes`` query's SQLite
work is also counted in virtual-machine steps (a progress handler), which do not depend
on the machine's load. Linear growth: per 1,000 pages, the large size costs at most
``LINEAR_RATIO`` times the small one. The publish after one change is timed against
the full publish of the same database (``BuildStats.publish_seconds``), and a backup of
the catalogue against the check that lets an update with nothing new skip it.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from bench.growth import LINEAR_RATIO
from bench.newversion import add_version
from bench.stats import ms, ratio
from bench.synthdb import BuildStats
from rcc_archive.archive.datadir import DataDir

QUERY_REPEATS = 7
HISTORY_RUNS = 3
# Steps between two calls of the progress handler: the count's resolution.
STEP_CHUNK = 100
CHANGED_FILE = 5


def measure_publish_costs(
    databases: list[tuple[DataDir, BuildStats]],
    *,
    repeats: int = QUERY_REPEATS,
    history_runs: int = HISTORY_RUNS,
) -> dict[str, Any]:
    """Time the ``changes`` queries and diffing at each size, then one change; compare sizes."""
    sizes: dict[str, dict[str, Any]] = {
        str(build.pages): {"pages": build.pages, "full_publish_s": build.publish_seconds}
        for _, build in databases
    }
    for key, part in time_changes(databases, repeats).items():
        sizes[key]["changes"] = part
    for key, part in time_history(databases, history_runs).items():
        sizes[key]["history"] = part
    for data_dir, build in databases:
        sizes[str(build.pages)]["one_change"] = time_one_change(data_dir, build.publish_seconds)
        sizes[str(build.pages)]["backup"] = time_backup(data_dir)
    small, large = sizes[str(databases[0][1].pages)], sizes[str(databases[-1][1].pages)]
    return {
        "sizes": sizes,
        "small": small["pages"],
        "large": large["pages"],
        "per_1k_ratio_large_vs_small": per_1k_ratios(small, large),
        "linear_if_ratio_at_most": LINEAR_RATIO,
    }


def changes_statements() -> dict[str, tuple[str, dict[str, str]]]:
    """The ``changes`` view as analysts read it: two canned queries, and a count of it all."""
    from rcc_archive.publish.build import canned_queries
    from rcc_archive.publish.serve import read_metadata

    queries = canned_queries(read_metadata())
    return {
        "changes_feed": (queries["changes_feed"]["sql"], {}),
        "changes_since": (queries["changes_since"]["sql"], {"since": ""}),
        "changes_count": ("SELECT count(*) FROM changes", {}),
    }


def time_changes(
    databases: list[tuple[DataDir, BuildStats]], repeats: int
) -> dict[str, dict[str, Any]]:
    """Best-of-``repeats`` time and VM steps of each ``changes`` statement, per size, interleaved."""
    from rcc_archive.publish.fts import register_functions

    statements = changes_statements()
    connections = {}
    for data_dir, build in databases:
        conn = sqlite3.connect(f"{data_dir.db_path.as_uri()}?mode=ro", uri=True)
        register_functions(conn)
        connections[str(build.pages)] = conn
    samples: dict[str, dict[str, list[float]]] = {key: {} for key in connections}
    result: dict[str, dict[str, Any]] = {key: {} for key in connections}
    try:
        for key, conn in connections.items():
            for name, (sql, params) in statements.items():
                rows = len(conn.execute(sql, params).fetchall())  # warm-up, and the row count
                result[key][name] = {"rows": rows, "vm_steps": vm_steps(conn, sql, params)}
        for _ in range(repeats):
            for key, conn in connections.items():
                for name, (sql, params) in statements.items():
                    started = time.perf_counter()
                    conn.execute(sql, params).fetchall()
                    samples[key].setdefault(name, []).append(time.perf_counter() - started)
    finally:
        for conn in connections.values():
            conn.close()
    for key, by_name in samples.items():
        for name, taken in by_name.items():
            result[key][name]["best_ms"] = ms(min(taken))
            result[key][name]["samples_ms"] = [ms(sample) for sample in taken]
    return result


def vm_steps(conn: sqlite3.Connection, sql: str, params: dict[str, str]) -> int:
    """Count the SQLite virtual-machine steps of one statement (to ``STEP_CHUNK``)."""
    calls = [0]

    def count() -> int:
        calls[0] += 1
        return 0

    conn.set_progress_handler(count, STEP_CHUNK)
    try:
        conn.execute(sql, params).fetchall()
    finally:
        conn.set_progress_handler(None, 0)
    return calls[0] * STEP_CHUNK


def time_history(
    databases: list[tuple[DataDir, BuildStats]], runs: int
) -> dict[str, dict[str, Any]]:
    """Diff every version pair again (``save_history(rebuild=True)``) at each size, interleaved."""
    from rcc_archive.publish.history import save_history

    samples: dict[str, list[float]] = {str(build.pages): [] for _, build in databases}
    for _ in range(runs):
        for data_dir, build in databases:
            db = data_dir.open_db()
            try:
                started = time.perf_counter()
                save_history(db, rebuild=True)
                samples[str(build.pages)].append(time.perf_counter() - started)
            finally:
                db.conn.close()
    result = {}
    for data_dir, build in databases:
        db = data_dir.open_db()
        try:
            pairs = db.execute("SELECT count(*) FROM version_diffs").fetchone()[0]
            lines = db.execute("SELECT count(*) FROM document_diffs").fetchone()[0]
        finally:
            db.conn.close()
        taken = samples[str(build.pages)]
        result[str(build.pages)] = {
            "seconds": round(min(taken), 4),
            "samples_s": [round(sample, 4) for sample in taken],
            "pairs": pairs,
            "document_diff_lines": lines,
        }
    return result


def time_one_change(data_dir: DataDir, full_publish_s: float) -> dict[str, Any]:
    """Give one document a new version (``synthdb.add_version``), then time the publish."""
    from rcc_archive.publish.build import publish_archive

    sha, pages = add_version(data_dir, CHANGED_FILE)
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


def time_backup(data_dir: DataDir) -> dict[str, Any]:
    """Time a backup of the catalogue, and the check that lets an unchanged update skip it."""
    from rcc_archive.archive.backup import backup_catalogue, unchanged_backup

    started = time.perf_counter()
    backup = backup_catalogue(data_dir, label="bench")
    copied = time.perf_counter() - started
    started = time.perf_counter()
    kept = unchanged_backup(data_dir)
    checked = time.perf_counter() - started
    backup.path.unlink()
    return {
        "backup_s": round(copied, 3),
        "backup_mb": round(backup.bytes / 2**20, 1),
        "unchanged_check_s": round(checked, 3),
        "unchanged_check_found_it": kept is not None,
    }


def per_1k_ratios(small: dict[str, Any], large: dict[str, Any]) -> dict[str, float | None]:
    """Per-1,000-page cost at the large size over the small one, for each measurement."""

    def per_1k(part: dict[str, Any], value: float) -> float:
        return value / (part["pages"] / 1000)

    ratios = {
        "history_s": ratio(
            per_1k(large, large["history"]["seconds"]), per_1k(small, small["history"]["seconds"])
        )
    }
    for name in small["changes"]:
        for unit, field in (("ms", "best_ms"), ("vm_steps", "vm_steps")):
            ratios[f"{name}_{unit}"] = ratio(
                per_1k(large, large["changes"][name][field]),
                per_1k(small, small["changes"][name][field]),
            )
    return ratios
