"""Swedish search through Datasette: the ``search`` canned query and the pdf_pages search box."""

from __future__ import annotations

import sqlite3

import pytest
from test_publish_fixture import build_published_archive, page_keys

from rcc_archive.publish.serve import make_datasette
from rcc_archive.publish.snippets import body_snippet

CANCERPLAN_PAGES = {
    ("sg_2020_v1", 1),
    ("sg_2020_v2", 1),
    ("sg_2020_v2", 2),
    ("sg_2020_v2", 3),
    ("sg_2024", 1),
    ("norr_2024", 1),
    ("vast_2020", 1),
}
CANCER_PAGES = CANCERPLAN_PAGES | {
    ("sg_2024", 2),
    ("norr_2024", 2),
    ("norr_2024", 3),
    ("syd_brost", 1),
    ("norr_prostata", 1),
    ("sg_brost", 1),
}

EXPECTED = {
    # Inflected forms find each other.
    "cancerplanerna": CANCERPLAN_PAGES,
    "cancerplanen": CANCERPLAN_PAGES,
    "vården": {
        ("sg_2020_v2", 2),
        ("sg_2024", 3),
        ("norr_2024", 1),
        ("norr_2024", 2),
        ("vast_2020", 1),
        ("syd_brost", 1),
        ("sos_analys", 1),
        ("sos_analys", 2),
    },
    # Parts find compounds.
    "cancer": CANCER_PAGES,
    "screening": {("sg_2024", 2), ("syd_brost", 2)},
    # å, ä and ö are letters: år is not ar, and not är.
    "år": {("sg_2020_v2", 3), ("norr_2024", 2), ("sydost_uppf", 1)},
    "ar": {("vast_2020", 2)},
    "är": {("vast_2020", 2), ("sos_analys", 2)},
    # Phrases, on stems: "palliativa vården" is the same phrase; words far apart are not.
    '"palliativ vård"': {("sg_2020_v2", 2), ("sg_2024", 3), ("sos_analys", 1)},
    # Boolean queries.
    "cancer AND screening": {("sg_2024", 2)},
    "bröstcancer OR prostatacancer": {
        ("norr_2024", 2),
        ("syd_brost", 1),
        ("norr_prostata", 1),
        ("sg_brost", 1),
    },
    "cancer NOT cancerplan": CANCER_PAGES - CANCERPLAN_PAGES,
    "cancer AND NOT cancerplan": CANCER_PAGES - CANCERPLAN_PAGES,
    "(screening OR mammografi) AND NOT cancer": {("syd_brost", 2)},
    "cancerpl*": CANCERPLAN_PAGES,
}

HOSTILE = [
    '"',
    "(",
    ")",
    "AND",
    "OR OR",
    "cancer AND",
    "cancer OR (",
    '"unclosed phrase',
    "x:y",
    "text:cancer",
    "^cancer",
    "NEAR(cancer vård)",
    "*",
    "'; DROP TABLE documents; --",
    'ö"ä(å',
    "cancer " * 300,
    "(" * 500 + "cancer" + ")" * 500,
    "år NOT " * 100,
    "(a OR (b AND (c NOT (d OR e))))",
    "\x00\x01",
    "🦀",
]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("search"))


@pytest.fixture(scope="module")
def ds(published):
    return make_datasette(published[0])


