"""Export the archived HTTP exchanges as one gzipped WARC 1.1 file for web archives.

Reads ``crawl_runs``, ``fetches`` and the blob store; writes the WARC file (to a temporary
name beside it, renamed into place when complete, with the permissions the user's umask
gives). Each fetch with a stored body becomes a ``response`` record under its real URL and
time, with the status line and headers as served (``archive.warc_headers``), followed by
the ``request`` record that asked for it (``WARC-Concurrent-To`` links the two). The same
bytes at the same URL again become a ``revisit`` record (identical-payload-digest) pointing
at the first; a 304 becomes a ``revisit`` (server-not-modified) pointing at the last
response of its URL. Captures recovered from the Wayback Machine are not exported: their
record is the Internet Archive's own WARC.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import sqlite_utils
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from rcc_archive.archive.blobs import BlobStore
from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.warc_headers import request_head, response_head

WARC_VERSION = "1.1"
_CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
_CHUNK = 1 << 20
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass
class WarcExport:
    """What an export wrote and what it left out, and why."""

    responses: int = 0
    revisits: int = 0  # the same bytes at the same URL again
    not_modified: int = 0  # 304s, as server-not-modified revisits
    requests: int = 0  # request records, for exchanges whose request headers were kept
    payload_bytes: int = 0
    skipped_no_body: int = 0  # errors, redirects, refusals, bodies not kept
    skipped_wayback: int = 0  # CDX queries and captures read from the Wayback Machine
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
        "select id, run_id, url, kind, fetched_at, http_status, content_type, sha256, etag, "
        "last_modified, status_line, response_headers, request_headers "
        f"from fetches {where} order by id",
        params,
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


class _Writer:
    """One WARC being written: the warcio writer and the responses already in it."""

    def __init__(self, writer: WARCWriter, blobs: BlobStore, warcinfo_id: str) -> None:
        self.writer = writer
        self.blobs = blobs
        self.warcinfo_id = warcinfo_id
        # (url, sha256) -> first response record; url -> last response record.
        self.first: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.last: dict[str, tuple[str, str, str]] = {}
        self.counts = WarcExport()

    def write_fetch(self, row: dict[str, object]) -> None:
        if str(row.get("kind") or "").startswith("wayback"):
            self.counts.skipped_wayback += 1
            return
        if row["http_status"] == 304:
            self._write_not_modified(row)
            return
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
        http_headers = response_head(row, path.stat().st_size)
        http_headers.compute_headers_buffer()
        seen = self.first.get((url, str(sha)))
        if seen is not None:
            self._write_revisit(row, url, date, http_headers, seen)
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
        self._write_request(row, url, date, record_id)
        self.first[(url, str(sha))] = (record_id, date, payload.payload_digest)
        self.last[url] = (record_id, date, payload.payload_digest)
        self.counts.responses += 1
        self.counts.payload_bytes += payload.size

    def _write_revisit(
        self,
        row: dict[str, object],
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
        self._write_request(row, url, date, record.rec_headers.get_header("WARC-Record-ID"))
        self.last[url] = seen
        self.counts.revisits += 1

    def _write_not_modified(self, row: dict[str, object]) -> None:
        """A 304: the server said the copy we hold is current; no body was sent."""
        url, date = str(row["url"]), str(row["fetched_at"] or utcnow_iso())
        warc_headers = {
            "WARC-Date": date,
            "WARC-Warcinfo-ID": self.warcinfo_id,
            "WARC-Profile": SERVER_NOT_MODIFIED,
        }
        earlier = self.last.get(url)
        if earlier is not None:
            # The copy the 304 confirms: the last response of this URL in this file.
            warc_headers.update(
                {
                    "WARC-Refers-To": earlier[0],
                    "WARC-Refers-To-Target-URI": url,
                    "WARC-Refers-To-Date": earlier[1],
                    "WARC-Payload-Digest": earlier[2],
                }
            )
        record = self.writer.create_warc_record(
            url, "revisit", http_headers=response_head(row, None), warc_headers_dict=warc_headers
        )
        self.writer.write_record(record)
        self._write_request(row, url, date, record.rec_headers.get_header("WARC-Record-ID"))
        self.counts.not_modified += 1

    def _write_request(self, row: dict[str, object], url: str, date: str, concurrent: str) -> None:
        head = request_head(row)
        if head is None:  # rows from before request headers were kept
            return
        record = self.writer.create_warc_record(
            url,
            "request",
            http_headers=head,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": concurrent,
                "WARC-Warcinfo-ID": self.warcinfo_id,
            },
        )
        self.writer.write_record(record)
        self.counts.requests += 1


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_warc(data_dir: DataDir, out_path: Path, *, run_id: int | None = None) -> WarcExport:
    """Write the archived exchanges (all runs, or one) to a gzipped WARC; return the counts."""
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
        # mkstemp makes the file private; the export is the user's, so their umask decides.
        os.fchmod(fd, 0o666 & ~_umask())
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
