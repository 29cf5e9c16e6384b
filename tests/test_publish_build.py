"""publish_archive: idempotent, incremental, consistent, and strict about the metadata."""

from __future__ import annotations

import json

import pytest
from test_publish_fixture import FILLER_PAGES, build_archive, page_keys

from rcc_archive.publish.build import MetadataMismatch, publish_archive
from rcc_archive.publish.serve import METADATA_PATH, NotPublishedError, make_datasette

FILES_WITH_TEXT = 11
PAGES_WITH_TEXT = 20 + FILLER_PAGES


@pytest.fixture
def archive(tmp_path):
    return build_archive(tmp_path / "data")


async def search(data_dir, term: str, shas: dict[str, str]) -> set[tuple[str, int]]:
    ds = make_datasette(data_dir)
    response = await ds.client.get(
        "/archive/pdf_pages.json", params={"_search": term, "_shape": "array", "_size": "max"}
    )
    assert response.status_code == 200, response.text
    return page_keys(response.json(), shas)


def index_is_consistent(data_dir) -> bool:
    db = data_dir.open_db()
    try:
        db.execute(
            "INSERT INTO pdf_pages_search_fts(pdf_pages_search_fts) VALUES ('integrity-check')"
        )
        pages = db.execute("SELECT count(*) FROM pdf_pages").fetchone()[0]
        indexed = db.execute("SELECT count(*) FROM pdf_pages_search").fetchone()[0]
        return pages == indexed
    finally:
        db.conn.close()


def test_a_second_publish_with_nothing_changed_indexes_nothing(archive):
    data_dir, _ = archive
    first = publish_archive(data_dir)
    assert (first.files_indexed, first.pages_indexed, first.files_unchanged) == (
        FILES_WITH_TEXT,
        PAGES_WITH_TEXT,
        0,
    )
    assert first.views == ["current_documents", "document_pages", "changes"]
    assert first.document_pairs_diffed == 1
    second = publish_archive(data_dir)
    assert (second.files_indexed, second.pages_indexed, second.files_removed) == (0, 0, 0)
    assert (second.page_pairs_diffed, second.document_pairs_diffed) == (0, 0)
    assert second.files_unchanged == FILES_WITH_TEXT
    assert index_is_consistent(data_dir)


async def test_a_re_extracted_file_is_re_indexed_and_its_old_text_forgotten(archive):
    data_dir, shas = archive
    publish_archive(data_dir)
    db = data_dir.open_db()
    sha = shas["norr_2024"]
    db["pdf_pages"].update((sha, 2), {"text": "Lungcancervård bedrivs vid två sjukhus."})
    db["files"].update(sha, {"extracted_at": "2025-03-01T00:00:00Z"})
    db.conn.commit()
    db.conn.close()
    summary = publish_archive(data_dir)
    assert (summary.files_indexed, summary.pages_indexed) == (1, 3)
    assert await search(data_dir, "lungcancer", shas) == {("norr_2024", 2)}
    assert await search(data_dir, "bröstcancervård", shas) == set()
    assert index_is_consistent(data_dir)


async def test_a_new_extractor_version_re_indexes_its_files(archive):
    data_dir, shas = archive
    publish_archive(data_dir)
    db = data_dir.open_db()
    db.execute(
        "UPDATE files SET extractor_version = 'pdfplumber-0.11.10/2' WHERE sha256 = ?",
        [shas["sg_brost"]],
    )
    db.conn.commit()
    db.conn.close()
    assert publish_archive(data_dir).files_indexed == 1


async def test_a_file_whose_pages_are_gone_leaves_the_index(archive):
    data_dir, shas = archive
    publish_archive(data_dir)
    db = data_dir.open_db()
    db.execute("DELETE FROM pdf_pages WHERE sha256 = ?", [shas["sg_brost"]])
    db.conn.commit()
    db.conn.close()
    summary = publish_archive(data_dir)
    assert (summary.files_removed, summary.files_indexed) == (1, 0)
    assert ("sg_brost", 1) not in await search(data_dir, "bröstcancer", shas)
    assert index_is_consistent(data_dir)


async def test_new_pages_are_searchable_after_the_next_publish(archive):
    data_dir, shas = archive
    publish_archive(data_dir)
    db = data_dir.open_db()
    db["pdf_pages"].insert(
        {"sha256": shas["sg_brost"], "page_number": 2, "text": "Kontaktsjuksköterskor i vården."}
    )
    db.conn.commit()
    db.conn.close()
    assert publish_archive(data_dir).files_indexed == 1
    assert await search(data_dir, "kontaktsjuksköterska", shas) == {("sg_brost", 2)}


def test_rebuild_re_indexes_everything(archive):
    data_dir, _ = archive
    publish_archive(data_dir)
    summary = publish_archive(data_dir, rebuild=True)
    assert (summary.files_indexed, summary.pages_indexed) == (FILES_WITH_TEXT, PAGES_WITH_TEXT)
    assert index_is_consistent(data_dir)


def test_publish_hands_the_wal_back_to_the_database_file(archive):
    data_dir, _ = archive
    publish_archive(data_dir)
    wal = data_dir.db_path.with_name(data_dir.db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m["tables"]["documents"]["columns"].update(nonexistent="x"),
            "documents.nonexistent",
        ),
        (lambda m: m["tables"].update(no_such_table={"description": "x"}), "'no_such_table'"),
        (lambda m: m["tables"]["documents"].update(facets=["colour"]), "documents.colour"),
        (
            lambda m: m["queries"]["search"].update(sql="SELECT nope FROM documents"),
            "'search' fails",
        ),
    ],
)
def test_metadata_that_names_what_does_not_exist_is_a_clear_error(
    archive, tmp_path, change, message
):
    data_dir, _ = archive
    metadata = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    change(metadata["databases"]["archive"])
    path = tmp_path / "metadata.json"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(MetadataMismatch, match=message):
        publish_archive(data_dir, metadata_path=path)


def test_serving_an_unpublished_archive_is_a_clear_error(archive, tmp_path):
    data_dir, _ = archive
    with pytest.raises(NotPublishedError, match="run publish first"):
        make_datasette(data_dir)
    with pytest.raises(NotPublishedError, match="no catalogue"):
        make_datasette(tmp_path / "empty")
