"""The summary: one row per measurement with its baseline, ratio, target and whether it is met.

Reads the results dictionary the benchmark built; writes nothing (returns rows and the
text and Markdown tables made of them). A target that could not be measured is shown
as not met, never as met.

A quick run (``--quick``) is a smoke run at toy sizes: its figures are printed, but a
target is judged only when it does not depend on size (bodies downloaded, files
re-extracted, identical stems). Ratios such as 2 workers against 1, or an update's cost
against a full one, are dominated by fixed costs at those sizes, and the search and
growth targets are set at 100,000 pages: their ``met`` is left empty (—) and the target
says "full run only".
"""

from __future__ import annotations

from typing import Any

from bench.report_update import publish_rows, update_rows
from bench.rows import at_least, at_most, summary_row
from bench.stats import ratio

PER_WORKER_TARGET = 0.90
SPEEDUP_TARGET = 1.8
WORKER_RSS_TARGET_MB = 150
CANNED_VS_BARE_TARGET = 1.3
TABLE_P95_TARGET_MS = 100
COLUMNS = ("measurement", "value", "baseline", "ratio", "target", "met")


# Targets that mean the same at any size, and so are judged in a quick run too.
SIZE_INDEPENDENT = (
    "update, nothing changed: document bodies downloaded",
    "update, nothing changed: files re-extracted",
    "update, nothing changed: search index rows rewritten",
    "update, one changed PDF",
    "update (bundled mirror), nothing changed: document bodies",
    "update (bundled mirror), one changed PDF",
    "Swedish stemming: PyStemmer gives the same stems",
)
FULL_RUN_ONLY = "full run only"


def summary_rows(results: dict[str, Any], *, quick: bool = False) -> list[dict[str, Any]]:
    """Return the summary rows for every section present in ``results``."""
    rows: list[dict[str, Any]] = []
    for name, make in (
        ("extraction", _extraction_rows),
        ("memory", _memory_rows),
        ("floor", _floor_rows),
        ("update", update_rows),
        ("search", _search_rows),
        ("growth", _growth_rows),
        ("stemming", _stemming_rows),
    ):
        section = results.get(name, {"error": "not measured"})
        if "error" in section:
            rows.append(summary_row(f"{name}: FAILED", section["error"][:200], met=False))
        else:
            rows += make(section)
    if quick:
        rows = [_quick(row) for row in rows]
    return rows


def _quick(row: dict[str, Any]) -> dict[str, Any]:
    """Leave a size-dependent target unjudged in a quick run (failures stay failures)."""
    if row["measurement"].endswith("FAILED") or row["measurement"].startswith(SIZE_INDEPENDENT):
        return row
    if row["target"] == "—":
        return row
    return {**row, "target": f"{row['target']} ({FULL_RUN_ONLY})", "met": None}


