"""WARC export: real URLs and times, exact bytes back, revisits for repeats, passes `warcio check`."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.catalogue import Catalogue, PageRecord
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.warc import export_warc, write_warc

WARCIO = Path(sys.executable).parent / "warcio"
PLAN = "https://cancercentrum.se/norr/globalassets/cancerplan-2024-2027.pdf"
FOLLOW_UP = "https://cancercentrum.se/syd/globalassets/uppfoljning-2025.pdf"
PAGE = "https://cancercentrum.se/norr/om-oss/cancerplan/"
ROBOTS = "https://cancercentrum.se/robots.txt"
PLAN_BODY = b"%PDF-1.7\n" + os.urandom(300_000) + b"\n%%EOF\n"
FOLLOW_UP_V1 = b"%PDF-1.4\nuppfoljning version 1\n%%EOF\n"
FOLLOW_UP_V2 = b"%PDF-1.4\nuppfoljning version 2, rattad\n%%EOF\n"
PAGE_BODY = "<html><title>Cancerplan</title><body>Regional cancerplan för Norr</body></html>"
ROBOTS_BODY = b"User-agent: *\nDisallow: /sok\n"


def fetch_document(catalogue: Catalogue, run_id: int, url: str, body: bytes, etag: str) -> None:
    """Record a 200 for a PDF the way the crawl does: fetch row, then body, then completion."""
    fetch_id = catalogue.record_fetch(
        run_id,
        url,
        kind="document",
        http_status=200,
        content_type="application/pdf",
        bytes=len(body),
        etag=etag,
        last_modified="Tue, 04 Nov 2025 09:12:00 GMT",
    )
    outcome, sha = catalogue.save_document_body(run_id, url, body)
    catalogue.update_fetch(fetch_id, outcome=outcome, sha256=sha)


def crawl(catalogue: Catalogue, follow_up: bytes, etag: str) -> int:
    """One run: robots.txt, a page, two PDFs, a 404 and a 304."""
    run_id = catalogue.start_run(None)
    catalogue.record_stored_fetch(
        run_id, ROBOTS, ROBOTS_BODY, kind="robots", http_status=200, content_type="text/plain"
    )
    body = PAGE_BODY.encode()
    fetch_id = catalogue.record_fetch(
        run_id, PAGE, kind="page", http_status=200, content_type="text/html; charset=utf-8"
    )
    outcome = catalogue.save_page(
        run_id, PageRecord(url=PAGE, body=body, region="norr", title="Cancerplan", text="")
    )
    catalogue.update_fetch(fetch_id, outcome=outcome, sha256=sha256_hex(body))
    fetch_document(catalogue, run_id, PLAN, PLAN_BODY, '"plan-1"')
    fetch_document(catalogue, run_id, FOLLOW_UP, follow_up, etag)
    catalogue.record_fetch(
        run_id, "https://cancercentrum.se/gone.pdf", http_status=404, outcome="error"
    )
    catalogue.record_fetch(
        run_id, "https://cancercentrum.se/vast/plan.pdf", http_status=304, outcome="not_modified"
    )
    return run_id


@pytest.fixture
def two_runs(tmp_path: Path) -> tuple[DataDir, int, int]:
    """Two crawls: the plan, page and robots.txt unchanged, the follow-up changed."""
    data_dir = DataDir.at(tmp_path / "data")
    catalogue = Catalogue(data_dir)
    first = crawl(catalogue, FOLLOW_UP_V1, '"fu-1"')
    second = crawl(catalogue, FOLLOW_UP_V2, '"fu-2"')
    catalogue.db.close()
    return data_dir, first, second


def read_records(path: Path) -> list:
    """Return (type, WARC headers, HTTP headers, payload) for every record in a WARC."""
    records = []
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            records.append(
                (
                    record.rec_type,
                    record.rec_headers,
                    record.http_headers,
                    record.content_stream().read(),
                )
            )
    return records


def fetch_rows(data_dir: DataDir) -> list[dict]:
    db = data_dir.open_db()
    return list(
        db.query("select * from fetches where http_status = 200 and sha256 is not null order by id")
    )


def test_every_body_comes_back_byte_for_byte(two_runs, tmp_path: Path) -> None:
    data_dir, _, _ = two_runs
    out = tmp_path / "rcc_archive.archive.warc.gz"

    responses = export_warc(data_dir, out)

    records = read_records(out)
    assert records[0][0] == "warcinfo"
    assert b"software: rcc-archive/" in records[0][3]
    assert b"format: WARC File Format 1.1" in records[0][3]
    assert b"description: Archive of Sweden's regional cancer plans" in records[0][3]
    blobs = data_dir.blobs()
    responses_seen = [r for r in records if r[0] == "response"]
    # Run 1: robots.txt, page, plan, follow-up v1; run 2 adds only follow-up v2.
    assert responses == len(responses_seen) == 5
    rows = fetch_rows(data_dir)
    first_of = {}
    for row in rows:
        first_of.setdefault((row["url"], row["sha256"]), row)
    for (url, sha), row in first_of.items():
        matches = [
            r
            for r in responses_seen
            if r[1].get_header("WARC-Target-URI") == url
            and r[1].get_header("WARC-Date") == row["fetched_at"]
            and r[3] == blobs.read(sha)
        ]
        assert len(matches) == 1, url
    by_url = {r[1].get_header("WARC-Target-URI"): r for r in responses_seen}
    assert by_url[PAGE][3] == PAGE_BODY.encode()
    assert by_url[PLAN][3] == PLAN_BODY


def test_http_headers_are_rebuilt_from_the_fetch(two_runs, tmp_path: Path) -> None:
    data_dir, _, _ = two_runs
    out = tmp_path / "rcc_archive.archive.warc.gz"
    export_warc(data_dir, out)

    plan = next(
        r
        for r in read_records(out)
        if r[0] == "response" and r[1].get_header("WARC-Target-URI") == PLAN
    )
    http = plan[2]
    assert http.protocol == "HTTP/1.1" and http.statusline == "200 OK"
    assert http.get_header("Content-Type") == "application/pdf"
    assert http.get_header("Content-Length") == str(len(PLAN_BODY))
    assert http.get_header("ETag") == '"plan-1"'
    assert http.get_header("Last-Modified") == "Tue, 04 Nov 2025 09:12:00 GMT"
    assert plan[1].get_header("WARC-Payload-Digest").startswith("sha1:")


def test_unchanged_second_fetch_is_a_revisit_of_the_first(two_runs, tmp_path: Path) -> None:
    data_dir, _, second = two_runs
    out = tmp_path / "rcc_archive.archive.warc.gz"

    counts = write_warc(data_dir, out)

    records = read_records(out)
    revisits = [
        r
        for r in records
        if r[0] == "revisit"
        and r[1].get_header("WARC-Profile").endswith("identical-payload-digest")
    ]
    assert counts.revisits == 3  # plan, page and robots.txt unchanged in run 2
    assert sorted(r[1].get_header("WARC-Target-URI") for r in revisits) == sorted(
        [PLAN, PAGE, ROBOTS]
    )
    plan_response = next(
        r for r in records if r[0] == "response" and r[1].get_header("WARC-Target-URI") == PLAN
    )
    plan_revisit = next(r for r in revisits if r[1].get_header("WARC-Target-URI") == PLAN)
    headers = plan_revisit[1]
    assert (
        headers.get_header("WARC-Profile")
        == "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    )
    assert headers.get_header("WARC-Refers-To") == plan_response[1].get_header("WARC-Record-ID")
    assert headers.get_header("WARC-Refers-To-Target-URI") == PLAN
    assert headers.get_header("WARC-Refers-To-Date") == plan_response[1].get_header("WARC-Date")
    assert headers.get_header("WARC-Payload-Digest") == plan_response[1].get_header(
        "WARC-Payload-Digest"
    )
    second_fetch = next(
        row for row in fetch_rows(data_dir) if row["url"] == PLAN and row["run_id"] == second
    )
    assert headers.get_header("WARC-Date") == second_fetch["fetched_at"]
    assert plan_revisit[3] == b""  # the body is not stored twice
    changed = [
        r for r in records if r[0] == "response" and r[1].get_header("WARC-Target-URI") == FOLLOW_UP
    ]
    assert [r[3] for r in changed] == [FOLLOW_UP_V1, FOLLOW_UP_V2]
    # Errors have no body to export; 304s are server-not-modified revisits (one per run).
    assert counts.skipped_no_body == 2
    assert counts.not_modified == 2
    assert out.stat().st_size < len(PLAN_BODY) * 1.5


def test_export_passes_warcio_check(two_runs, tmp_path: Path) -> None:
    data_dir, _, _ = two_runs
    out = tmp_path / "rcc_archive.archive.warc.gz"
    export_warc(data_dir, out)

    result = subprocess.run(
        [str(WARCIO), "check", "-v", str(out)], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 1 + 5  # warcinfo block and the responses


def test_warcio_check_catches_a_damaged_payload(two_runs, tmp_path: Path) -> None:
    """Control: the check above would fail if our digests did not match the bytes."""
    data_dir, _, _ = two_runs
    out = tmp_path / "rcc_archive.archive.warc.gz"
    export_warc(data_dir, out)
    raw = gzip.decompress(out.read_bytes())  # every record is its own gzip member
    damaged = raw.replace(b"uppfoljning version 1", b"uppfoljning version X")
    assert damaged != raw
    good, bad = tmp_path / "intact.warc", tmp_path / "damaged.warc"  # uncompressed is valid too
    good.write_bytes(raw)
    bad.write_bytes(damaged)

    intact = subprocess.run([str(WARCIO), "check", str(good)], capture_output=True, timeout=60)
    result = subprocess.run(
        [str(WARCIO), "check", str(bad)], capture_output=True, text=True, timeout=60
    )

    assert intact.returncode == 0
    assert result.returncode == 1
    assert "digest failed" in result.stdout


def test_one_run_only(two_runs, tmp_path: Path) -> None:
    data_dir, _, second = two_runs
    out = tmp_path / "run2.warc.gz"

    counts = write_warc(data_dir, out, run_id=second)

    records = read_records(out)
    # Alone in the file, run 2's unchanged bodies are full responses.
    assert counts.responses == 4 and counts.revisits == 0
    assert b"crawl run %d" % second in records[0][3]
    assert {r[1].get_header("WARC-Target-URI") for r in records if r[0] == "response"} == {
        ROBOTS,
        PAGE,
        PLAN,
        FOLLOW_UP,
    }


def test_missing_and_corrupted_blobs_are_left_out_and_counted(two_runs, tmp_path: Path) -> None:
    data_dir, _, _ = two_runs
    blobs = data_dir.blobs()
    blobs.path(sha256_hex(FOLLOW_UP_V1)).unlink()
    blobs.path(sha256_hex(ROBOTS_BODY)).write_bytes(b"User-agent: *\nDisallow: /\n")
    out = tmp_path / "rcc_archive.archive.warc.gz"

    counts = write_warc(data_dir, out)

    urls = [r[1].get_header("WARC-Target-URI") for r in read_records(out) if r[0] == "response"]
    assert sorted(urls) == sorted([PAGE, PLAN, FOLLOW_UP])
    assert counts.missing_blobs == 1
    assert counts.corrupted_blobs == 2  # robots.txt in both runs
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())
