"""Fixity audit: does every blob the catalogue promises exist, and do its bytes match its name?

Reads the catalogue's references to blobs (``files``, ``documents``, ``document_versions``,
``web_pages``, ``web_page_versions``, ``fetches``) and every file under ``blobs/``; writes
one ``fixity_audits`` row per audit and one ``fixity_problems`` row per problem found.
Blobs are hashed in chunks, several at a time (hashlib releases the GIL), so a large
archive is read once at disk speed and never held in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from rcc_archive.archive.clock import to_iso, utcnow_iso
from rcc_archive.archive.datadir import DataDir

# Column declarations in the shape of archive.schema.TABLES, so they can move there as is.
FIXITY_TABLES: dict[str, dict[str, type]] = {
    "fixity_audits": {
        "id": int,
        "started_at": str,
        "finished_at": str,
        "recorded_by": str,
        "blobs_checked": int,
        "bytes_checked": int,
        "missing": int,
        "corrupted": int,
        "orphans": int,
        "temporaries": int,
        "ok": int,
    },
    "fixity_problems": {
        "audit_id": int,
        "sha256": str,
        "problem": str,
        "detail": str,
    },
}

# Problems, as written to fixity_problems.problem. Only the first two make an audit fail.
MISSING, CORRUPTED, ORPHAN, TEMPORARY, UNEXPECTED = (
    "missing",
    "corrupted",
    "orphan",
    "temporary",
    "unexpected",
)

# Every column that names a blob, with the column that identifies the referring row.
REFERENCES: tuple[tuple[str, str], ...] = (
    ("files", "sha256"),
    ("documents", "id"),
    ("document_versions", "document_id"),
    ("web_pages", "url"),
    ("web_page_versions", "url"),
    ("fetches", "id"),
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_HASH_WORKERS = min(8, os.cpu_count() or 1)


@dataclass(frozen=True)
class MissingBlob:
    """A hash the catalogue refers to with no blob under its name."""

    sha256: str
    refs: dict[str, list[object]]


@dataclass(frozen=True)
class CorruptedBlob:
    """A blob whose bytes no longer hash to its name (or cannot be read)."""

    sha256: str
    actual_sha256: str | None
    bytes: int
    refs: dict[str, list[object]]
    error: str | None = None


@dataclass
class VerifyReport:
    """What one audit found; ``ok`` is False if any blob is missing or corrupted."""

    audit_id: int
    started_at: str
    finished_at: str
    blobs_checked: int = 0
    bytes_checked: int = 0
    referenced: int = 0
    missing: list[MissingBlob] = field(default_factory=list)
    corrupted: list[CorruptedBlob] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    temporaries: list[Path] = field(default_factory=list)
    unexpected: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupted


def ensure_fixity_schema(db: sqlite_utils.Database) -> None:
    """Create the fixity tables, columns and indexes that are not there yet."""
    db.table("fixity_audits").create(FIXITY_TABLES["fixity_audits"], pk="id", if_not_exists=True)
    db.table("fixity_problems").create(
        FIXITY_TABLES["fixity_problems"],
        foreign_keys=[("audit_id", "fixity_audits", "id")],
        if_not_exists=True,
    )
    for name, columns in FIXITY_TABLES.items():
        existing = set(db.table(name).columns_dict)
        for column, col_type in columns.items():
            if column not in existing:
                db.table(name).add_column(column, col_type)
    db.table("fixity_problems").create_index(("audit_id",), if_not_exists=True)
    db.table("fixity_problems").create_index(("sha256",), if_not_exists=True)


def read_blob_digest(path: Path) -> tuple[str, int]:
    """Return the sha256 and size of a file, read in chunks."""
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return digest, handle.tell()


def read_referenced_hashes(db: sqlite_utils.Database) -> set[str]:
    """Return every distinct blob hash any catalogue row refers to."""
    hashes: set[str] = set()
    for table, _ in REFERENCES:
        if db.table(table).exists():
            rows = db.execute(f"select distinct sha256 from [{table}] where sha256 is not null")
            hashes.update(row[0] for row in rows)
    return hashes


def read_refs(db: sqlite_utils.Database, sha256: str) -> dict[str, list[object]]:
    """Return, per table, the keys of the rows that refer to one blob."""
    refs: dict[str, list[object]] = {}
    for table, key in REFERENCES:
        if not db.table(table).exists():
            continue
        keys = [
            row[0]
            for row in db.execute(
                f"select [{key}] from [{table}] where sha256 = ? order by [{key}]", [sha256]
            )
        ]
        if keys:
            refs[table] = keys
    return refs


def _walk_store(root: Path) -> Iterator[tuple[str, Path]]:
    """Yield (kind, path) for every file under the blob root: blob, temporary or unexpected."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        depth = len(here.relative_to(root).parts)
        for name in sorted(files):
            path = here / name
            if name.startswith(".tmp-"):
                yield TEMPORARY, path
            elif (
                depth == 2
                and _SHA256.match(name)
                and here.name == name[2:4]
                and here.parent.name == name[:2]
            ):
                yield "blob", path
            else:
                # Misplaced or foreign: nothing looks a hash up at this path.
                yield UNEXPECTED, path


def _hash_one(path: Path) -> tuple[Path, str | None, int, str | None]:
    try:
        digest, size = read_blob_digest(path)
    except OSError as exc:
        return path, None, 0, f"{exc.__class__.__name__}: {exc}"
    return path, digest, size, None


