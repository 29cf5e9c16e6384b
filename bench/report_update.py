"""Summary rows of the update measurements and of the publish costs (one change, diffs, changes).

Reads the ``update`` section and the ``growth`` section's ``publish`` part of the results;
writes nothing (returns rows made by ``bench.rows``, as ``bench.report``'s are). Kept apart from
``bench.report`` so each measurement's rows stay next to each other.
"""

from __future__ import annotations

from typing import Any

from bench.rows import at_most, summary_row
from bench.stats import ratio

NO_CHANGE_WALL_TARGET = 0.10
ONE_CHANGE_PUBLISH_TARGET = 0.05


def update_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    full, same, changed = section["full"], section["no_change"], section["one_changed_pdf"]
    wall_ratio = section["no_change_vs_full_wall"]
    mirror = section.get("mirror", {})
    size = ""
    if mirror.get("generated"):
        size = f", {mirror['documents']} documents on {mirror['html_pages']} pages"
    published = same["published"]
    rewritten = published["search_rows_touched"]
    touched = changed["published"]
    versions = set(changed.get("changed_document_versions", []))
    search_rows = touched["rows"]["pdf_pages_search"]
    only_that = (
        bool(touched["files_touched"])
        and set(touched["files_touched"]) <= versions
        and search_rows["added"] == changed.get("changed_document_pages")
        and search_rows["removed"] == search_rows["rewritten"] == 0
    )
    rows = [
        summary_row(
            f"update from empty{size}: wall (s) / document bodies / files extracted",
            f"{full['wall_s']} s, {full['document_bodies_served']} bodies, "
            f"{full['files_extracted']} files",
        ),
        summary_row(
            "update, nothing changed: wall (s)",
            same["wall_s"],
            f"{full['wall_s']} (full)",
            wall_ratio,
            f"≤ {NO_CHANGE_WALL_TARGET:.0%} of full",
            at_most(wall_ratio, NO_CHANGE_WALL_TARGET),
        ),
        summary_row(
            "update, nothing changed: document bodies downloaded",
            same["document_bodies_served"],
            f"{full['document_bodies_served']} (full)",
            None,
            "0",
            same["document_bodies_served"] == 0,
        ),
        summary_row(
            "update, nothing changed: files re-extracted",
            same["files_extracted"],
            f"{full['files_extracted']} (full)",
            None,
            "0",
            same["files_extracted"] == 0,
        ),
        summary_row(
            "update, nothing changed: search index rows rewritten (FTS5 structure)",
            f"{rewritten} ({'unchanged' if published['fts_structure_unchanged'] else 'CHANGED'}); "
            f"{published['rows_touched']} published rows in all",
            f"{full['published']['search_rows_touched']} (full)",
            None,
            "0, structure unchanged",
            rewritten == 0 and published["fts_structure_unchanged"],
        ),
        summary_row(
            "update, one changed PDF: wall (s) / bodies / re-extracted",
            f"{changed['wall_s']} s, {changed['document_bodies_served']} bodies, "
            f"{changed['files_extracted']} files",
            f"{full['wall_s']} (full)",
            section["one_changed_vs_full_wall"],
            "1 body, 1 file",
            changed["document_bodies_served"] == 1 and changed["files_extracted"] == 1,
        ),
        summary_row(
            "update, one changed PDF: published rows written (files they belong to)",
            f"{touched['rows_touched']} rows ({len(touched['files_touched'])} file, "
            f"{search_rows['added']} search rows added)",
            f"{changed.get('changed_document_pages')} pages in the new version",
            None,
            "only that document's pages and diffs",
            only_that,
        ),
    ]
    bundled = section.get("bundled")
    if bundled is not None:
        rows += _bundled_rows(bundled)
    return rows


def _bundled_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    if "error" in section:
        return [summary_row("update (bundled mirror): FAILED", section["error"][:200], met=False)]
    full, same, changed = section["full"], section["no_change"], section["one_changed_pdf"]
    return [
        summary_row(
            "update (bundled mirror), nothing changed: document bodies / wall (s)",
            f"{same['document_bodies_served']} bodies, {same['wall_s']} s",
            f"{full['document_bodies_served']} bodies, {full['wall_s']} s (full)",
            section["no_change_vs_full_wall"],
            "0 bodies",
            same["document_bodies_served"] == 0,
        ),
        summary_row(
            "update (bundled mirror), one changed PDF: bodies / re-extracted",
            f"{changed['document_bodies_served']} bodies, {changed['files_extracted']} files",
            None,
            None,
            "1 body, 1 file",
            changed["document_bodies_served"] == 1 and changed["files_extracted"] == 1,
        ),
    ]


def publish_rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    """One-change publish against a full one; diffs and the changes queries, small against large."""
    if "error" in section:
        return [summary_row("publish costs: FAILED", section["error"][:200], met=False)]
    rows = []
    large = str(section["large"])
    for size, part in sorted(section["sizes"].items(), key=lambda item: int(item[0])):
        one = part["one_change"]
        on_target = size == large
        rows.append(
            summary_row(
                f"publish after one changed document (s), {_pages(size)} pages",
                one["seconds"],
                f"{part['full_publish_s']} (full publish)",
                one["vs_full_publish"],
                f"≤ {ONE_CHANGE_PUBLISH_TARGET:.0%} of full" if on_target else "—",
                at_most(one["vs_full_publish"], ONE_CHANGE_PUBLISH_TARGET) if on_target else None,
            )
        )
    backup = section["sizes"][large].get("backup")
    if backup is not None:
        rows.append(
            summary_row(
                f"update with nothing new: content check instead of a backup (s), "
                f"{_pages(large)} pages",
                backup["unchanged_check_s"],
                f"{backup['backup_s']} (backup of {backup['backup_mb']} MB)",
                ratio(backup["unchanged_check_s"], backup["backup_s"]),
            )
        )
    small, big = section["sizes"][str(section["small"])], section["sizes"][large]
    ratios = section["per_1k_ratio_large_vs_small"]
    limit = section["linear_if_ratio_at_most"]
    sizes = f"{_pages(large)} vs {_pages(section['small'])} pages"

    def linear(label: str, key: str, value: float, baseline: float, note: str = "") -> None:
        per_large = round(value / (int(large) / 1000), 5)
        per_small = round(baseline / (section["small"] / 1000), 5)
        rows.append(
            summary_row(
                f"{label}, {sizes}",
                per_large,
                f"{per_small}{note}",
                ratios[key],
                f"linear (≤ {limit}×)",
                at_most(ratios[key], limit),
            )
        )

    linear(
        "diffing every version pair, per 1 000 pages (s)",
        "history_s",
        big["history"]["seconds"],
        small["history"]["seconds"],
    )
    for name in ("changes_feed", "changes_since", "changes_count"):
        linear(
            f"changes view ({name}) per 1 000 pages (ms)",
            f"{name}_ms",
            big["changes"][name]["best_ms"],
            small["changes"][name]["best_ms"],
            f"; SQLite VM steps {ratios[f'{name}_vm_steps']}×",
        )
    return rows


def _pages(size: Any) -> str:
    return f"{int(size):,}".replace(",", " ")
