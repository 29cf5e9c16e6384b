"""The reading pages through Datasette: rows first, a home per document, checks, the feed.

Reads the fixture archive of ``test_publish_fixture`` (and an empty published archive),
``datasette_metadata.json`` and ``publish/queries/*.sql``; writes temporary data
directories only. Every request goes through Datasette's own client.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from test_publish_fixture import build_published_archive

from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.build import named_parameters, publish_archive
from rcc_archive.publish.checks import check_region, fold_region, input_problems
from rcc_archive.publish.queries import assemble_metadata, load_queries, render_metadata
from rcc_archive.publish.serve import METADATA_PATH, make_datasette, read_metadata

ATOM = "{http://www.w3.org/2005/Atom}"
REGIONS = [
    ("mellansverige", "Mellansverige", ["mellansverige", "uppsala-orebro"]),
    ("syd", "Syd", ["syd"]),
    ("sydost", "Sydöst", ["sydost"]),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("ui"))


@pytest.fixture(scope="module")
def ds(published):
    return make_datasette(published[0])


async def html(ds, path: str, **params: str) -> str:
    response = await ds.client.get(path, params=params)
    assert response.status_code == 200, (path, response.text[:500])
    return response.text


def first_screen(page: str) -> str:
    """The page up to its folded descriptions, where the rows must already be."""
    return page.split('<details class="archive-notes">', 1)[0]


# -- the query files and the metadata -------------------------------------------------------


def test_the_metadata_json_is_what_the_query_files_say():
    current = METADATA_PATH.read_text(encoding="utf-8")
    wanted = render_metadata(assemble_metadata(json.loads(current)))
    assert current == wanted, (
        "run `python -m rcc_archive.publish.queries` and commit datasette_metadata.json"
    )


def test_every_query_file_has_a_swedish_title_hidden_sql_and_its_parameters():
    queries = load_queries()
    assert set(queries) == set(read_metadata()["databases"]["archive"]["queries"])
    for name, query in queries.items():
        assert query["hide_sql"] is True, name
        assert re.search("[åäö]", query["title"] + query["description"]), name
        assert sorted(query["params"]) == sorted(named_parameters(query["sql"])), name
        for param in query.get("input", {}):
            assert param in query["params"], (name, param)


# -- rows first, readable titles --------------------------------------------------------------

# English words that never occur in a Swedish description (Swedish "the", "of", "and"…
# are other words), so one of them is an English text left among the Swedish.
_ENGLISH = re.compile(r"\b(the|of|every|which|with|this|are|finds)\b", re.IGNORECASE)


def test_every_table_and_column_description_is_in_swedish():
    tables = read_metadata()["databases"]["archive"]["tables"]
    english = []
    for table, config in tables.items():
        texts = {f"{table}: {key}": config.get(key, "") for key in ("title", "description")}
        texts.update(
            (f"{table}.{column}", text) for column, text in config.get("columns", {}).items()
        )
        english += [where for where, text in texts.items() if _ENGLISH.search(text)]
    assert english == []


@pytest.mark.parametrize("path", ["/archive/documents", "/archive/current_documents"])
async def test_a_tables_first_screen_is_its_rows_not_its_column_descriptions(ds, path):
    page = await html(ds, path)
    top = first_screen(page)
    assert '<table class="rows-and-columns">' in top
    assert '<dl class="column-descriptions">' not in top
    # The descriptions are kept, folded below the rows.
    assert page.index('<table class="rows-and-columns">') < page.index('<dl class="column-desc')
    assert "Region slug" not in re.search(r"<title>(.*?)</title>", page).group(1)


async def test_documents_columns_come_in_the_order_people_read_them(ds):
    page = await html(ds, "/archive/documents")
    header = re.findall(r'<th [^>]*data-column="([^"]+)"', page)
    assert header[:6] == ["id", "title", "region", "doc_type", "period_start", "period_end"]
    assert header.index("status") < header.index("url") < header.index("sha256")


async def test_a_canned_querys_tab_title_is_its_title_and_its_sql_is_hidden(ds):
    page = await html(ds, "/archive/changes_since", since="2025-01-01")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("Ändringar sedan ett datum")
    assert 'id="sql-query"' not in page and 'id="sql-editor"' not in page
    assert '<table class="rows-and-columns">' in first_screen(page)


# -- wrong input gets a message ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "params", "said"),
    [
        ("changes_since", {"since": "yesterday"}, "är inget datum"),
        ("changes_since", {"since": "2025-13-01"}, "är inget datum"),
        ("plans_timeline", {"region": "Gotland-Öland"}, "är ingen region"),
        ("search", {"term": "AND"}, "inga ord"),
        ("search", {"term": "*"}, "inga ord"),
        ("search", {"term": '"unclosed'}, "citattecken"),
        ("problems", {"run_id": "latest"}, "inget heltal"),
        (
            "term_by_region",
            {"term": "vård", "period_start": "", "period_end": "", "doc_type": "plan"},
            "ingen dokumenttyp",
        ),
    ],
)
async def test_wrong_input_gets_a_message_instead_of_zero_results(ds, query, params, said):
    page = await html(ds, f"/archive/{query}", **params)
    problem = re.search(r'<div class="input-problems" role="alert">(.*?)</div>', page, re.S)
    assert problem and said in problem.group(1), page[:300]


async def test_an_unknown_region_is_refused_with_the_accepted_values(ds):
    page = await html(ds, "/archive/plans_timeline", region="Gotland-Öland")
    for slug, name in [("stockholm-gotland", "Stockholm Gotland"), ("sydost", "Sydöst")]:
        assert f"{slug} ({name})" in page


async def test_good_input_gets_no_message(ds):
    for query, params in [
        ("changes_since", {"since": "2025-01-01"}),
        ("plans_timeline", {"region": "RCC Stockholm Gotland"}),
        ("search", {"term": '"palliativ vård"'}),
    ]:
        page = await html(ds, f"/archive/{query}", **params)
        assert '<div class="input-problems"' not in page, query


def test_regions_are_understood_as_people_write_them():
    assert fold_region("RCC Sydöst") == fold_region("SYDOST") == "sydost"
    assert fold_region(" Stockholm  Gotland ") == "stockholm-gotland"
    assert check_region("SYD", REGIONS) is None
    assert check_region("RCC Syd", REGIONS) is None
    assert check_region("Uppsala Örebro", REGIONS) is None
    refused = check_region("Sydväst", REGIONS)
    assert "syd (Syd)" in refused and "sydost (Sydöst)" in refused
    assert input_problems({"region": "region"}, {"region": ""}, REGIONS) == []


# -- a document's home ------------------------------------------------------------------------


async def test_a_document_page_shows_its_versions_links_text_and_diff(ds, published):
    _, shas = published
    page = await html(ds, "/archive/documents/1")
    top = first_screen(page)
    assert "<h1" in top and "Stockholm Gotland" in top and "2020–2023" in top
    # Both versions, newest first, hashes short, each with its archived file.
    versions = top.split('id="versioner"', 1)[1].split("</section>", 1)[0]
    assert versions.index(shas["sg_2020_v2"][:12]) < versions.index(shas["sg_2020_v1"][:12])
    assert f'href="/-/archive/{shas["sg_2020_v1"]}"' in versions
    assert "/archive/document_diff?document_id=1" in top
    # The current version's text, page by page, each page linked into the PDF.
    assert "Cancerplanen beskriver hur palliativ vård ska utvecklas" in top
    assert f'href="/-/archive/{shas["sg_2020_v2"]}#page=2"' in top


async def test_a_document_title_links_to_its_page(ds):
    page = await html(ds, "/archive/current_documents")
    assert re.search(r'<td class="col-title[^"]*"><a href="/archive/documents/\d+">', page)


# -- the feed ---------------------------------------------------------------------------------


async def test_the_feed_is_atom_with_absolute_links_and_a_host_free_id(ds):
    response = await ds.client.get("/archive/changes_feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}id") == "tag:rcc-archive,2026:/archive/changes_feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        content = entry.findtext(f"{ATOM}content") or ""
        assert 'href="/' not in content, content
        related = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "related"]
        for link in related:
            assert link.get("href").startswith("http://localhost/-/archive/")
    changed = [e for e in entries if e.findtext(f"{ATOM}title").startswith("Ny version")]
    assert "3 rader tillagda, 2 borttagna" in changed[0].findtext(f"{ATOM}content")
    assert not any(re.search(r"\b1 rader\b", e.findtext(f"{ATOM}content") or "") for e in entries)


@pytest.mark.parametrize(
    ("added", "removed", "said"),
    [
        (1, 0, "1 rad tillagd"),
        (3, 0, "3 rader tillagda"),
        (0, 1, "1 rad borttagen"),
        (0, 2, "2 rader borttagna"),
        (1, 1, "1 rad tillagd, 1 borttagen"),
        (2, 5, "2 rader tillagda, 5 borttagna"),
    ],
)
def test_the_feed_counts_lines_in_correct_swedish(added, removed, said):
    import sqlite3

    sql = load_queries()["changes_feed"]["sql"]
    counted = re.search(
        r"nullif\(\s*(CASE WHEN coalesce\(lines_added.*?),\s*''\) AS counted", sql, re.S
    )
    conn = sqlite3.connect(":memory:")
    got = conn.execute(
        f"SELECT {counted.group(1)} FROM (SELECT ? AS lines_added, ? AS lines_removed)",
        (added, removed),
    ).fetchone()[0]
    assert got == said


async def test_other_sql_does_not_render_as_a_feed(ds):
    sql = "select 'x' as atom_id, 'y' as atom_title, '2025-01-01' as atom_updated"
    response = await ds.client.get("/archive.atom", params={"sql": sql})
    assert response.status_code == 400


async def test_an_empty_archive_has_an_empty_feed_not_an_error(tmp_path):
    data_dir = DataDir.at(tmp_path / "empty")
    publish_archive(data_dir)
    response = await make_datasette(data_dir).client.get("/archive/changes_feed.atom")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}updated")


# -- the home page and the dashboard ----------------------------------------------------------


async def test_the_home_page_leads_with_search_documents_views_and_dashboard(ds):
    page = await html(ds, "/")
    top = first_screen(page)
    assert 'action="/archive/search"' in top
    for link in (
        "/archive/current_documents",
        "/archive/plans_timeline",
        "/archive/processplan_matrix",
        "/-/dashboards/oversikt",
        "/archive/changes_feed.atom",
    ):
        assert f'href="{link}' in top, link


async def test_every_dashboard_chart_runs_its_canned_querys_sql(ds):
    config = read_metadata()["plugins"]["datasette-dashboards"]["oversikt"]
    queries = read_metadata()["databases"]["archive"]["queries"]
    sqls = {query["sql"] for query in queries.values()}
    charts = {slug: c for slug, c in config["charts"].items() if c["library"] == "vega-lite"}
    assert len(charts) == 4
    for slug, chart in charts.items():
        assert chart["query"] in sqls, slug
        response = await ds.client.get(
            "/archive.json", params={"sql": chart["query"], "term": "vård", "_shape": "objects"}
        )
        assert response.status_code == 200, (slug, response.text[:300])
        assert response.json()["rows"], slug
    page = await html(ds, "/-/dashboards/oversikt", term="vård")
    assert "vega-lite.min.js" in page and "cdn" not in page.lower()
