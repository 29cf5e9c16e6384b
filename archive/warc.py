"""Export the archived HTTP responses as one gzipped WARC 1.1 file for web archives.

Reads ``crawl_runs``, ``fetches`` and the blob store; writes the WARC file (to a temporary
name beside it, renamed into place when complete). Each fetch with a stored body becomes a
``response`` record under its real URL and time, with a status line and headers rebuilt
from the row; the same bytes at the same URL again become a ``revisit`` record
(identical-payload-digest) pointing at the first, so repeated crawls add little.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import sqlite_utils
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from archive.blobs import BlobStore
from archive.clock import utcnow_iso
from archive.datadir import DataDir

WARC_VERSION = "1.1"
_CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
_CHUNK = 1 << 20


@dataclass
class WarcExport:
    """What an export wrote and what it left out, and why."""

    responses: int = 0
    revisits: int = 0
    payload_bytes: int = 0
    skipped_no_body: int = 0  # 304s, errors, redirects, refusals, bodies not kept
    missing_blobs: int = 0
    corrupted_blobs: int = 0

    @property
    def skipped(self) -> int:
        return self.skipped_no_body + self.missing_blobs + self.corrupted_blobs


@dataclass(frozen=True)
class _Payload:
    sha256: str
    size: int
    payload_digest: str
    block_digest: str


def _software() -> str:
    try:
        ours = version("rcc-archive")
    except PackageNotFoundError:
        ours = "unknown"
    return f"rcc-archive/{ours} (warcio/{version('warcio')})"


def _clean(value: str) -> str:
    # A header value with a line break would forge headers in the record.
    return " ".join(value.split())


def http_headers_for(row: dict[str, object], size: int) -> StatusAndHeaders:
    """Rebuild the response's status line and headers from a ``fetches`` row."""
    status = int(row["http_status"])  # type: ignore[call-overload]
    headers: list[tuple[str, str]] = []
    for name, column in (
        ("Content-Type", "content_type"),
        ("ETag", "etag"),
        ("Last-Modified", "last_modified"),
    ):
        value = row.get(column)
        if value:
            headers.append((name, _clean(str(value))))
    headers.append(("Content-Length", str(size)))
    return StatusAndHeaders(f"{status} {HTTPStatus(status).phrase}", headers, protocol="HTTP/1.1")


def read_payload_digests(path: Path, headers_buff: bytes) -> _Payload:
    """Hash a blob once: its sha256 (fixity), and the WARC payload and block digests."""
    fixity = hashlib.sha256()
    payload = Digester("sha1")
    block = Digester("sha1")
    block.update(headers_buff)
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            fixity.update(chunk)
            payload.update(chunk)
            block.update(chunk)
            size += len(chunk)
    return _Payload(fixity.hexdigest(), size, str(payload), str(block))


def describe_runs(db: sqlite_utils.Database, run_id: int | None) -> str:
    """Say in one line which crawl runs an export holds, and whether any came from a mirror."""
    where, params = ("where id = ?", [run_id]) if run_id is not None else ("", [])
    first, last, count, mirrors = db.execute(
        f"select min(started_at), max(started_at), count(*), "
        f"group_concat(distinct mirror) from crawl_runs {where}",
        params,
    ).fetchone()
    text = (
        "Archive of Sweden's regional cancer plans (the six Regional Cancer Centres, RCC, "
        "and Socialstyrelsen): every response body kept by rcc-archive"
    )
    if run_id is not None:
        text += f", crawl run {run_id} started {first}"
    elif count:
        text += f", {count} crawl runs from {first} to {last}"
    if mirrors:
        text += (
            f". Some runs read a local mirror ({mirrors}): their records carry the real URL "
            "but the mirror's bytes"
        )
    return text + "."


