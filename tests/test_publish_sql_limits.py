"""Anonymous SQL cannot hold the server: the archive's own SQL functions bound their work,
and ``--no-sql`` closes arbitrary SQL while the canned queries and table search stay open.

Reads the small published archive of ``test_publish_fixture``; writes nothing. SQLite's
time limit cannot interrupt a Python function, so before the bounds three ``?sql=``
requests calling ``sv_snippet`` on huge strings held every SQL thread for over a minute.
"""

from __future__ import annotations

import asyncio

import pytest
from test_publish_fixture import build_published_archive

from rcc_archive.publish.fts import MAX_FUNCTION_TEXT
from rcc_archive.publish.serve import make_datasette

TEN_MB = "hex(zeroblob(5000000))"  # 10,000,000 characters, built inside SQLite


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("sql-limits"))


@pytest.fixture(scope="module")
def ds(published):
    return make_datasette(published[0])


@pytest.fixture(scope="module")
def closed_ds(published):
    return make_datasette(published[0], allow_sql=False)


async def one_value(ds, sql: str):
    response = await ds.client.get("/archive.json", params={"sql": sql, "_shape": "array"})
    assert response.status_code == 200, response.text[:500]
    return next(iter(response.json()[0].values()))


async def test_a_snippet_of_a_ten_megabyte_string_is_cut_short(ds):
    length = await one_value(ds, f"select length(sv_snippet({TEN_MB}, 'x')) as n")
    assert 0 < length <= 1_000
    words = "replace(hex(zeroblob(1000000)), '00', 'cancer ')"  # 3.5 million characters
    marked = await one_value(ds, f"select sv_snippet({words}, 'cancer') as s")
    assert "<mark>cancer" in marked
    assert len(marked) < 2_000


async def test_stems_and_match_read_a_bounded_part_of_their_input(ds):
    stems = await one_value(ds, f"select length(sv_stems({TEN_MB})) as n")
    assert stems <= MAX_FUNCTION_TEXT
    words = "replace(hex(zeroblob(1000000)), '00', 'cancer OR ')"
    expression = await one_value(ds, f"select sv_match({words}) as m")
    assert expression.count("canc") <= 64


async def test_strings_too_big_for_any_catalogue_value_are_refused(ds):
    response = await ds.client.get(
        "/archive.json", params={"sql": "select length(hex(zeroblob(20000000))) as n"}
    )
    assert response.status_code == 400
    assert "too big" in response.text


async def test_the_server_answers_after_hostile_calls_on_every_sql_thread(ds):
    hostile = [
        ds.client.get("/archive.json", params={"sql": f"select sv_snippet({TEN_MB}, 'x{n}')"})
        for n in range(6)
    ]
    answers = await asyncio.gather(*hostile)
    assert [answer.status_code for answer in answers] == [200] * 6
    search = await ds.client.get("/archive/search.json", params={"term": "cancerplan"})
    assert search.status_code == 200
    assert len(search.json()["rows"]) > 0


async def test_no_sql_refuses_arbitrary_sql_but_keeps_queries_tables_and_search(closed_ds):
    response = await closed_ds.client.get("/archive.json", params={"sql": "select 1"})
    assert response.status_code == 403
    where = await closed_ds.client.get("/archive/documents.json", params={"_where": "id > 0"})
    assert where.status_code == 403
    search = await closed_ds.client.get("/archive/search.json", params={"term": "palliativ"})
    assert search.status_code == 200
    assert len(search.json()["rows"]) > 0
    table = await closed_ds.client.get("/archive/pdf_pages.json", params={"_search": "palliativ"})
    assert table.status_code == 200
    assert len(table.json()["rows"]) > 0
    documents = await closed_ds.client.get("/archive/documents.json")
    assert documents.status_code == 200


async def test_sql_stays_open_by_default(ds):
    assert await one_value(ds, "select count(*) as n from documents") > 0
