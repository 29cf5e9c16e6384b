"""Where the time goes: cProfile of one extraction, and the cost of a fresh interpreter.

Reads one corpus PDF, or a generated catalogue; writes only what ``publish_archive``
writes. ``profile_extraction`` runs ``extract_pdf`` and the bare pdfplumber loop under
cProfile, so the report can say which steps make the runner slower than bare
pdfplumber; ``profile_publish`` does the same for indexing (the growth measurement).
``import_costs`` times fresh interpreters that import what each stage's child process
imports: the fixed cost an ``update`` pays even when nothing changed.
"""

from __future__ import annotations

import cProfile
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rcc_archive.archive.datadir import DataDir

REPO = Path(__file__).resolve().parent.parent
# What extract_pdf does per page and per file, and what the bare loop does; parsing the
# page's objects (parse_objects) is common to both.
EXTRACT_STEPS = (
    "open_view",
    "parse_objects",
    "dedupe_chars",
    "_unique_chars",
    "find_tables",
    "extract_wordmap",
    "columns_text",
    "_plain_text",
    "normalize_text",
    "clean_normalized_pages",
    "read_visible_chars",
)
BARE_STEPS = ("parse_objects", "extract_text", "extract_tables", "find_tables")
PUBLISH_STEPS = (
    "save_search_index",
    "index_text",
    "_insert_file",
    "_delete_file",
    "save_views",
    "save_indexes",
    "metadata_problems",
)
# Entries that only wrap the call being profiled.
_NOISE = ("{built-in method builtins.exec}", "<string>", "profiles.py", "{method 'disable'")


def profile_call(
    func: Callable[[], object], steps: tuple[str, ...] = (), top: int = 10
) -> dict[str, Any]:
    """Run ``func`` under cProfile: total time, named steps' cumulative time, top entries."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    func()
    profiler.disable()
    total = time.perf_counter() - started
    rows = []
    for (filename, line, name), (_, ncalls, tottime, cumtime, _) in pstats.Stats(
        profiler
    ).stats.items():
        label = f"{_short(filename)}:{line}({name})" if line else name
        if not any(noise in label for noise in _NOISE):
            rows.append((label, name, ncalls, tottime, cumtime))
    # A step's time is its outermost call: the largest cumulative time under that name.
    found = {
        step: round(max((row[4] for row in rows if row[1] == step), default=0.0), 3)
        for step in steps
    }
    return {
        "total_s": round(total, 3),
        "steps_cumulative_s": {step: seconds for step, seconds in found.items() if seconds},
        "top_cumulative": [_entry(row, total) for row in sorted(rows, key=lambda r: -r[4])[:top]],
        "top_self": [_entry(row, total) for row in sorted(rows, key=lambda r: -r[3])[:top]],
    }


def _entry(row: tuple[str, str, int, float, float], total: float) -> dict[str, Any]:
    label, _, ncalls, tottime, cumtime = row
    return {
        "function": label,
        "calls": ncalls,
        "tottime_s": round(tottime, 3),
        "cumtime_s": round(cumtime, 3),
        "share_of_total": round(cumtime / total, 3) if total else None,
    }


def profile_extraction(path: Path) -> dict[str, Any]:
    """Profile ``extract_pdf`` and the bare pdfplumber loop on the same document."""
    import pdfplumber

    from rcc_archive.extract.pdf import extract_pdf

    def bare() -> None:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()

    return {
        "document": path.name,
        "extract_pdf": profile_call(lambda: extract_pdf(path), EXTRACT_STEPS),
        "bare_pdfplumber": profile_call(bare, BARE_STEPS),
    }


def time_extraction_steps(path: Path) -> dict[str, Any]:
    """Time, page by page without a profiler, each step ``extract.pages.read_page`` takes and
    each step of the bare loop, parsing first in both so that it is counted once.

    This mirrors ``read_page`` as written (dedupe, tables, words grouped once, columns,
    and the plain text from those words when the page has no columns); if ``read_page``
    changes, this breakdown must follow it. cProfile's numbers above are exact about
    calls but inflate Python-heavy steps; these are wall-clock times.
    """
    import pdfplumber
    from pdfplumber.utils.text import WordExtractor

    from rcc_archive.extract.layout import columns_text
    from rcc_archive.extract.pages import _plain_text, dedupe_chars

    ours: dict[str, float] = dict.fromkeys(
        (
            "parse",
            "dedupe_chars",
            "find_tables",
            "table_extract",
            "words",
            "columns_text",
            "plain_text_no_columns",
        ),
        0.0,
    )
    bare: dict[str, float] = dict.fromkeys(("parse", "extract_text", "extract_tables"), 0.0)

    def lap(into: dict[str, float], name: str, since: float) -> float:
        now = time.perf_counter()
        into[name] += now - since
        return now

    # Page by page, ours then bare on the same page number, so that a busy moment on a
    # shared machine falls on both sides rather than on one.
    with pdfplumber.open(path) as pdf, pdfplumber.open(path) as twin:
        for page, other in zip(pdf.pages, twin.pages, strict=True):
            clock = time.perf_counter()
            _ = page.chars
            clock = lap(ours, "parse", clock)
            view = dedupe_chars(page)
            _ = view.chars
            clock = lap(ours, "dedupe_chars", clock)
            found = view.find_tables()
            clock = lap(ours, "find_tables", clock)
            for table in found:
                table.extract()
            clock = lap(ours, "table_extract", clock)
            wordmap = WordExtractor().extract_wordmap(view.chars)
            clock = lap(ours, "words", clock)
            words = [word for word, _ in wordmap.tuples]
            text = columns_text(words, [table.bbox for table in found])
            clock = lap(ours, "columns_text", clock)
            if text is None:
                _plain_text(view, wordmap)
                lap(ours, "plain_text_no_columns", clock)
            page.close()
            clock = time.perf_counter()
            _ = other.chars
            clock = lap(bare, "parse", clock)
            other.extract_text()
            clock = lap(bare, "extract_text", clock)
            other.extract_tables()
            lap(bare, "extract_tables", clock)
            other.close()
    return {
        "document": path.name,
        "read_page_steps_s": {name: round(value, 3) for name, value in ours.items()},
        "read_page_total_s": round(sum(ours.values()), 3),
        "bare_steps_s": {name: round(value, 3) for name, value in bare.items()},
        "bare_total_s": round(sum(bare.values()), 3),
    }


def profile_publish(data_dir: DataDir) -> dict[str, Any]:
    """Profile ``publish_archive`` on a catalogue that was filled but never published."""
    from rcc_archive.publish.build import publish_archive

    return profile_call(lambda: publish_archive(data_dir), PUBLISH_STEPS)


def import_costs() -> dict[str, float]:
    """Time fresh interpreters: empty, importing the crawler, importing the extractor."""
    commands = {
        "python_empty_s": "pass",
        "python_import_crawler_s": "import rcc_archive.scraper.crawl",
        "python_import_extract_worker_s": "import rcc_archive.extract.worker",
    }
    costs = {}
    for name, code in commands.items():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
        costs[name] = round(time.perf_counter() - started, 3)
    return costs


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(REPO) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return Path(filename).name
