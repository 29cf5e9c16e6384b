"""Smoke test of the benchmarks: ``python -m bench --quick`` runs and writes every section.

Reads the repository; writes the quick results JSON under ``tmp_path``. Asserts the
structure a reader of ``bench/results/*.json`` relies on, never a speed: timings belong
to the benchmark's report, not to a pass or a failure here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import SIZE_INDEPENDENT, summary_rows

REPO = Path(__file__).resolve().parent.parent
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
    "meta",
)


@pytest.fixture(scope="module")
def quick_results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The JSON written by one ``python -m bench --quick`` run."""
    out = tmp_path_factory.mktemp("bench-results")
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    files = list(out.glob("*-quick.json"))
    assert len(files) == 1, f"expected one results file, found {files}"
    results = json.loads(files[0].read_text(encoding="utf-8"))
    results["_stdout"] = done.stdout
    return results


def test_bench_quick_writes_every_section(quick_results: dict) -> None:
    assert [name for name in SECTIONS if name not in quick_results] == []
    failed = {
        name: quick_results[name]["error"] for name in SECTIONS if "error" in quick_results[name]
    }
    assert failed == {}
    assert [name for name, part in quick_results["profiles"].items() if "error" in part] == []
    assert quick_results["meta"]["quick"] is True


def test_bench_quick_measures_extraction_against_its_baselines(quick_results: dict) -> None:
    rates = quick_results["extraction"]["pages_per_s"]
    assert rates["runner_1"] > 0
    assert rates["runner_2"] > 0
    assert rates["bare"] > 0
    assert quick_results["memory"]["worker_peak_rss_mb"] > 0
    corpus = quick_results["extraction"]["corpus"]
    for workers in ("runner_1", "runner_2"):
        run = quick_results["extraction"]["runs"][workers]
        assert run["statuses"] == {"ok": corpus["documents"]}
        assert run["pages"] == corpus["pages"] == sum(corpus["sizes"])


def test_bench_quick_studies_the_floor_on_every_set(quick_results: dict) -> None:
    sets = quick_results["floor"]["sets"]
    assert set(sets) == {"bench", "mirror", "realworld"}
    for name in ("bench", "mirror"):
        part = sets[name]
        assert part["pages_compared"] > 0
        for way in ("ours", "hybrid", "pdfium"):
            assert part["pages_per_s"][way] > 0
        assert 0 <= part["agreement_with_ours"]["hybrid"]["words"] <= 1


def test_bench_quick_update_counts_bodies_and_re_extractions(quick_results: dict) -> None:
    update = quick_results["update"]
    assert update["full"]["document_bodies_served"] > 0
    assert update["full"]["files_extracted"] > 0
    for run in ("full", "no_change", "one_changed_pdf"):
        assert update[run]["run_status"] in ("ok", "warning")
        assert {"wall_s", "document_bodies_served", "files_extracted"} <= set(update[run])
    # Behaviour, not speed: nothing downloaded, extracted or re-indexed when nothing changed.
    same = update["no_change"]
    assert (same["document_bodies_served"], same["files_extracted"]) == (0, 0)
    assert same["published"]["rows_touched"] == 0 and same["published"]["fts_structure_unchanged"]
    changed = update["one_changed_pdf"]
    assert (changed["document_bodies_served"], changed["files_extracted"]) == (1, 1)


def test_bench_quick_times_a_publish_after_one_change_at_each_size(quick_results: dict) -> None:
    publish = quick_results["growth"]["publish"]
    assert set(publish["sizes"]) == {"500", "2000"}
    for part in publish["sizes"].values():
        assert part["one_change"]["files_indexed"] == 1
        assert part["one_change"]["document_pairs_diffed"] == 1
        assert part["history"]["pairs"] > 0
        assert part["changes"]["changes_feed"]["rows"] > 0


def test_bench_quick_search_times_every_term_through_datasette(quick_results: dict) -> None:
    sizes = quick_results["search"]["sizes"]
    assert "2000" in sizes
    terms = sizes["2000"]["terms"]
    assert set(terms) == {"common", "rare", "phrase"}
    for term in terms.values():
        assert term["matching_pages"] > 0
        assert term["canned_rows"] > 0
        for timing in (
            "canned_http",
            "bare_http",
            "table_http",
            "view_http",
            "fts5_direct",
            "table_sql_direct",
            "view_sql_direct",
        ):
            assert term[timing]["samples"] > 0
            assert term[timing]["p95_ms"] >= term[timing]["p50_ms"] > 0


def test_bench_quick_growth_compares_two_sizes(quick_results: dict) -> None:
    growth = quick_results["growth"]
    assert growth["large"] > growth["small"]
    assert set(growth["per_1k_ratio_large_vs_small"]) == {
        "insert_s",
        "publish_s",
        "build_s",
        "db_mb",
    }


def test_bench_quick_prints_a_summary_row_per_target(quick_results: dict) -> None:
    rows = quick_results["summary"]
    assert all(
        set(row) == {"measurement", "value", "baseline", "ratio", "target", "met"} for row in rows
    )
    assert any(row["met"] is not None for row in rows)
    for row in rows:
        assert row["measurement"] in quick_results["_stdout"]


def test_bench_quick_says_it_is_a_smoke_run_and_judges_only_size_free_targets(
    quick_results: dict,
) -> None:
    assert "QUICK SMOKE RUN" in quick_results["_stdout"]
    assert "targets judged at these sizes" in quick_results["_stdout"]
    rows = {row["measurement"]: row for row in quick_results["summary"]}
    judged = {name for name, row in rows.items() if row["met"] is not None}
    assert judged
    assert all(name.startswith(SIZE_INDEPENDENT) for name in judged), judged
    speedup = next(row for name, row in rows.items() if name.startswith("extract_archive, 2"))
    assert speedup["met"] is None
    assert "full run only" in speedup["target"]
    assert speedup["value"] > 0


def test_bench_full_summary_judges_every_target(quick_results: dict) -> None:
    full = summary_rows(quick_results, quick=False)
    with_target = [row for row in full if row["target"] != "—"]
    assert with_target
    assert all(row["met"] is not None for row in with_target)


def test_bench_quick_stems_the_same_with_pystemmer_and_says_how_much_faster(
    quick_results: dict,
) -> None:
    stemming = quick_results["stemming"]
    assert stemming["engine_in_use"] == "Stemmer"
    assert stemming["stems_identical"] is True
    assert stemming["vocabulary_words"] > 1000
    for part in ("distinct_words", "running_text"):
        assert stemming[part]["pystemmer_words_per_s"] > 0
        assert stemming[part]["python_words_per_s"] > 0
