"""The demo archive as an analyst meets it: through Datasette, with the real metadata.

Reads the data directory that ``rcc-archive demo --no-serve`` builds from the bundled
mirror (the session fixture ``demo_archive``), ``datasette_metadata.json`` and the
hand-written ``mirror/expected_documents.csv``; writes nothing. Every request goes through
Datasette's own client, so routing, plugins, canned-query SQL and CSV export are all real.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter, defaultdict

import pytest

from rcc_archive.mirror.later import CHANGES
from rcc_archive.publish.serve import make_datasette, read_metadata

QUERIES = read_metadata()["databases"]["archive"]["queries"]
# Parameters a user would type for each canned query; every query must have an entry.
QUERY_PARAMS = {
    "search": {"term": "cancerplanerna"},
    "processplan_matrix": {"diagnosis": ""},
    "plans_timeline": {"region": ""},
    "term_by_region": {"term": "screening", "period_start": "", "period_end": "", "doc_type": ""},
    "changes_since": {"since": "2000-01-01"},
    "problems": {"run_id": ""},
    "changes_feed": {},
    "document_diff": {"document_id": ""},
    "page_diff": {"url": ""},
    "documents_by_region": {},
    "changes_per_run": {},
}
# The demo is two crawls: the bundled mirror, then its later state (mirror.later).
REPLACED, REPLACEMENT = CHANGES["replaced_old_url"], CHANGES["replaced_new_url"]
REMOVED, ADDED = CHANGES["removed_url"], CHANGES["added_url"]
# What the demo must fill: the catalogue, the views over it and the search index.
FILLED_BY_THE_DEMO = [
    "regions",
    "crawl_runs",
    "fetches",
    "web_pages",
    "web_page_versions",
    "documents",
    "document_versions",
    "document_links",
    "files",
    "pdf_pages",
    "pdf_tables",
    "current_documents",
    "document_pages",
    "pdf_pages_search",
    "pdf_pages_search_fts",
]
_FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")
_LINK = re.compile(r"\[([^\]]+)\]\(/archive/documents/(\d+)\)")


@pytest.fixture(scope="module")
def ds(demo_archive):
    return make_datasette(demo_archive)


async def get_ok(ds, path: str, **params: str):
    response = await ds.client.get(path, params=params)
    assert response.status_code == 200, (path, params, response.text[:500])
    return response


async def rows_of(ds, query: str, **params: str) -> list[dict]:
    """Rows of a canned query or table, asserting Datasette returned all of them."""
    response = await get_ok(ds, f"/archive/{query}.json", **params, _shape="objects")
    body = response.json()
    assert not body.get("truncated"), query
    assert body.get("next") is None, query
    return body["rows"]


async def page_texts(ds) -> dict[tuple[str, int], str]:
    rows = await rows_of(ds, "pdf_pages", _size="max")
    return {(row["sha256"], row["page_number"]): row["text"] for row in rows}


async def search_pages(ds, query: str) -> set[tuple[str, int]]:
    rows = await rows_of(ds, "pdf_pages", _search=query, _size="max", _col="page_number")
    return {(row["sha256"], row["page_number"]) for row in rows}


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).lower()))


def urls_after_two_crawls(expected_documents: list[dict[str, str]]) -> set[str]:
    """Every document URL the archive holds: the replaced plan under its new URL, one added."""
    urls = {row["url"] for row in expected_documents} - {REPLACED}
    return urls | {REPLACEMENT, ADDED}


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def expected_period(row: dict[str, str]) -> tuple[int | None, int | None]:
    """The plan period the archive should show for a row of expected_documents.csv."""
    start, end = row["period_start"], row["period_end"]
    if not start and row["doc_type"] == "cancerplan" and row["year"]:
        # The issue's rule where the hand-written CSV disagrees (see CSV_DISAGREEMENTS in
        # test_classify.py): a plan's lone title year is its period, start = end.
        return int(row["year"]), int(row["year"])
    return (int(start) if start else None), (int(end) if end else None)


# -- tables and documents ------------------------------------------------------------------


async def test_every_table_and_view_in_the_metadata_is_in_the_demo(ds):
    tables = read_metadata()["databases"]["archive"]["tables"]
    assert set(FILLED_BY_THE_DEMO) <= set(tables)
    for table, config in tables.items():
        response = await get_ok(ds, f"/archive/{table}.json", _size="1")
        body = response.json()
        assert set(config.get("columns", {})) <= set(body["columns"]), table
        if table in FILLED_BY_THE_DEMO:
            assert body["rows"], f"{table} is empty in the demo"


async def test_every_table_in_the_demo_is_described_and_bookkeeping_is_hidden(ds):
    tables = read_metadata()["databases"]["archive"]["tables"]
    listed = (await get_ok(ds, "/archive.json")).json()["tables"]
    # SQLite's own tables and the tables FTS5 keeps beside each index are not ours.
    ours = [
        table
        for table in listed
        if not table["name"].startswith("sqlite_") and not table["name"].endswith(_FTS_SHADOWS)
    ]
    assert [table["name"] for table in ours if table["name"] not in tables] == []
    bookkeeping = [table for table in ours if table["name"].startswith("_")]
    assert [table["name"] for table in bookkeeping if not table["hidden"]] == []


async def test_documents_are_exactly_the_bundled_mirrors_documents(ds, expected_documents):
    body = (await get_ok(ds, "/archive/documents.json", _size="max", _col="url")).json()
    assert body["filtered_table_rows_count"] == len(expected_documents) + 1
    assert {row[1] for row in body["rows"]} == urls_after_two_crawls(expected_documents)
    regions = {item["value"]: item["count"] for item in body["facet_results"]["region"]["results"]}
    expected = Counter(row["region"] for row in expected_documents if row["region"])
    expected["sydost"] += 1  # the follow-up added in the second crawl
    assert regions == dict(expected)


async def test_documents_csv_streams_every_row(ds, expected_documents):
    # A chunk size far below the row count makes the stream page through the whole table.
    response = await get_ok(ds, "/archive/documents.csv", _stream="on", _size="7")
    rows = csv_rows(response.text)
    exported = Counter(row["url"] for row in rows)
    twice = sorted(url for url, count in exported.items() if count > 1)
    assert twice == [], f"{len(twice)} documents exported more than once"
    assert set(exported) == urls_after_two_crawls(expected_documents)
    by_url = {row["url"]: row for row in rows}
    for expected in expected_documents:
        if expected["url"] != REPLACED:
            assert by_url[expected["url"]]["title"] == expected["title"]


@pytest.mark.parametrize(
    "table", ["documents", "document_versions", "files", "web_page_versions", "fetches"]
)
async def test_paging_through_a_table_shows_every_row_once(ds, table):
    seen = []
    params = {"_shape": "objects"}
    for _ in range(100):
        body = (await get_ok(ds, f"/archive/{table}.json", **params)).json()
        seen += [tuple(row[key] for key in body["primary_keys"]) for row in body["rows"]]
        if not body["next"]:
            break
        params["_next"] = body["next"]
    duplicates = sorted(key for key, count in Counter(seen).items() if count > 1)
    assert duplicates == [], f"{len(duplicates)} rows shown twice while paging {table}"
    assert len(seen) == body["filtered_table_rows_count"], f"rows missing while paging {table}"


async def test_page_text_csv_streams_past_the_page_size(ds):
    table = (await get_ok(ds, "/archive/pdf_pages.json", _size="1")).json()
    total = table["filtered_table_rows_count"]
    assert total > 50, "the demo should have more pages than one Datasette page"
    response = await get_ok(ds, "/archive/pdf_pages.csv", _stream="on")
    rows = csv_rows(response.text)
    assert len(rows) == total
    texts = await page_texts(ds)
    assert {(row["sha256"], int(row["page_number"])): row["text"] for row in rows} == texts


# -- canned queries ------------------------------------------------------------------------


async def test_every_canned_query_runs_on_the_demo(ds):
    untested = set(QUERIES) - set(QUERY_PARAMS)
    assert not untested, f"give these canned queries test parameters: {untested}"
    for name, query in QUERIES.items():
        params = QUERY_PARAMS[name]
        assert set(params) == set(query.get("params", [])), name
        rows = await rows_of(ds, name, **params)
        assert rows, f"{name} returned no rows"
        page = await get_ok(ds, f"/archive/{name}", **params)
        assert QUERIES[name]["title"] in page.text


async def test_processplan_matrix_has_norrs_diagnoses_in_the_norr_column(ds, expected_documents):
    plans = {
        row["diagnosis"]: row
        for row in expected_documents
        if row["doc_type"] == "processplan" and row["region"] == "norr"
    }
    assert len(plans) == 21
    rows = await rows_of(ds, "processplan_matrix", diagnosis="")
    assert [row["diagnosis"] for row in rows] == sorted(plans)
    for row in rows:
        title, doc_id = _LINK.fullmatch(row["Norr"]).groups()
        assert title == plans[row["diagnosis"]]["title"]
        document = (await get_ok(ds, f"/archive/documents/{doc_id}.json", _shape="objects")).json()
        assert document["rows"][0]["url"] == plans[row["diagnosis"]]["url"]
        others = {
            column: value for column, value in row.items() if column not in ("diagnosis", "Norr")
        }
        assert set(others.values()) == {None}, row
    cancers = await rows_of(ds, "processplan_matrix", diagnosis="cancer")
    assert [row["diagnosis"] for row in cancers] == sorted(
        d for d in plans if "cancer" in d.lower()
    )


async def test_processplan_matrix_page_links_each_cell_to_its_document(ds):
    page = await get_ok(ds, "/archive/processplan_matrix", diagnosis="Sarkom")
    assert re.search(r'<a href="/archive/documents/\d+">Processplan Sarkom</a>', page.text)


async def test_plans_timeline_lists_each_regions_cancer_plan_periods(ds, expected_documents):
    expected = defaultdict(set)
    for row in expected_documents:
        if row["doc_type"] == "cancerplan" and row["region"]:
            expected[row["region"]].add((*expected_period(row), row["title"]))
    rows = await rows_of(ds, "plans_timeline", region="")
    got = defaultdict(set)
    for row in rows:
        got[row["region"]].add((row["period_start"], row["period_end"], row["title"]))
    assert dict(got) == dict(expected)
    for region, plans in expected.items():
        latest = max(start for start, _, _ in plans if start is not None)
        current = {
            row["period_start"]
            for row in rows
            if row["region"] == region and row["plan"] == "current"
        }
        assert current == {latest}, region
    norr = await rows_of(ds, "plans_timeline", region="Norr")
    assert {row["region"] for row in norr} == {"norr"}
    assert len(norr) == len(expected["norr"])
    starts = [row["period_start"] for row in norr]
    assert starts == sorted(starts, reverse=True), "newest plan first"


async def test_search_finds_cancer_plans_of_several_regions_with_marks_and_citations(
    ds, expected_documents
):
    rows = await rows_of(ds, "search", term="cancerplanerna")
    urls = urls_after_two_crawls(expected_documents)
    regions = {row["region"] for row in rows}
    assert len(regions - {"Nationell"}) == 6, regions
    for row in rows:
        assert row["url"] in urls
        assert "<mark>" in row["snippet"] and "</mark>" in row["snippet"], row["snippet"]
        marked = re.findall(r"<mark>(.*?)</mark>", row["snippet"])
        assert all(word.lower().startswith("cancerplan") for word in marked), marked
        assert row["url"] in row["citation"]
        assert f"sha256 {row['sha256'][:12]}" in row["citation"]
        assert row["citation"].endswith(f", s. {row['page']})")
        assert row["archived_page"] == (
            f"[PDF s. {row['page']}](/-/archive/{row['sha256']}#page={row['page']})"
        )


async def test_a_common_words_equal_scores_put_current_and_newer_plans_first(ds):
    # "regionala" is on most pages, so bm25 scores nearly all of them alike (about 0).
    rows = await rows_of(ds, "search", term="regionala")
    assert len({row["score"] for row in rows}) < len(rows) / 2
    keys = [
        (
            row["score"],
            row["version"] != "current",
            row["status"] != "current",
        )
        for row in rows
    ]
    assert keys == sorted(keys)
    earlier = [n for n, row in enumerate(rows) if row["version"] == "earlier"]
    current = [n for n, row in enumerate(rows) if row["version"] == "current"]
    assert earlier and min(earlier) > min(current)


async def test_search_page_shows_highlights_and_links_to_the_archived_pdf_page(ds):
    page = await get_ok(ds, "/archive/search", term="cancerplanerna")
    assert "<mark>" in page.text
    link = re.search(r'<a href="/-/archive/([0-9a-f]{64})#page=(\d+)">PDF s\. \2</a>', page.text)
    assert link, "no archived-page link rendered"
    pdf = await get_ok(ds, f"/-/archive/{link.group(1)}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert hashlib.sha256(pdf.content).hexdigest() == link.group(1)


async def test_term_by_region_counts_screening_pages_for_every_region(ds, expected_documents):
    rows = await rows_of(
        ds, "term_by_region", term="screening", period_start="", period_end="", doc_type=""
    )
    assert sorted(row["region"] for row in rows) == sorted(
        {row["region"] for row in expected_documents if row["region"]}
    )
    # The same numbers, worked out from the plain tables and the search box.
    plans = await rows_of(ds, "documents", doc_type="cancerplan", _size="max")
    texts = await page_texts(ds)
    hits = await search_pages(ds, "screening")
    for row in rows:
        shas = {plan["sha256"] for plan in plans if plan["region"] == row["region"]}
        pages = {key for key in texts if key[0] in shas}
        assert row["pages"] == len(pages), row
        assert row["pages_with_term"] == len(pages & hits), row
    assert any(row["pages_with_term"] for row in rows)


async def test_problems_lists_the_spreadsheet_as_not_pdf_and_the_removed_annex(
    ds, expected_documents
):
    not_pdfs = [row for row in expected_documents if not row["url"].endswith(".pdf")]
    rows = await rows_of(ds, "problems", run_id="")
    assert [(row["problem"], row["url"], row["region"]) for row in rows] == [
        ("document removed", REMOVED, "sydost"),
        *(("extraction not_pdf", row["url"], row["region"]) for row in not_pdfs),
    ]


@pytest.mark.parametrize("since", ["2000-01-01", ""])
async def test_changes_since_an_old_date_lists_both_crawls_changes(ds, expected_documents, since):
    rows = await rows_of(ds, "changes_since", since=since)
    changes = Counter(row["change"] for row in rows)
    # The first crawl found every document; the second one new, one changed, one removed.
    assert changes == {"new": len(expected_documents) + 1, "changed": 1, "removed": 1}
    new = {row["url"] for row in rows if row["change"] == "new"}
    assert new == urls_after_two_crawls(expected_documents)
    assert [row["url"] for row in rows if row["change"] == "changed"] == [REPLACEMENT]
    assert [row["url"] for row in rows if row["change"] == "removed"] == [REMOVED]
    assert await rows_of(ds, "changes_since", since="2999-01-01") == []


async def test_the_demo_shows_the_second_crawls_changes_and_their_lines(ds):
    runs = await rows_of(ds, "crawl_runs")
    assert len(runs) == 2
    changes = await rows_of(ds, "changes", run_id="2", _size="max")
    assert {(row["change"], row["url"]) for row in changes} >= {
        ("changed", REPLACEMENT),
        ("new", ADDED),
        ("removed", REMOVED),
        ("page changed", CHANGES["edited_page_url"]),
    }
    lines = await rows_of(ds, "page_diff", url=CHANGES["edited_page_url"])
    assert any(
        row["change"] == "+" and CHANGES["edited_sentence"] in row["line"] for row in lines
    ), lines
    changed = next(row for row in changes if row["change"] == "changed")
    assert await rows_of(ds, "document_diff", document_id=str(changed["document_id"]))
    feed = await get_ok(ds, "/archive/changes_feed.atom")
    assert feed.text.count("<entry>") == len(await rows_of(ds, "changes", _size="max"))


async def test_canned_query_csv_has_every_row(ds):
    for name, params in [("search", {"term": "vård"}), ("processplan_matrix", {"diagnosis": ""})]:
        rows = await rows_of(ds, name, **params)
        response = await get_ok(ds, f"/archive/{name}.csv", **params, _size="max")
        exported = csv_rows(response.text)
        assert len(exported) == len(rows), name
        key = "citation" if name == "search" else "diagnosis"
        assert [row[key] for row in exported] == [row[key] for row in rows]
    assert len(exported) == 21


# -- Swedish search through the table search box -------------------------------------------


async def test_an_inflected_form_finds_the_other_forms(ds):
    texts = await page_texts(ds)
    forms = {"cancerplan", "cancerplanen", "cancerplaner", "cancerplanerna"}
    with_forms = {key for key, text in texts.items() if words_of(text) & forms}
    without_query_form = {key for key in with_forms if "cancerplanerna" not in words_of(texts[key])}
    assert without_query_form, "the demo texts should have cancerplanen without cancerplanerna"
    hits = await search_pages(ds, "cancerplanerna")
    assert with_forms <= hits
    assert all("cancerplan" in texts[key].lower() for key in hits)


async def test_a_word_finds_compounds_that_contain_it(ds):
    texts = await page_texts(ds)
    compound = {key for key, text in texts.items() if "bröstcancervården" in words_of(text)}
    assert len(compound) == 1, "the demo texts have one page with bröstcancervården"
    for query in ("cancer", "bröstcancervård", "vård"):
        assert compound <= await search_pages(ds, query), query
    with_cancer = {key for key, text in texts.items() if any("cancer" in w for w in words_of(text))}
    assert await search_pages(ds, "cancer") == with_cancer
    rows = await rows_of(ds, "document_pages", _search="bröstcancervård", _size="max")
    assert {(row["sha256"], row["page_number"]) for row in rows} == compound
    assert {row["title"] for row in rows} == {"Processplan Bröstcancer"}


async def test_a_and_a_ring_and_a_umlaut_are_different_letters(ds):
    texts = await page_texts(ds)
    year_forms = {"år", "året", "åren", "års", "årets", "årens"}
    with_ar = {key for key, text in texts.items() if words_of(text) & year_forms}
    only_ar_umlaut = {
        key for key, text in texts.items() if "är" in words_of(text) and key not in with_ar
    }
    assert with_ar and only_ar_umlaut, "the demo texts have both år and är"
    assert await search_pages(ds, "år") == with_ar
    assert not (await search_pages(ds, "år")) & only_ar_umlaut
    plain_ar = {key for key, text in texts.items() if "ar" in words_of(text)}
    assert await search_pages(ds, "ar") == plain_ar
    is_hits = await search_pages(ds, "är")
    assert only_ar_umlaut <= is_hits
    assert all("är" in words_of(texts[key]) for key in is_hits)
