"""Fixity audit: a healthy archive passes; a flipped byte or a lost blob is found and named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.catalogue import Catalogue, PageRecord
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.verify import verify_archive

BODIES = {
    "https://cancercentrum.se/norr/cancerplan-2024.pdf": b"%PDF-1.7\nplan norr\n%%EOF\n",
    "https://cancercentrum.se/syd/cancerplan-2024.pdf": b"%PDF-1.7\nplan syd\n%%EOF\n",
    "https://cancercentrum.se/vast/uppfoljning-2025.pdf": b"%PDF-1.7\nuppfoljning\n%%EOF\n",
}
PAGE_URL = "https://cancercentrum.se/norr/om-oss/cancerplan/"
PAGE_BODY = b"<html><head><title>Cancerplan</title></head><body>Norr</body></html>"
ROBOTS_URL = "https://cancercentrum.se/robots.txt"
ROBOTS_BODY = b"User-agent: *\nDisallow: /search\n"


def build_archive(root: Path) -> DataDir:
    """Crawl-shaped data dir: one run with three documents, a page and robots.txt."""
    data_dir = DataDir.at(root)
    catalogue = Catalogue(data_dir)
    run_id = catalogue.start_run(None)
    catalogue.record_stored_fetch(run_id, ROBOTS_URL, ROBOTS_BODY, http_status=200, kind="robots")
    page_fetch = catalogue.record_fetch(run_id, PAGE_URL, http_status=200, kind="page")
    outcome = catalogue.save_page(
        run_id, PageRecord(url=PAGE_URL, body=PAGE_BODY, region="norr", title="Cancerplan", text="")
    )
    catalogue.update_fetch(page_fetch, outcome=outcome, sha256=sha256_hex(PAGE_BODY))
    for url, body in BODIES.items():
        fetch_id = catalogue.record_fetch(
            run_id, url, http_status=200, kind="document", bytes=len(body)
        )
        outcome, sha = catalogue.save_document_body(run_id, url, body)
        catalogue.update_fetch(fetch_id, outcome=outcome, sha256=sha)
    catalogue.db.close()
    return data_dir


@pytest.fixture
def archive_dir(tmp_path: Path) -> DataDir:
    return build_archive(tmp_path / "data")


def document_id(data_dir: DataDir, url: str) -> int:
    db = data_dir.open_db()
    return db.execute("select id from documents where url = ?", [url]).fetchone()[0]


def fetch_ids(data_dir: DataDir, sha: str) -> list[int]:
    db = data_dir.open_db()
    return [row[0] for row in db.execute("select id from fetches where sha256 = ?", [sha])]


def test_healthy_archive_passes_and_every_blob_is_hashed(archive_dir: DataDir) -> None:
    report = verify_archive(archive_dir)

    assert report.ok
    assert report.blobs_checked == 5  # three documents, the page, robots.txt
    assert report.bytes_checked == sum(map(len, BODIES.values())) + len(PAGE_BODY) + len(
        ROBOTS_BODY
    )
    assert report.missing == [] and report.corrupted == []
    assert report.orphans == [] and report.temporaries == []


def test_flipped_byte_and_deleted_blob_are_reported_with_their_rows(archive_dir: DataDir) -> None:
    blobs = archive_dir.blobs()
    flipped_url, deleted_url = list(BODIES)[:2]
    flipped = sha256_hex(BODIES[flipped_url])
    deleted = sha256_hex(BODIES[deleted_url])
    path = blobs.path(flipped)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    blobs.path(deleted).unlink()

    report = verify_archive(archive_dir)

    assert not report.ok
    assert [item.sha256 for item in report.corrupted] == [flipped]
    assert [item.sha256 for item in report.missing] == [deleted]
    corrupted = report.corrupted[0]
    assert corrupted.actual_sha256 == sha256_hex(bytes(data))
    assert corrupted.refs["document_versions"] == [document_id(archive_dir, flipped_url)]
    assert corrupted.refs["documents"] == [document_id(archive_dir, flipped_url)]
    assert corrupted.refs["files"] == [flipped]
    assert corrupted.refs["fetches"] == fetch_ids(archive_dir, flipped)
    missing = report.missing[0]
    assert missing.refs["document_versions"] == [document_id(archive_dir, deleted_url)]
    assert missing.refs["fetches"] == fetch_ids(archive_dir, deleted)
    assert report.blobs_checked == 4


def test_missing_page_blob_names_the_page(archive_dir: DataDir) -> None:
    page_sha = sha256_hex(PAGE_BODY)
    archive_dir.blobs().path(page_sha).unlink()

    report = verify_archive(archive_dir)

    assert not report.ok
    assert report.missing[0].refs["web_pages"] == [PAGE_URL]
    assert report.missing[0].refs["web_page_versions"] == [PAGE_URL]


def test_audit_and_problems_are_recorded(archive_dir: DataDir) -> None:
    first = verify_archive(archive_dir, recorded_by="test")
    blobs = archive_dir.blobs()
    deleted = sha256_hex(ROBOTS_BODY)
    blobs.path(deleted).unlink()
    second = verify_archive(archive_dir)

    db = archive_dir.open_db()
    audits = list(db.query("select * from fixity_audits order by id"))
    assert [a["id"] for a in audits] == [first.audit_id, second.audit_id]
    assert audits[0]["ok"] == 1 and audits[0]["recorded_by"] == "test"
    assert audits[0]["blobs_checked"] == 5 and audits[0]["missing"] == 0
    assert audits[1]["ok"] == 0 and audits[1]["missing"] == 1 and audits[1]["corrupted"] == 0
    assert audits[1]["bytes_checked"] == first.bytes_checked - len(ROBOTS_BODY)
    assert audits[1]["started_at"] <= audits[1]["finished_at"]
    problems = list(db.query("select * from fixity_problems"))
    assert len(problems) == 1
    assert problems[0]["audit_id"] == second.audit_id
    assert problems[0]["sha256"] == deleted and problems[0]["problem"] == "missing"
    assert json.loads(problems[0]["detail"])["refs"]["fetches"] == fetch_ids(archive_dir, deleted)


def test_orphans_and_temporaries_are_reported_but_do_not_fail(archive_dir: DataDir) -> None:
    blobs = archive_dir.blobs()
    orphan = blobs.put(b"bytes stored by a crawl killed before its row was written")
    leftover = blobs.path(orphan).parent / ".tmp-abc123"
    leftover.write_bytes(b"half a pdf")
    stray = blobs.root / "notes.txt"
    stray.write_text("not a blob")

    report = verify_archive(archive_dir)

    assert report.ok
    assert report.orphans == [orphan]
    assert report.temporaries == [leftover]
    assert report.unexpected == [stray]
    db = archive_dir.open_db()
    audit = db.table("fixity_audits").get(report.audit_id)
    assert audit["orphans"] == 1 and audit["temporaries"] == 1 and audit["ok"] == 1
    problems = {
        row["problem"]: row
        for row in db.query("select * from fixity_problems where audit_id = ?", [report.audit_id])
    }
    assert set(problems) == {"orphan", "temporary", "unexpected"}
    assert json.loads(problems["temporary"]["detail"])["path"] == os.path.relpath(
        leftover, blobs.root
    )


def test_a_corrupted_orphan_still_fails(archive_dir: DataDir) -> None:
    blobs = archive_dir.blobs()
    orphan = blobs.put(b"unreferenced but still a promise")
    blobs.path(orphan).write_bytes(b"truncated")

    report = verify_archive(archive_dir)

    assert not report.ok
    assert [item.sha256 for item in report.corrupted] == [orphan]
    assert report.corrupted[0].refs == {}
    assert report.orphans == []


def test_large_blob_is_hashed_correctly(tmp_path: Path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    catalogue = Catalogue(data_dir)
    run_id = catalogue.start_run(None)
    body = os.urandom(3 * 1024 * 1024 + 17)  # spans many read chunks
    catalogue.save_document_body(run_id, "https://cancercentrum.se/stor.pdf", body)

    report = verify_archive(data_dir)

    assert report.ok and report.blobs_checked == 1 and report.bytes_checked == len(body)
