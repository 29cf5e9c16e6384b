"""A WARC that is the record: headers as served, request records, 304 revisits, two readers, pywb.

Crawls the bundled mirror twice (the second crawl gets 304s for every document), exports
the archive and reads the file back with warcio, FastWARC and a real pywb replay server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pywb_replay import PywbServer
from warcio.archiveiterator import ArchiveIterator

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.warc import SERVER_NOT_MODIFIED, write_warc
from rcc_archive.archive.warc_headers import response_head
from rcc_archive.mirror.server import MirrorServer
from rcc_archive.scraper.crawl import CrawlOptions, crawl

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def twice_crawled(
    bundled_mirror: MirrorServer, tmp_path_factory: pytest.TempPathFactory
) -> DataDir:
    """Two crawls of the bundled mirror into one data directory."""
    data_dir = DataDir.at(tmp_path_factory.mktemp("warc-record") / "data")
    for _ in range(2):
        summary = crawl(data_dir, CrawlOptions(mirror=bundled_mirror.url, quiet=True))
        assert summary.status in ("ok", "warning"), summary
    return data_dir


@pytest.fixture(scope="module")
def exported(twice_crawled: DataDir, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("warc-out") / "rcc.warc.gz"
    write_warc(twice_crawled, out)
    return out


def records(path: Path) -> Iterator:
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            record.payload = record.content_stream().read()
            yield record


def fetch_rows(data_dir: DataDir, where: str) -> list[dict]:
    return list(data_dir.open_db().query(f"select * from fetches where {where} order by id"))


def test_the_crawler_keeps_each_exchange_as_served(twice_crawled: DataDir) -> None:
    rows = fetch_rows(twice_crawled, "http_status = 200 and kind = 'document'")
    assert rows
    for row in rows:
        served = json.loads(row["response_headers"])
        names = [name.lower() for name, _ in served]
        assert row["status_line"] == "HTTP/1.1 200 OK"
        # What the mirror server sends, and nothing the catalogue made up.
        assert {"server", "date", "etag", "last-modified", "content-type"} <= set(names)
        assert dict((n.lower(), v) for n, v in served)["etag"] == row["etag"]
        sent = dict((n.lower(), v) for n, v in json.loads(row["request_headers"]))
        assert sent["user-agent"].startswith("rcc-archive/")
    second = fetch_rows(twice_crawled, "http_status = 304")
    assert second and all(row["status_line"] == "HTTP/1.1 304 Not Modified" for row in second)
    # The conditional request is on record too: it asked with the validator it held.
    for row in second:
        sent = dict((n.lower(), v) for n, v in json.loads(row["request_headers"]))
        assert sent["if-none-match"] == row["etag"]


def test_responses_carry_the_served_headers_verbatim(
    twice_crawled: DataDir, exported: Path
) -> None:
    # One URL may be fetched twice within a second (robots.txt, once per spider), so a
    # record is matched to one of the rows with its URL and date, each row used once.
    by_key: dict[tuple[str, str], list[dict]] = {}
    for row in fetch_rows(twice_crawled, "http_status = 200 and sha256 is not null"):
        by_key.setdefault((row["url"], row["fetched_at"]), []).append(row)
    responses = [r for r in records(exported) if r.rec_type == "response"]
    assert len(responses) > 50
    for record in responses:
        key = (
            record.rec_headers.get_header("WARC-Target-URI"),
            record.rec_headers.get_header("WARC-Date"),
        )
        status_line = record.http_headers.protocol + " " + record.http_headers.statusline
        matching = [
            row
            for row in by_key[key]
            if row["status_line"] == status_line
            # same names, values and order
            and record.http_headers.headers
            == [tuple(pair) for pair in json.loads(row["response_headers"])]
        ]
        assert matching, (key, record.http_headers.headers)
        by_key[key].remove(matching[0])
        assert len(record.payload) == int(record.http_headers.get_header("Content-Length"))


def test_every_response_and_revisit_has_its_request(exported: Path) -> None:
    all_records = list(records(exported))
    answers = {
        r.rec_headers.get_header("WARC-Record-ID"): r
        for r in all_records
        if r.rec_type in ("response", "revisit")
    }
    requests = [r for r in all_records if r.rec_type == "request"]
    assert len(requests) == len(answers)
    linked = set()
    for request in requests:
        answer = answers[request.rec_headers.get_header("WARC-Concurrent-To")]
        url = request.rec_headers.get_header("WARC-Target-URI")
        assert answer.rec_headers.get_header("WARC-Target-URI") == url
        assert request.http_headers.protocol == "GET"
        assert request.http_headers.get_header("Host") == url.split("/")[2]
        linked.add(answer.rec_headers.get_header("WARC-Record-ID"))
    assert linked == set(answers)


def test_a_304_is_a_server_not_modified_revisit_of_the_copy_it_confirms(exported: Path) -> None:
    all_records = list(records(exported))
    responses = {
        r.rec_headers.get_header("WARC-Record-ID"): r
        for r in all_records
        if r.rec_type == "response"
    }
    not_modified = [
        r
        for r in all_records
        if r.rec_type == "revisit"
        and r.rec_headers.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
    ]
    assert not_modified
    for revisit in not_modified:
        assert revisit.http_headers.statusline == "304 Not Modified"
        assert revisit.payload == b""
        original = responses[revisit.rec_headers.get_header("WARC-Refers-To")]
        url = revisit.rec_headers.get_header("WARC-Target-URI")
        assert original.rec_headers.get_header("WARC-Target-URI") == url
        assert revisit.rec_headers.get_header(
            "WARC-Refers-To-Date"
        ) == original.rec_headers.get_header("WARC-Date")
        assert revisit.http_headers.get_header("Etag") == original.http_headers.get_header("Etag")


def test_two_independent_readers_accept_the_file(exported: Path, tmp_path: Path) -> None:
    warcio = subprocess.run(
        [str(BIN / "warcio"), "check", str(exported)], capture_output=True, text=True, timeout=120
    )
    fastwarc = subprocess.run(
        [str(BIN / "fastwarc"), "check", "-q", str(exported)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = tmp_path / "payloads.txt"
    payloads = subprocess.run(
        [str(BIN / "fastwarc"), "check", "-q", "-p", "-o", str(report), str(exported)],
        capture_output=True,
        timeout=120,
    )

    assert warcio.returncode == 0, warcio.stdout + warcio.stderr
    assert fastwarc.returncode == 0, fastwarc.stdout + fastwarc.stderr
    # FastWARC checks a revisit's payload digest against its empty body, though the digest
    # names the payload it refers to; every other record's payload digest must pass.
    revisit_ids = {
        r.rec_headers.get_header("WARC-Record-ID")
        for r in records(exported)
        if r.rec_type == "revisit"
    }
    failed = {
        line.split(">:")[0] + ">" for line in report.read_text().splitlines() if "FAIL" in line
    }
    assert payloads.returncode != 0 and failed and failed <= revisit_ids
    assert report.read_text().count("PAYLOAD_OK") >= 100


def test_fastwarc_catches_a_damaged_block(exported: Path, tmp_path: Path) -> None:
    """Control: the FastWARC check above can fail."""
    import gzip

    raw = gzip.decompress(exported.read_bytes())
    marker = raw.index(b"%PDF")
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(raw[:marker] + b"%PDX" + raw[marker + 4 :])
    result = subprocess.run(
        [str(BIN / "fastwarc"), "check", "-q", str(damaged)], capture_output=True, timeout=120
    )
    assert result.returncode != 0


def test_pywb_replays_every_archived_file_byte_for_byte(exported: Path, tmp_path: Path) -> None:
    responses = [r for r in records(exported) if r.rec_type == "response"]
    with PywbServer(tmp_path / "pywb", [exported]) as server:
        for record in responses:
            url = record.rec_headers.get_header("WARC-Target-URI")
            stamp = "".join(c for c in record.rec_headers.get_header("WARC-Date") if c.isdigit())
            status, _, body = server.get(f"/web/{stamp}id_/{url}")
            assert (status, body) == (200, record.payload), url


def test_a_body_the_server_compressed_is_exported_decoded_and_says_so() -> None:
    row = {
        "url": "https://cancercentrum.se/norr/",
        "http_status": 200,
        "status_line": "HTTP/1.1 200 OK",
        "response_headers": json.dumps(
            [
                ["Content-Type", "text/html; charset=utf-8"],
                ["Content-Encoding", "gzip"],
                ["Content-Length", "812"],
                ["Vary", "Accept-Encoding"],
            ]
        ),
    }

    head = response_head(row, 2400)

    assert head.headers == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("X-Archive-Orig-Content-Encoding", "gzip"),
        ("X-Archive-Orig-Content-Length", "812"),
        ("Vary", "Accept-Encoding"),
        ("Content-Length", "2400"),
    ]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_the_file_gets_the_users_umask(
    twice_crawled: DataDir, tmp_path: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        out = tmp_path / "rcc.warc.gz"
        write_warc(twice_crawled, out, run_id=1)
    finally:
        os.umask(previous)
    assert out.stat().st_mode & 0o777 == mode