def verify_archive(data_dir: DataDir, *, recorded_by: str = "verify") -> VerifyReport:
    """Re-hash every blob, compare with the catalogue, and record the audit."""
    started = utcnow_iso()
    db = data_dir.open_db()
    try:
        return _verify(db, data_dir.blob_root, started, recorded_by)
    finally:
        db.close()


@dataclass
class BlobCheck:
    """A blobs-only audit (no catalogue to compare with): is every blob what its name says?"""

    blobs_checked: int = 0
    bytes_checked: int = 0
    corrupted: list[CorruptedBlob] = field(default_factory=list)
    temporaries: list[Path] = field(default_factory=list)
    unexpected: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.corrupted


def check_blobs(root: Path) -> BlobCheck:
    """Re-hash every blob against its own name; for when the catalogue cannot be read.

    Nothing is recorded (the catalogue is where audits go) and missing blobs cannot be
    known without it; corrupted ones can, since a blob's name is its sha256.
    """
    check = BlobCheck()
    paths: list[Path] = []
    if root.is_dir():
        for kind, path in _walk_store(root):
            if kind == "blob":
                paths.append(path)
            elif kind == TEMPORARY:
                check.temporaries.append(path)
            else:
                check.unexpected.append(path)
    with ThreadPoolExecutor(max_workers=_HASH_WORKERS) as pool:
        for path, actual, size, error in pool.map(_hash_one, paths):
            check.blobs_checked += 1
            check.bytes_checked += size
            if actual != path.name:
                check.corrupted.append(
                    CorruptedBlob(
                        sha256=path.name, actual_sha256=actual, bytes=size, refs={}, error=error
                    )
                )
    return check


def _verify(db: sqlite_utils.Database, root: Path, started: str, recorded_by: str) -> VerifyReport:
    ensure_fixity_schema(db)
    # References first, the store second: blobs are written before any row names them,
    # so a crawl running meanwhile can only add orphans here, never false "missing".
    referenced = read_referenced_hashes(db)
    report = VerifyReport(audit_id=0, started_at=started, finished_at=started)
    report.referenced = len(referenced)

    blob_paths: list[Path] = []
    if root.is_dir():
        for kind, path in _walk_store(root):
            if kind == "blob":
                blob_paths.append(path)
            elif kind == TEMPORARY:
                report.temporaries.append(path)
            else:
                report.unexpected.append(path)

    stored: set[str] = set()
    with ThreadPoolExecutor(max_workers=_HASH_WORKERS) as pool:
        for path, actual, size, error in pool.map(_hash_one, blob_paths):
            name = path.name
            stored.add(name)
            report.blobs_checked += 1
            report.bytes_checked += size
            if actual != name:
                report.corrupted.append(
                    CorruptedBlob(
                        sha256=name,
                        actual_sha256=actual,
                        bytes=size,
                        refs=read_refs(db, name) if name in referenced else {},
                        error=error,
                    )
                )
            elif name not in referenced:
                report.orphans.append(name)

    for sha in sorted(referenced - stored):
        report.missing.append(MissingBlob(sha256=sha, refs=read_refs(db, sha)))

    report.finished_at = utcnow_iso()
    report.audit_id = _save_audit(db, report, recorded_by, root)
    return report


def _file_facts(path: Path, root: Path) -> dict[str, object]:
    facts: dict[str, object] = {"path": str(path.relative_to(root))}
    try:
        stat = path.stat()
    except OSError:
        return facts
    # The age tells a leftover of a killed writer from one a running crawl is writing.
    facts["bytes"] = stat.st_size
    facts["modified"] = to_iso(datetime.fromtimestamp(stat.st_mtime, UTC))
    return facts


def _problem_rows(report: VerifyReport, blob_root: Path) -> Iterator[dict[str, object]]:
    for item in report.missing:
        yield {"sha256": item.sha256, "problem": MISSING, "detail": {"refs": item.refs}}
    for bad in report.corrupted:
        yield {
            "sha256": bad.sha256,
            "problem": CORRUPTED,
            "detail": {
                "actual_sha256": bad.actual_sha256,
                "bytes": bad.bytes,
                "error": bad.error,
                "refs": bad.refs,
            },
        }
    for sha in report.orphans:
        yield {"sha256": sha, "problem": ORPHAN, "detail": None}
    for problem, paths in ((TEMPORARY, report.temporaries), (UNEXPECTED, report.unexpected)):
        for path in paths:
            yield {"sha256": None, "problem": problem, "detail": _file_facts(path, blob_root)}


def _save_audit(
    db: sqlite_utils.Database, report: VerifyReport, recorded_by: str, blob_root: Path
) -> int:
    with db.conn:
        audits = db.table("fixity_audits")
        audits.insert(
            {
                "started_at": report.started_at,
                "finished_at": report.finished_at,
                "recorded_by": recorded_by,
                "blobs_checked": report.blobs_checked,
                "bytes_checked": report.bytes_checked,
                "missing": len(report.missing),
                "corrupted": len(report.corrupted),
                "orphans": len(report.orphans),
                "temporaries": len(report.temporaries),
                "ok": int(report.ok),
            }
        )
        assert audits.last_pk is not None  # set by the insert just above
        audit_id = int(audits.last_pk)
        db.table("fixity_problems").insert_all(
            (
                {
                    "audit_id": audit_id,
                    "sha256": row["sha256"],
                    "problem": row["problem"],
                    "detail": None
                    if row["detail"] is None
                    else json.dumps(row["detail"], ensure_ascii=False),
                }
                for row in _problem_rows(report, blob_root)
            ),
            batch_size=500,
        )
    return audit_id