def _fetch_rows(db: sqlite_utils.Database, run_id: int | None) -> list[dict[str, object]]:
    where, params = ("where run_id = ?", [run_id]) if run_id is not None else ("", [])
    cursor = db.execute(
        "select id, run_id, url, fetched_at, http_status, content_type, sha256, etag, "
        f"last_modified from fetches {where} order by id",
        params,
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


class _Writer:
    """One WARC being written: the warcio writer and the first response per (url, body)."""

    def __init__(self, writer: WARCWriter, blobs: BlobStore, warcinfo_id: str) -> None:
        self.writer = writer
        self.blobs = blobs
        self.warcinfo_id = warcinfo_id
        self.first: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.counts = WarcExport()

    def write_fetch(self, row: dict[str, object]) -> None:
        sha = row["sha256"]
        if row["http_status"] != 200 or not sha:
            self.counts.skipped_no_body += 1
            return
        url, date = str(row["url"]), str(row["fetched_at"] or utcnow_iso())
        try:
            path = self.blobs.path(str(sha))
        except ValueError:  # not a hash: nothing can be stored under it
            self.counts.missing_blobs += 1
            return
        if not path.is_file():
            self.counts.missing_blobs += 1
            return
        http_headers = http_headers_for(row, path.stat().st_size)
        http_headers.compute_headers_buffer()
        seen = self.first.get((url, str(sha)))
        if seen is not None:
            self._write_revisit(url, date, http_headers, seen)
            return
        payload = read_payload_digests(path, http_headers.headers_buff)
        if payload.sha256 != sha:
            # Never publish bytes that are not what was served; verify reports the blob.
            self.counts.corrupted_blobs += 1
            return
        record_id = StatusAndHeadersParser.make_warc_id()
        with open(path, "rb") as body:
            record = self.writer.create_warc_record(
                url,
                "response",
                payload=body,
                length=payload.size,
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Record-ID": record_id,
                    "WARC-Date": date,
                    "WARC-Warcinfo-ID": self.warcinfo_id,
                    # Given, so warcio need not read the body twice more to compute them.
                    "WARC-Payload-Digest": payload.payload_digest,
                    "WARC-Block-Digest": payload.block_digest,
                },
            )
            self.writer.write_record(record)
        self.first[(url, str(sha))] = (record_id, date, payload.payload_digest)
        self.counts.responses += 1
        self.counts.payload_bytes += payload.size

    def _write_revisit(
        self,
        url: str,
        date: str,
        http_headers: StatusAndHeaders,
        seen: tuple[str, str, str],
    ) -> None:
        record_id, first_date, digest = seen
        record = self.writer.create_revisit_record(
            url,
            digest,
            url,
            first_date,
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Refers-To": record_id,
                "WARC-Warcinfo-ID": self.warcinfo_id,
            },
        )
        self.writer.write_record(record)
        self.counts.revisits += 1


def write_warc(data_dir: DataDir, out_path: Path, *, run_id: int | None = None) -> WarcExport:
    """Write the archived responses (all runs, or one) to a gzipped WARC; return the counts."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    db = data_dir.open_db()
    try:
        rows = _fetch_rows(db, run_id)
        description = describe_runs(db, run_id)
    finally:
        db.close()
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.tmp-", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            writer = WARCWriter(handle, gzip=True, warc_version=WARC_VERSION)
            warcinfo = writer.create_warcinfo_record(
                out_path.name,
                {
                    "software": _software(),
                    "format": f"WARC File Format {WARC_VERSION}",
                    "conformsTo": _CONFORMS_TO,
                    "description": description,
                    "robots": "obey",
                },
            )
            writer.write_record(warcinfo)
            state = _Writer(
                writer, data_dir.blobs(), warcinfo.rec_headers.get_header("WARC-Record-ID")
            )
            for row in rows:
                state.write_fetch(row)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return state.counts


def export_warc(data_dir: DataDir, out_path: Path, *, run_id: int | None = None) -> int:
    """Write the archived responses to a gzipped WARC; return how many response records."""
    return write_warc(data_dir, out_path, run_id=run_id).responses