async def search_rows(ds, term: str) -> list[dict]:
    response = await ds.client.get("/archive/search.json", params={"term": term, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


async def search_box_rows(ds, table: str, term: str) -> list[dict]:
    response = await ds.client.get(
        f"/archive/{table}.json", params={"_search": term, "_shape": "array", "_size": "max"}
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("term", list(EXPECTED))
async def test_search_query_finds_exactly_the_expected_pages(ds, published, term):
    assert page_keys(await search_rows(ds, term), published[1]) == EXPECTED[term]


@pytest.mark.parametrize("term", list(EXPECTED))
async def test_pdf_pages_search_box_finds_the_same_pages(ds, published, term):
    rows = await search_box_rows(ds, "pdf_pages", term)
    assert page_keys(rows, published[1]) == EXPECTED[term]


async def test_document_pages_view_search_box_is_swedish_too(ds, published):
    rows = await search_box_rows(ds, "document_pages", "vården")
    assert page_keys(rows, published[1]) == EXPECTED["vården"]
    assert {row["title"] for row in rows} >= {
        "Analys av cancervården",
        "Regional cancerplan 2020–2023",
    }


async def test_search_box_is_shown_and_describes_the_search(ds):
    response = await ds.client.get("/archive/pdf_pages", params={"_search": "cancerplanerna"})
    assert response.status_code == 200
    assert 'name="_search"' in response.text
    assert 'value="cancerplanerna"' in response.text
    assert "Cancerplanerna i landet" in response.text
    empty = await ds.client.get("/archive/pdf_pages")
    assert 'name="_search"' in empty.text


async def test_one_page_is_one_hit_per_document_that_serves_it(ds):
    rows = await search_rows(ds, "resurser")
    assert sorted(row["document_id"] for row in rows) == [9, 11]


async def test_hits_are_ranked_by_how_often_the_stem_occurs(ds, published):
    rows = await search_rows(ds, "cancer")
    assert page_keys(rows[:1], published[1]) == {("norr_2024", 3)}
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores)


async def test_hits_carry_document_facts_snippet_and_citation(ds, published):
    rows = await search_rows(ds, "bröstcancervård")
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == "Regional cancerplan 2024–2027 Norr"
    assert row["region"] == "Norr"
    assert row["doc_type"] == "cancerplan"
    assert (row["period_start"], row["period_end"]) == (2024, 2027)
    assert row["page"] == 2
    assert row["snippet"].startswith("<mark>Bröstcancervård</mark> bedrivs")
    sha = published[1]["norr_2024"]
    assert row["citation"] == (
        "Regional cancerplan 2024–2027 Norr. RCC Norr, 2024. "
        "https://cancercentrum.se/norr/om-oss/regional-cancerplan-2024.pdf "
        f"(hämtad 2024-03-01, sha256 {sha[:12]}, s. 2)"
    )
    assert row["archived_page"] == f"[PDF s. 2](/-/archive/{sha}#page=2)"


async def test_earlier_versions_are_found_and_marked(ds, published):
    rows = await search_rows(ds, '"patientens väg"')
    assert [(row["document_id"], row["version"]) for row in rows] == [(1, "earlier")]


async def test_snippets_mark_hits_of_stems_phrases_and_compound_parts(ds):
    snippets = {row["snippet"] for row in await search_rows(ds, "vården")}
    assert "Regional cancerplan 2024–2027 för norra <mark>sjukvårdsregionen</mark>." in snippets
    rows = await search_rows(ds, '"palliativ vård" OR år')
    snippets = {row["snippet"] for row in rows}
    assert (
        "Cancerplanen beskriver hur <mark>palliativ vård</mark> ska utvecklas i regionen."
        in snippets
    )
    assert (
        "Uppföljning av planen i Sydöst. Arbetet har gått bra under <mark>året</mark>." in snippets
    )


async def test_snippet_html_marks_hits_and_escapes_page_text(ds):
    response = await ds.client.get("/archive/search", params={"term": "palliativ"})
    assert response.status_code == 200
    html = response.text
    assert "<mark>palliativa</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


async def test_search_hits_link_to_the_archived_page(ds, published):
    response = await ds.client.get("/archive/search", params={"term": "bröstcancervård"})
    sha = published[1]["norr_2024"]
    assert f'<a href="/-/archive/{sha}#page=2">PDF s. 2</a>' in response.text
    assert '<a href="/archive/documents/3">3</a>' in response.text


@pytest.mark.parametrize("term", HOSTILE)
async def test_hostile_queries_never_fail(ds, term):
    rows = await search_rows(ds, term)
    assert isinstance(rows, list)
    await search_box_rows(ds, "pdf_pages", term)
    documents = await ds.client.get("/archive/documents.json?_size=0")
    assert documents.json()["filtered_table_rows_count"] == 13


async def test_queries_that_ask_for_nothing_find_nothing(ds):
    assert await search_rows(ds, "") == []
    assert await search_rows(ds, "NOT år") == []
    assert await search_rows(ds, "AND OR") == []


@pytest.mark.parametrize("term", [*EXPECTED, "sida", '"RCC Syd"', "Norr*"])
async def test_snippets_from_the_index_are_those_made_from_the_page_text(ds, published, term):
    # The query finds hits in the stems and places them by stored offsets; the same rows'
    # snippets made the long way, from the page and the body publish.margins keeps.
    rows = await search_rows(ds, term)
    conn = sqlite3.connect(published[0].db_path)
    try:
        for row in rows:
            text, body = conn.execute(
                """SELECT p.text, b.body FROM pdf_pages p LEFT JOIN pdf_page_bodies b
                   ON b.sha256 = p.sha256 AND b.page_number = p.page_number
                   WHERE p.sha256 = ? AND p.page_number = ?""",
                (row["sha256"], row["page"]),
            ).fetchone()
            assert row["snippet"] == body_snippet(body, text, term), row["citation"]
    finally:
        conn.close()
