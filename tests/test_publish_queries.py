"""Every canned query, run through Datasette against the fixture archive, with expected rows."""

from __future__ import annotations

import csv
import io

import pytest
from test_publish_fixture import RUN_1, RUN_2, build_published_archive

from rcc_archive.publish.serve import make_datasette, read_metadata


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("queries"))


@pytest.fixture(scope="module")
def ds(published):
    return make_datasette(published[0])


async def rows_of(ds, query: str, **params: str) -> list[dict]:
    response = await ds.client.get(f"/archive/{query}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


def test_every_canned_query_has_a_description_and_its_parameters():
    queries = read_metadata()["databases"]["archive"]["queries"]
    assert set(queries) == {
        "search",
        "processplan_matrix",
        "plans_timeline",
        "term_by_region",
        "changes_since",
        "problems",
        "changes_feed",
        "document_diff",
        "page_diff",
        "documents_by_region",
        "changes_per_run",
    }
    for name, query in queries.items():
        assert query["description"], name
        assert query["title"], name
        for param in query["params"]:
            assert f":{param}" in query["sql"], (name, param)


async def test_processplan_matrix_has_a_row_per_diagnosis_and_a_column_per_region(ds):
    rows = await rows_of(ds, "processplan_matrix")
    # One column per region, named as people name it (not the slug).
    assert rows == [
        {
            "diagnosis": "Bröstcancer",
            "Mellansverige": None,
            "Norr": None,
            "Stockholm Gotland": "[Processplan (bröstcancer) SG](/archive/documents/7)",
            "Syd": "[Processplan bröstcancer](/archive/documents/5)",
            "Sydöst": None,
            "Väst": None,
            "Nationell": None,
        },
        {
            "diagnosis": "Prostatacancer",
            "Mellansverige": None,
            "Norr": "[Processplan prostatacancer](/archive/documents/6)",
            "Stockholm Gotland": None,
            "Syd": None,
            "Sydöst": None,
            "Väst": None,
            "Nationell": None,
        },
    ]
    assert [
        row["diagnosis"] for row in await rows_of(ds, "processplan_matrix", diagnosis="prostata")
    ] == ["Prostatacancer"]


async def test_processplan_matrix_cells_link_to_the_documents(ds):
    response = await ds.client.get("/archive/processplan_matrix")
    assert '<a href="/archive/documents/7">Processplan (bröstcancer) SG</a>' in response.text
    assert '<a href="/archive/documents/5">Processplan bröstcancer</a>' in response.text


async def test_plans_timeline_lists_each_regions_plans_current_and_earlier(ds):
    rows = await rows_of(ds, "plans_timeline")
    assert [
        (
            row["region"],
            row["period_start"],
            row["period_end"],
            row["status"],
            row["plan"],
            row["document_id"],
        )
        for row in rows
    ] == [
        ("mellansverige", 2024, 2027, "current", "current", 8),
        ("norr", 2024, 2027, "current", "current", 3),
        ("stockholm-gotland", 2024, 2027, "current", "current", 2),
        ("stockholm-gotland", 2020, 2023, "current", "earlier", 1),
        ("vast", 2020, 2023, "removed", "earlier", 4),
    ]
    only = await rows_of(ds, "plans_timeline", region="Stockholm Gotland")
    assert [row["document_id"] for row in only] == [2, 1]
    # A region as people write it: any case, with or without "RCC", å/ä/ö or not.
    for typed in ("stockholm-gotland", "STOCKHOLM GOTLAND", "RCC Stockholm Gotland"):
        rows = await rows_of(ds, "plans_timeline", region=typed)
        assert [row["document_id"] for row in rows] == [2, 1], typed
    assert [row["document_id"] for row in await rows_of(ds, "plans_timeline", region="Väst")] == [4]
    assert [row["document_id"] for row in await rows_of(ds, "plans_timeline", region="VAST")] == [4]


async def test_term_by_region_normalises_by_each_regions_plan_pages(ds):
    rows = await rows_of(ds, "term_by_region", term="vården")
    assert [
        (row["region"], row["pages_with_term"], row["pages"], row["percent_of_pages"])
        for row in rows
    ] == [
        ("norr", 2, 3, 66.67),
        ("stockholm-gotland", 2, 6, 33.33),
        ("mellansverige", 0, 0, None),
        ("syd", 0, 0, None),
        ("sydost", 0, 0, None),
        ("vast", 0, 0, None),
    ]


async def test_term_by_region_filters_by_period_and_doc_type(ds):
    rows = await rows_of(
        ds, "term_by_region", term="cancer", period_start="2024", period_end="2027"
    )
    counts = {row["region"]: (row["pages_with_term"], row["pages"]) for row in rows}
    # Only the 2024–2027 plans: Stockholm Gotland's 2020–2023 plan is left out.
    assert counts["stockholm-gotland"] == (2, 3)
    assert counts["norr"] == (3, 3)
    rows = await rows_of(ds, "term_by_region", term="screening", doc_type="processplan")
    counts = {row["region"]: (row["pages_with_term"], row["pages"]) for row in rows}
    assert counts["syd"] == (1, 2)
    assert counts["stockholm-gotland"] == (0, 1)


async def test_changes_since_lists_new_changed_removed_and_broken_documents(ds):
    rows = await rows_of(ds, "changes_since", since="2025-01-01")
    assert [(row["change"], row["document_id"]) for row in rows] == [
        ("changed", 1),
        ("new", 2),
        ("removed", 4),
        ("broken", 10),
        ("new", 11),
        ("new", 13),
    ]
    assert all(row["changed_at"] == RUN_2 for row in rows)
    older = await rows_of(ds, "changes_since", since="2024-01-01")
    assert len(older) == 16
    assert await rows_of(ds, "changes_since", since="2026-01-01") == []


async def test_problems_lists_broken_removed_failed_files_and_fetch_errors(ds):
    rows = await rows_of(ds, "problems")
    assert [(row["problem"], row["document_id"], row["detail"]) for row in rows] == [
        ("document broken", 10, "TimeoutError on last fetch"),
        ("document removed", 4, "no longer linked"),
        ("extraction encrypted", 8, "needs a password; the empty one was tried"),
        ("extraction not_pdf", 13, "an HTML page served as a PDF"),
        ("fetch error", None, "TimeoutError: took longer than 180 s"),
    ]
    first_run = await rows_of(ds, "problems", run_id="1")
    fetch_errors = [row for row in first_run if row["problem"] == "fetch error"]
    assert [(row["url"], row["detail"], row["seen_at"]) for row in fetch_errors] == [
        ("https://cancercentrum.se/gammal-trasig.pdf", "HTTP 500", RUN_1)
    ]


async def test_canned_query_csv_is_complete(ds):
    json_rows = await rows_of(ds, "search", term="cancer")
    response = await ds.client.get("/archive/search.csv", params={"term": "cancer"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(json_rows) == 13
    assert [row["citation"] for row in rows] == [row["citation"] for row in json_rows]
    changes = await ds.client.get("/archive/changes_since.csv", params={"since": ""})
    assert len(list(csv.DictReader(io.StringIO(changes.text)))) == 16
