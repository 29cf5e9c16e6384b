"""The Datasette app as users meet it: metadata, CSV, links, archived files, read-only."""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3

import pytest
from test_publish_fixture import FILLER_PAGES, OLD_FETCHES, PAGES, build_published_archive

from rcc_archive.archive.schema import TABLES
from rcc_archive.publish.serve import make_datasette, read_metadata
from rcc_archive.publish.views import VIEWS

PUBLISH_TABLES = {
    "pdf_pages_search",
    "pdf_pages_search_fts",
    "_publish_state",
    "pdf_pages_words",
    "pdf_pages_parts",
    "_search_box_state",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="module")
def ds(published):
    return make_datasette(published[0])


def described_tables() -> dict[str, dict]:
    return read_metadata()["databases"]["archive"]["tables"]


def test_every_catalogue_table_and_column_is_described():
    tables = described_tables()
    for table, columns in TABLES.items():
        assert tables[table]["description"], table
        described = tables[table].get("columns", {})
        missing = [column for column in columns if not described.get(column)]
        assert missing == [], f"{table}: no description for {missing}"
    for name in [*VIEWS, *PUBLISH_TABLES]:
        assert tables[name]["description"], name


async def test_every_described_table_and_column_exists(ds):
    for table, config in described_tables().items():
        response = await ds.client.get(f"/archive/{table}.json", params={"_size": "1"})
        assert response.status_code == 200, (table, response.text)
        columns = set(response.json()["columns"])
        assert set(config.get("columns", {})) <= columns, table


async def test_metadata_reaches_the_pages(ds):
    index = await ds.client.get("/")
    assert "Regionala cancerplaner – arkiv" in index.text
    assert "cancercentrum.se, socialstyrelsen.se" in index.text
    documents = await ds.client.get("/archive/documents")
    assert "Adressen till sidan som länkar till dokumentet." in documents.text


async def test_bookkeeping_tables_are_hidden(ds):
    response = await ds.client.get("/archive.json")
    hidden = {table["name"] for table in response.json()["tables"] if table["hidden"]}
    assert hidden >= PUBLISH_TABLES
    assert "documents" not in hidden


async def test_documents_are_faceted_by_region_type_period_and_status(ds):
    response = await ds.client.get("/archive/documents.json")
    facets = response.json()["facet_results"]
    assert set(facets) == {"region", "doc_type", "period_start", "status"}
    status = {item["value"]: item["count"] for item in facets["status"]["results"]}
    assert status == {"current": 11, "removed": 1, "broken": 1}


async def test_label_columns_name_rows(ds):
    response = await ds.client.get("/archive/document_versions", params={"document_id": "9"})
    assert "Analys av cancervården" in response.text
    response = await ds.client.get("/archive/documents", params={"region": "sydost"})
    assert ">Sydöst</a>" in response.text


async def test_document_rows_link_to_the_archived_file_and_the_page_found_on(ds, published):
    sha = published[1]["norr_2024"]
    response = await ds.client.get("/archive/documents/3")
    assert f'<a href="/-/archive/{sha}" title="Arkiverad fil">{sha}</a>' in response.text
    assert 'href="https://cancercentrum.se/norr/om-oss/"' in response.text


async def test_table_csv_streams_every_row_beyond_the_page_size(ds):
    response = await ds.client.get("/archive/fetches.csv", params={"_stream": "on"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == OLD_FETCHES + 3 > 1000
    assert len({row["id"] for row in rows}) == len(rows)
    pages = await ds.client.get("/archive/pdf_pages.csv", params={"_stream": "on"})
    expected = sum(len(texts or []) for texts in PAGES.values())
    assert len(list(csv.DictReader(io.StringIO(pages.text)))) == expected > FILLER_PAGES


async def test_archived_file_is_served_with_its_content_type(ds, published):
    shas = published[1]
    response = await ds.client.get(f"/-/archive/{shas['sg_2024']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF-")
    assert hashlib.sha256(response.content).hexdigest() == shas["sg_2024"]


async def test_an_html_blob_is_downloaded_never_rendered(ds, published):
    response = await ds.client.get(f"/-/archive/{published[1]['vast_error_page']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/-/archive/" + "0" * 64,
        "/-/archive/" + "A" * 64,
        "/-/archive/abc",
        "/-/archive/..%2F..%2Farchive.db",
        "/-/archive/%2E%2E/%2E%2E/archive.db",
        "/-/archive/../archive.db",
        "/-/archive/" + "0" * 64 + "/../../archive.db",
    ],
)
async def test_bad_or_missing_hashes_are_not_found(ds, path):
    response = await ds.client.get(path, follow_redirects=True)
    assert response.status_code == 404
    assert b"SQLite format" not in response.content


async def test_the_database_is_read_only_and_writes_are_refused(ds, published):
    data_dir = published[0]
    before = hashlib.sha256(data_dir.db_path.read_bytes()).hexdigest()
    # Read-only through the WAL (mode=ro), not immutable: it must see later publishes.
    database = ds.get_database("archive")
    assert database.is_mutable is True
    connection = database.connect()
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("UPDATE documents SET title = 'x'")
    finally:
        connection.close()
    write = "UPDATE documents SET title = 'x'"
    response = await ds.client.get("/archive.json", params={"sql": write})
    assert response.status_code == 400
    assert "Statement must be a SELECT" in response.text
    response = await ds.client.get("/archive/-/query.json", params={"sql": write})
    assert response.status_code in (400, 403, 404)
    for path in ("/archive/search", "/archive/documents", "/-/messages"):
        response = await ds.client.post(path, data={"term": "x"})
        assert response.status_code == 405, path
    assert hashlib.sha256(data_dir.db_path.read_bytes()).hexdigest() == before
    titles = await ds.client.get(
        "/archive.json",
        params={"sql": "select count(*) as n from documents where title = 'x'", "_shape": "array"},
    )
    assert titles.json() == [{"n": 0}]


async def test_whole_database_download_is_off_and_limits_are_set(ds):
    response = await ds.client.get("/archive.db")
    assert response.status_code in (403, 404)
    settings = (await ds.client.get("/-/settings.json")).json()
    assert settings["allow_download"] is False
    assert settings["sql_time_limit_ms"] == 3000
    assert settings["suggest_facets"] is False
    assert settings["max_returned_rows"] == 1000


async def test_plugin_is_loaded_once_with_all_its_hooks(ds):
    plugins = (await ds.client.get("/-/plugins.json")).json()
    ours = [plugin for plugin in plugins if "filters_from_request" in plugin["hooks"]]
    assert len(ours) == 1
    assert set(ours[0]["hooks"]) >= {
        "asgi_wrapper",
        "filters_from_request",
        "prepare_connection",
        "register_routes",
        "render_cell",
    }
