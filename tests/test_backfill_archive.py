"""The backfill's catalogue rules, on a real catalogue: provenance, identity, current bytes."""

from __future__ import annotations

from pathlib import Path

from rcc_archive.archive.backfill import ONLY_WAYBACK, Backfill, Capture
from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.catalogue import Catalogue
from rcc_archive.archive.datadir import DataDir

NODE_NOW = "https://cancercentrum.se/download/18.5a1b2c3d4e5f/1717000000000/Cancerplan.pdf"
NODE_2019 = "https://cancercentrum.se/download/18.5a1b2c3d4e5f/1551000000000/Cancerplan.pdf"
TODAY = b"%PDF-1.7\nplan as served today\n%%EOF\n"
OLDER = b"%PDF-1.7\nplan as served in 2019\n%%EOF\n"


def capture(url: str, stamp: str) -> Capture:
    iso = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:]}Z"
    return Capture(
        capture_url=f"https://web.archive.org/web/{stamp}id_/{url}",
        url=url,
        original=url,
        timestamp=stamp,
        captured_at=iso,
        kind="document",
    )


def crawled(tmp_path: Path) -> tuple[DataDir, int, int]:
    data_dir = DataDir.at(tmp_path / "data")
    catalogue = Catalogue(data_dir)
    run_id = catalogue.start_run(None)
    catalogue.save_document_body(run_id, NODE_NOW, TODAY)
    backfill_run = catalogue.start_run(None, "backfill")
    return data_dir, run_id, backfill_run


def versions(data_dir: DataDir, url: str) -> list[dict]:
    db = data_dir.open_db()
    (doc_id,) = db.execute("select document_id from document_urls where url = ?", [url]).fetchone()
    return list(
        db.query(
            "select * from document_versions where document_id = ? order by first_seen, rowid",
            [doc_id],
        )
    )


def test_an_earlier_url_of_the_same_sitevision_file_is_that_document(tmp_path: Path) -> None:
    data_dir, _, run = crawled(tmp_path)
    backfill = Backfill(data_dir)

    backfill.save_document(run, capture(NODE_2019, "20190402080000"), OLDER, None)

    db = data_dir.open_db()
    assert db.execute("select count(*) from documents").fetchone()[0] == 1
    (document,) = db.query("select * from documents")
    assert document["url"] == NODE_NOW  # still the URL it is linked by now
    assert document["sha256"] == sha256_hex(TODAY)  # the older capture does not replace it
    assert document["first_seen"] == "2019-04-02T08:00:00Z"
    assert [(v["source"], v["sha256"]) for v in versions(data_dir, NODE_2019)] == [
        ("wayback", sha256_hex(OLDER)),
        ("crawl", sha256_hex(TODAY)),
    ]


def test_bytes_the_crawl_holds_stay_a_crawl_version_seen_earlier(tmp_path: Path) -> None:
    data_dir, _, run = crawled(tmp_path)
    backfill = Backfill(data_dir)
    listed = capture(NODE_NOW, "20240101120000")
    backfill.add_listing(run, "document domain:cancercentrum.se", [listed], None)

    outcome, sha = backfill.save_document(run, listed, TODAY, None)

    assert (outcome, sha) == ("unchanged", sha256_hex(TODAY))
    (version,) = versions(data_dir, NODE_NOW)
    assert (version["source"], version["source_url"]) == ("crawl", None)
    assert version["first_seen"] == "2024-01-01T12:00:00Z"
    db = data_dir.open_db()
    (row,) = db.query("select status, version_source from wayback_captures")
    assert row == {"status": "archived", "version_source": "crawl"}


def test_a_plan_known_only_from_captures_is_current_once_a_crawl_links_it(tmp_path: Path) -> None:
    data_dir, _, run = crawled(tmp_path)
    old_url = "https://cancercentrum.se/globalassets/norr/cancerplan-2016.pdf"
    Backfill(data_dir).save_document(run, capture(old_url, "20160910000000"), OLDER, None)
    db = data_dir.open_db()
    (before,) = db.query("select * from documents where url = ?", [old_url])
    assert (before["status"], before["status_reason"]) == ("removed", ONLY_WAYBACK)

    catalogue = Catalogue(data_dir)
    later = catalogue.start_run(None)
    catalogue.save_document_body(later, old_url, OLDER)

    (after,) = data_dir.open_db().query("select * from documents where url = ?", [old_url])
    assert (after["status"], after["status_reason"]) == ("current", None)
    (version,) = versions(data_dir, old_url)
    assert (version["source"], version["first_seen"]) == ("wayback", "2016-09-10T00:00:00Z")