def judged(rows: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Return how many rows have a target, how many of those were judged, and how many failed."""
    with_target = [row for row in rows if row["target"] != "—" or row["met"] is not None]
    judged_rows = [row for row in with_target if row["met"] is not None]
    return len(with_target), len(judged_rows), sum(row["met"] is False for row in judged_rows)


def _extraction_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    rate = section["pages_per_s"]
    pages = "+".join(str(size) for size in section["corpus"]["sizes"])
    speedup = section["speedup_2_vs_1_workers"]
    per_worker = section["worker_vs_bare"]
    even = section["balanced"]
    even_pages = "+".join(str(size) for size in even["sizes"])
    # Older results files have no two-process ceiling.
    ceiling = even.get("bare_speedup_2_vs_1_processes")
    beside = f" (2 bare processes: {ceiling}×)" if ceiling else ""
    rows = [
        summary_row(
            f"extract_archive, 2 workers vs 1 (pages/s, {pages}-page docs)",
            rate["runner_2"],
            f"{rate['runner_1']} (1 worker)",
            speedup,
            f"≥ {SPEEDUP_TARGET}×{beside}",
            at_least(speedup, SPEEDUP_TARGET),
        ),
        summary_row(
            f"extract_archive, 2 workers vs 1 (pages/s, {even_pages}-page docs)",
            _rate(even["runner_2"]),
            f"{_rate(even['runner_1'])} (1 worker)",
            even["speedup_2_vs_1_workers"],
            f"≥ {SPEEDUP_TARGET}×{beside}",
            at_least(even["speedup_2_vs_1_workers"], SPEEDUP_TARGET),
        ),
    ]
    if ceiling:
        rows.append(
            summary_row(
                f"bare pdfplumber, 2 processes vs 1 (pages/s, {even_pages}-page docs): the ceiling",
                _rate(even["bare_2"]),
                f"{_rate(even['bare_1'])} (1 process)",
                ceiling,
            )
        )
    return [
        *rows,
        summary_row(
            "extract_archive, 1 worker vs bare pdfplumber (pages/s)",
            rate["runner_1"],
            f"{rate['bare']} (bare)",
            per_worker,
            f"≥ {PER_WORKER_TARGET:.0%}",
            at_least(per_worker, PER_WORKER_TARGET),
        ),
        summary_row(
            "extract_archive, 1 worker vs pdftotext floor (pages/s)",
            rate["runner_1"],
            f"{rate['pdftotext']} (pdftotext)" if rate["pdftotext"] else section["pdftotext"],
            section["runner_1_vs_pdftotext"],
        ),
    ]


def _rate(run: dict[str, Any]) -> float | None:
    return None if "error" in run else run.get("pages_per_s")


def _memory_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    pages = section["document_pages"]
    worker = section["worker_peak_rss_mb"]
    rows = [
        summary_row(
            f"peak RSS per extraction worker, {pages}-page doc (MB)",
            worker,
            f"{section['bare_close_peak_rss_mb']} (bare, page.close())",
            section["worker_vs_bare_close"],
            f"≤ {WORKER_RSS_TARGET_MB} MB",
            at_most(worker, WORKER_RSS_TARGET_MB),
        )
    ]
    noclose = section["bare_noclose"]
    if "skipped" in noclose:
        value: Any = f"skipped ({noclose['skipped']})"
    elif "error" in noclose:
        value = noclose["error"]
    else:
        value = section["bare_noclose_peak_rss_mb"]
    rows.append(
        summary_row(
            f"peak RSS bare pdfplumber without page.close(), {pages}-page doc (MB)",
            value,
            f"{section['bare_close_peak_rss_mb']} (with page.close())",
            ratio(section["bare_noclose_peak_rss_mb"], section["bare_close_peak_rss_mb"]),
        )
    )
    return rows


def _floor_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    """Speed and agreement of the PDFium-first path against ours, per set of documents."""
    rows = []
    for name, part in section["sets"].items():
        if "skipped" in part and "documents" not in part:
            rows.append(summary_row(f"floor, {name}: skipped", part["skipped"]))
            continue
        if "error" in part or not part.get("pages_compared"):
            rows.append(
                summary_row(f"floor, {name}: FAILED", part.get("error", "no page compared"))
            )
            continue
        rate = part["pages_per_s"]
        pages = f"{part['documents']} docs, {part['pages_compared']} pages"
        rows.append(
            summary_row(
                f"floor, {name}: hybrid (PDFium text, pdfplumber for "
                f"{part['pages_to_pdfplumber']} table/column pages) vs ours, pages/s ({pages})",
                rate["hybrid"],
                f"{rate['ours']} (ours); PDFium alone {rate['pdfium']}, "
                f"pdftotext {rate.get('pdftotext', '—')}",
                part["hybrid_vs_ours"],
            )
        )
        hybrid = part["agreement_with_ours"]["hybrid"]
        same_letters = part["swedish_letters"]["hybrid"] == part["swedish_letters"]["ours"]
        same_hyphens = (
            part["lines_ending_in_hyphen"]["hybrid"] == part["lines_ending_in_hyphen"]["ours"]
        )
        rows.append(
            summary_row(
                f"floor, {name}: hybrid text vs ours (words / order / identical pages; å ä ö; "
                "hyphens)",
                f"{hybrid['words']} / {hybrid['order']} / {hybrid['identical_pages']:.0%}; "
                f"{'same' if same_letters else 'differ'}; {'same' if same_hyphens else 'differ'}",
                f"PDFium alone: {part['agreement_with_ours']['pdfium']['words']} / "
                f"{part['agreement_with_ours']['pdfium']['order']}",
            )
        )
    return rows


def _search_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for size, measured in sorted(section["sizes"].items(), key=lambda item: int(item[0])):
        label = f"{int(size):,}".replace(",", " ")
        if "error" in measured:
            rows.append(
                summary_row(f"search, {label} pages: FAILED", measured["error"][:200], met=False)
            )
            continue
        for kind, term in measured["terms"].items():
            canned, bare, fts = term["canned_http"], term["bare_http"], term["fts5_direct"]
            canned_ratio = ratio(canned["p95_ms"], bare["p95_ms"])
            rows.append(
                summary_row(
                    f"search canned query p95, {kind} term, {label} pages (ms)",
                    canned["p95_ms"],
                    f"{bare['p95_ms']} (bare FTS5 query, same Datasette)",
                    canned_ratio,
                    f"≤ {CANNED_VS_BARE_TARGET}×",
                    at_most(canned_ratio, CANNED_VS_BARE_TARGET),
                )
            )
            # The same query with its snippets as NULL: what any snippet code starts from.
            floor = term.get("no_snippet_http")
            if floor:
                rows.append(
                    summary_row(
                        f"search canned query without snippets p95, {kind} term, {label} pages "
                        "(ms): the floor",
                        floor["p95_ms"],
                        f"{bare['p95_ms']} (bare FTS5 query, same Datasette)",
                        ratio(floor["p95_ms"], bare["p95_ms"]),
                    )
                )
            rows.append(
                summary_row(
                    f"search canned query p95 vs direct FTS5, {kind} term, {label} pages (ms)",
                    canned["p95_ms"],
                    f"{fts['p95_ms']} (direct FTS5)",
                    ratio(canned["p95_ms"], fts["p95_ms"]),
                )
            )
            for key, name in (("table", "pdf_pages"), ("view", "document_pages")):
                table, direct = term[f"{key}_http"], term[f"{key}_sql_direct"]
                rows.append(
                    summary_row(
                        f"table search p95 ({name}), {kind} term, {label} pages (ms)",
                        table["p95_ms"],
                        f"{direct['p95_ms']} (same SQL direct)",
                        ratio(table["p95_ms"], direct["p95_ms"]),
                        f"≤ {TABLE_P95_TARGET_MS} ms",
                        at_most(table["p95_ms"], TABLE_P95_TARGET_MS),
                    )
                )
    return rows


def _growth_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    small = section["sizes"][str(section["small"])]["per_1k_pages"]
    large = section["sizes"][str(section["large"])]["per_1k_pages"]
    ratios = section["per_1k_ratio_large_vs_small"]
    limit = section["linear_if_ratio_at_most"]
    sizes = f"{section['large']:,} vs {section['small']:,} pages".replace(",", " ")
    rows = [
        summary_row(
            f"build time per 1 000 pages (s), {sizes}",
            large["build_s"],
            small["build_s"],
            ratios["build_s"],
            f"linear (≤ {limit}×)",
            section["build_linear"],
        ),
        # Publish is most of a build; judged on its own too, so a slower insert cannot hide it.
        summary_row(
            f"publish time per 1 000 pages (s), {sizes}",
            large["publish_s"],
            small["publish_s"],
            ratios["publish_s"],
            f"linear (≤ {limit}×)",
            at_most(ratios["publish_s"], limit),
        ),
        summary_row(
            f"database size per 1 000 pages (MB), {sizes}",
            large["db_mb"],
            small["db_mb"],
            ratios["db_mb"],
            f"linear (≤ {limit}×)",
            section["size_linear"],
        ),
    ]
    publish = section.get("publish")
    if publish is not None:
        rows += publish_rows(publish)
    return rows


def _stemming_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    if "skipped" in section:
        return [
            summary_row(
                "Swedish stemming: PyStemmer gives the same stems", section["skipped"], met=False
            )
        ]
    rows = [
        summary_row(
            "Swedish stemming: PyStemmer gives the same stems "
            f"({section['vocabulary_words']} distinct words)",
            "identical"
            if section["stems_identical"]
            else f"differs: {section['mismatched_words']}",
            None,
            None,
            "identical",
            section["stems_identical"],
        )
    ]
    for key, label in (
        ("distinct_words", "distinct words, no cache"),
        ("running_text", "running text of generated pages"),
    ):
        part = section[key]
        rows.append(
            summary_row(
                f"Swedish stemming, PyStemmer vs pure Python (words/s, {label})",
                part["pystemmer_words_per_s"],
                f"{part['python_words_per_s']} (snowballstemmer, pure Python)",
                part["speedup"],
            )
        )
    part = section["index_text"]
    rows.append(
        summary_row(
            "index_text with PyStemmer vs pure Python (pages/s, cold stem cache)",
            part["pystemmer_pages_per_s"],
            f"{part['python_pages_per_s']} (pure Python)",
            part["speedup"],
        )
    )
    return rows


def format_text(rows: list[dict[str, Any]]) -> str:
    """Return the rows as a plain-text table for the terminal."""
    cells = [[_cell(row[column], column) for column in COLUMNS] for row in rows]
    widths = [max(len(COLUMNS[i]), *(len(line[i]) for line in cells)) for i in range(len(COLUMNS))]
    lines = ["  ".join(name.ljust(width) for name, width in zip(COLUMNS, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(lines)


def format_markdown(rows: list[dict[str, Any]]) -> str:
    """Return the rows as a Markdown table (for bench/README.md)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "| " + " | ".join("---" for _ in COLUMNS) + " |"]
    for row in rows:
        lines.append(
            "| " + " | ".join(_cell(row[c], c).replace("|", "\\|") for c in COLUMNS) + " |"
        )
    return "\n".join(lines)


def _cell(value: Any, column: str) -> str:
    if column == "met":
        return {True: "yes", False: "NO", None: "—"}[value]
    if column == "ratio":
        return "—" if value is None else f"{value:.2f}×"
    if value is None:
        return "—"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    """Print the Markdown summary table of a results file: ``python -m bench.report FILE``."""
    import json
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.report RESULTS.json", file=sys.stderr)
        return 2
    results = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    print(format_markdown(results["summary"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
