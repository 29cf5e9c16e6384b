"""export_rows and export_corpus: what a researcher takes home."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from test_publish_fixture import DOCUMENTS, OLD_FETCHES, PAGES, build_published_archive

from rcc_archive.publish.export import MANIFEST_FIELDS, export_corpus, export_rows


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("export"))


def test_a_table_exports_as_csv_with_every_row(published):
    out = io.StringIO()
    count = export_rows(published[0].db_path, "documents", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == len(DOCUMENTS)
    assert rows[9]["title"] == "Uppföljning av cancerplanen 2023"
    assert rows[9]["region"] == "sydost"


def test_a_large_table_streams_as_jsonl(published):
    out = io.StringIO()
    count = export_rows(published[0].db_path, "fetches", "jsonl", out)
    lines = out.getvalue().splitlines()
    assert count == len(lines) == OLD_FETCHES + 3
    assert json.loads(lines[-1])["outcome"] == "new"


def test_a_canned_query_exports_with_its_parameters(published):
    out = io.StringIO()
    count = export_rows(published[0].db_path, "search", "jsonl", out, params={"term": "screening"})
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == 2
    assert {record["document_id"] for record in records} == {2, 5}
    assert all("<mark>" in record["snippet"] for record in records)


def test_a_view_and_a_select_export(published):
    out = io.StringIO()
    assert export_rows(published[0].db_path, "current_documents", "csv", out) == 11
    out = io.StringIO()
    sql = "SELECT slug, name FROM regions WHERE slug LIKE 's%' ORDER BY slug"
    assert export_rows(published[0].db_path, sql, "csv", out) == 3
    assert out.getvalue().splitlines() == [
        "slug,name",
        "stockholm-gotland,Stockholm Gotland",
        "syd,Syd",
        "sydost,Sydöst",
    ]


@pytest.mark.parametrize(
    "statement", ["DELETE FROM documents", "no_such_table", "DROP TABLE documents"]
)
def test_anything_but_a_name_or_select_is_refused(published, statement):
    with pytest.raises(ValueError, match="neither a table"):
        export_rows(published[0].db_path, statement, "csv", io.StringIO())


def test_a_select_cannot_write(published):
    sneaky = "WITH x AS (SELECT 1) DELETE FROM documents"
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        export_rows(published[0].db_path, sneaky, "csv", io.StringIO())
    out = io.StringIO()
    assert export_rows(published[0].db_path, "documents", "csv", out) == len(DOCUMENTS)


def test_unknown_format_is_refused(published):
    with pytest.raises(ValueError, match="unknown format"):
        export_rows(published[0].db_path, "documents", "xml", io.StringIO())


def test_corpus_has_one_text_file_per_document_version_and_a_manifest(published, tmp_path):
    data_dir, shas = published
    count = export_corpus(data_dir, tmp_path / "corpus")
    files = sorted(path.name for path in (tmp_path / "corpus").glob("*.txt"))
    # 14 versions; 2 have no text (an encrypted PDF, an HTML error page).
    assert count == len(files) == 12
    sha = shas["sg_brost"]
    assert f"00007-{sha[:12]}-processplan-brostcancer-sg.txt" in files
    text = (tmp_path / "corpus" / f"00007-{sha[:12]}-processplan-brostcancer-sg.txt").read_text(
        encoding="utf-8"
    )
    assert text == "--- sida 1 ---\nProcessplan bröstcancer i Stockholm Gotland.\n"
    with (tmp_path / "corpus" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert tuple(manifest[0]) == MANIFEST_FIELDS
    assert len(manifest) == 14
    by_file = {row["file"]: row for row in manifest if row["file"]}
    assert set(by_file) == set(files)
    row = by_file[f"00007-{sha[:12]}-processplan-brostcancer-sg.txt"]
    assert row["url"] == "https://cancercentrum.se/stockholm-gotland/processplan-brostcancer.pdf"
    assert row["found_on"] == "https://cancercentrum.se/stockholm-gotland/"
    assert (row["region"], row["doc_type"], row["diagnosis"]) == (
        "stockholm-gotland",
        "processplan",
        "Bröstcancer",
    )
    assert row["sha256"] == sha
    failed = [row for row in manifest if not row["file"]]
    assert sorted(row["extract_status"] for row in failed) == ["encrypted", "not_pdf"]


def test_corpus_text_keeps_every_page_in_order(published, tmp_path):
    data_dir, shas = published
    export_corpus(data_dir, tmp_path)
    sha = shas["arsrapport"]
    [path] = tmp_path.glob(f"00012-{sha[:12]}-*.txt")
    text = path.read_text(encoding="utf-8")
    assert path.name == f"00012-{sha[:12]}-arsrapport-2024.txt"
    assert text.count("--- sida ") == len(PAGES["arsrapport"])
    assert text.index("--- sida 2 ---") < text.index("--- sida 10 ---")
