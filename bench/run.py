"""Run every measurement in order and gather the results into one dictionary.

Reads the repository (bundled mirror, metadata); writes a corpus, data directories and
generated databases under a work folder (a temporary one unless given), and nothing
else. The JSON file and the printed table are ``bench.__main__``'s job.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus
from bench.extraction import measure_extraction
from bench.floor import floor_files, measure_floor
from bench.growth import measure_growth
from bench.machine import describe_machine
from bench.ocr import measure_ocr
from bench.profiles import (
    import_costs,
    profile_extraction,
    profile_publish,
    time_extraction_steps,
)
from bench.publish_cost import measure_publish_costs
from bench.report import summary_rows
from bench.search import measure_search
from bench.stemming import measure_stemming
from bench.synthdb import build_database
from bench.update_cost import measure_bundled_update, measure_update
from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.datadir import DataDir

SECTIONS = (
    "machine",
    "extraction",
    "memory",
    "floor",
    "update",
    "search",
    "growth",
    "stemming",
    "profiles",
    "summary",
)


@dataclass(frozen=True)
class Plan:
    """How big each measurement is."""

    corpus_sizes: tuple[int, ...]
    balanced_pages: int
    db_pages: tuple[int, ...]
    search_repeats: int
    noclose: bool
    update_spiders: tuple[str, ...] | None
    update_best_of: tuple[int, int]
    update_documents: int
    update_pages: int
    bundled_update: bool
    search_pages: tuple[int, ...]
    profile_pages: int
    steps_pages: int
    profile_db_pages: int
    stemming_pages: int
    floor_sizes: tuple[int, ...]


FULL = Plan(
    corpus_sizes=(10, 60, 400),
    balanced_pages=60,
    db_pages=(10_000, 100_000),
    search_repeats=20,
    noclose=True,
    update_spiders=None,
    update_best_of=(1, 3),
    update_documents=1_000,
    update_pages=200,
    bundled_update=True,
    search_pages=(10_000, 100_000),
    profile_pages=10,
    steps_pages=60,
    profile_db_pages=5_000,
    stemming_pages=2_000,
    floor_sizes=(10, 60),
)
# Small enough for about a minute: no 400-page document, a generated mirror of 10
# documents on 17 pages and each update once, 2,000 pages to search.
QUICK = Plan(
    corpus_sizes=(4, 12),
    balanced_pages=8,
    db_pages=(500, 2_000),
    search_repeats=5,
    noclose=False,
    update_spiders=("socialstyrelsen",),
    update_best_of=(1, 1),
    update_documents=10,
    update_pages=17,
    bundled_update=False,
    search_pages=(2_000,),
    profile_pages=4,
    steps_pages=12,
    profile_db_pages=500,
    stemming_pages=200,
    floor_sizes=(4,),
)


def run_bench(
    *, quick: bool, workdir: Path | None = None, say: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Run the benchmark and return its results (every section of ``SECTIONS``)."""
    say = say or (lambda message: print(f"[bench] {message}", file=sys.stderr, flush=True))
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="rcc-bench-") as temporary:
            return _run(QUICK if quick else FULL, quick, Path(temporary), say)
    workdir.mkdir(parents=True, exist_ok=True)
    return _run(QUICK if quick else FULL, quick, workdir, say)


def _run(plan: Plan, quick: bool, workdir: Path, say: Callable[[str], None]) -> dict[str, Any]:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    results: dict[str, Any] = {"machine": describe_machine()}

    def measure(name: str, message: str, func: Callable[[], Any]) -> Any:
        """Run one measurement; a failure is recorded in the results, not raised."""
        say(message)
        begun = time.perf_counter()
        try:
            value = func()
        except Exception as error:  # one broken stage must not lose the other sections
            say(f"{name} FAILED: {type(error).__name__}: {error}")
            value = {"error": f"{type(error).__name__}: {error}"[:2000]}
        timings[name] = round(time.perf_counter() - begun, 1)
        say(f"{name} done in {timings[name]} s")
        return value

    folder = workdir / "corpus"
    corpus = measure(
        "corpus",
        f"generating the PDF corpus: {plan.corpus_sizes} pages",
        lambda: (
            write_corpus(folder, plan.corpus_sizes),
            write_corpus(folder, (plan.balanced_pages,), copies=2),
        ),
    )
    extraction = measure(
        "extraction",
        "extraction throughput and memory (a fresh process per run)",
        lambda: measure_extraction(
            workdir, corpus[0], corpus[1], noclose=plan.noclose, repeats=1 if quick else 2
        ),
    )
    if isinstance(extraction, dict):  # the measurement failed: both sections say why
        extraction = (extraction, extraction)
    results["extraction"], results["memory"] = extraction
    results["floor"] = measure(
        "floor",
        "the floor: PDFium text, pdfplumber only for pages with tables or columns",
        lambda: measure_floor(
            floor_files(
                [item.path for item in corpus[0] if item.pages in plan.floor_sizes], quick=quick
            )
        ),
    )

    results["update"] = measure(
        "update",
        f"update cost against a generated mirror of {plan.update_documents} documents",
        lambda: _update(plan, workdir),
    )

    builds = []
    results["search"] = {"sizes": {}}
    for pages in plan.db_pages:
        shutil.rmtree(workdir / f"db-{pages}", ignore_errors=True)
        data = DataDir.at(workdir / f"db-{pages}")
        build = measure(
            f"database_{pages}",
            f"building a published database of {pages} pages",
            lambda data=data, pages=pages: build_database(data, pages),
        )
        if isinstance(build, dict):
            results["search"]["sizes"][str(pages)] = build
            continue
        builds.append(build)
        if pages not in plan.search_pages:
            continue
        results["search"]["sizes"][str(pages)] = {
            "pages": pages,
            **measure(
                f"search_{pages}",
                f"search latency on {pages} pages",
                lambda data=data: measure_search(data, repeats=plan.search_repeats),
            ),
        }
    if len(builds) == len(plan.db_pages):
        results["growth"] = measure_growth(builds)
        results["growth"]["builds"] = [asdict(build) for build in builds]
        # After the search timings: its last step adds a version to one document.
        results["growth"]["publish"] = measure(
            "publish_costs",
            "diffs, the changes view and a one-change publish at each size",
            lambda: measure_publish_costs(
                [(DataDir.at(workdir / f"db-{build.pages}"), build) for build in builds]
            ),
        )
    else:
        results["growth"] = {"error": "a database could not be built (see search)"}

    def profile() -> dict[str, Any]:
        sample = next(item for item in corpus[0] if item.pages == plan.profile_pages)
        timed = next(item for item in corpus[0] if item.pages == plan.steps_pages)
        return {**profile_extraction(sample.path), "steps": time_extraction_steps(timed.path)}

    def profile_indexing() -> dict[str, Any]:
        root = workdir / "db-profile"
        shutil.rmtree(root, ignore_errors=True)
        data = DataDir.at(root)
        build_database(data, plan.profile_db_pages, publish=False)
        return {"pages": plan.profile_db_pages, **profile_publish(data)}

    results["stemming"] = measure(
        "stemming",
        "Swedish stemming: PyStemmer against pure-Python Snowball",
        lambda: measure_stemming(plan.stemming_pages),
    )
    results["ocr"] = measure(
        "ocr", "OCR speed", lambda: measure_ocr(workdir / "ocr", 2 if quick else 8)
    )
    results["profiles"] = {
        "extraction": measure("profile_extraction", "profiling one extraction", profile),
        "publish": measure("profile_publish", "profiling one publish", profile_indexing),
    }
    results["summary"] = summary_rows(results, quick=quick)
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    results["meta"] = {
        "quick": quick,
        "plan": asdict(plan),
        "finished_at": utcnow_iso(),
        "seconds": round(time.perf_counter() - started, 1),
        "step_seconds": timings,
    }
    return results


def _update(plan: Plan, workdir: Path) -> dict[str, Any]:
    """The generated mirror's three updates, the bundled mirror's (full run), import costs."""
    measured = measure_update(
        workdir / "update",
        documents=plan.update_documents,
        pages=plan.update_pages,
        best_of=plan.update_best_of,
    )
    if plan.bundled_update:
        try:
            measured["bundled"] = measure_bundled_update(
                workdir / "update-bundled", spiders=plan.update_spiders, best_of=(1, 2)
            )
        except Exception as error:  # the generated mirror's figures stand on their own
            measured["bundled"] = {"error": f"{type(error).__name__}: {error}"[:2000]}
    measured["import_costs"] = import_costs()
    return measured
