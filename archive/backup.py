"""Backups of the catalogue, and the way back when ``archive.db`` is damaged.

Reads ``<data dir>/archive.db`` (through SQLite's online backup, so a consistent copy is
taken even while readers are open) and ``<data dir>/backups/``; writes
``backups/archive-<time>-<label>.db`` (the last few kept) and, on restore, a new
``archive.db``. The damaged catalogue is never deleted: restore moves it to
``backups/damaged-<time>.db`` first. Blobs are not copied: they are immutable and named by
their hash, so the catalogue is all a backup needs.

A copy costs in proportion to the catalogue (about 3 s for 100,000 pages), so
``unchanged_backup`` finds a recent backup whose content is the catalogue's: the same
documents, versions, links, pages, files, search index state and diffs, the run
records and "seen" dates aside (``content_fingerprint``). An update that changed
nothing then keeps that backup instead of copying again.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rcc_archive.archive.datadir import DataDir

KEEP = 3
# A backup this old is taken again even when nothing changed, so a restore never loses
# more than this much of the run records (crawl_runs, fetches, "last seen" dates).
UNCHANGED_MAX_AGE = timedelta(days=7)
# What the archive holds, per table, apart from the bookkeeping of when it was last seen.
CONTENT_TABLES = (
    "documents",
    "document_versions",
    "document_urls",
    "document_links",
    "web_pages",
    "web_page_versions",
    "files",
    "regions",
    "wayback_captures",
    "wayback_queries",
    "_publish_state",
    "page_margins",
    "version_diffs",
)
SEEN_COLUMNS = frozenset({"last_seen", "last_run_id"})
_NAME = re.compile(r"^archive-(\d{8}T\d{6}\d{6}Z)(?:-[a-z0-9]+)?\.db$")


class RestoreError(RuntimeError):
    """No sound backup to restore from, or the one named is not a sound catalogue."""


@dataclass(frozen=True)
class Backup:
    """One backup file of the catalogue."""

    path: Path
    taken_at: str
    bytes: int


@dataclass(frozen=True)
class RestoreResult:
    """What ``restore_catalogue`` did."""

    restored_from: Path
    damaged_kept_at: Path | None
    runs: int
    last_run_id: int | None


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_catalogue(data_dir: DataDir, *, label: str = "", keep: int = KEEP) -> Backup:
    """Copy the catalogue consistently into ``backups/`` and keep only the last ``keep``."""
    folder = data_dir.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("archive-*.db.partial"):
        # Left by a backup that was killed; a finished backup is only ever renamed into place.
        stale.unlink(missing_ok=True)
    suffix = f"-{re.sub(r'[^a-z0-9]', '', label.lower())}" if label else ""
    target = folder / f"archive-{_stamp()}{suffix}.db"
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"{data_dir.db_path.as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            # One self-contained file: no -wal beside it to lose when it is copied elsewhere.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _fsync_dir(folder)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    for old in list_backups(data_dir)[keep:]:
        old.path.unlink(missing_ok=True)
    return Backup(path=target, taken_at=_taken_at(target), bytes=target.stat().st_size)


def content_fingerprint(path: Path) -> str:
    """Return a hash of what a catalogue file holds, its run records and "seen" dates aside.

    Pages and tables of extracted text are covered by ``files`` (every extraction sets
    ``extracted_at``), the search index by ``_publish_state``, the diffs by
    ``version_diffs``. Reads every row of the tables in ``CONTENT_TABLES``: thousands per
    thousand documents, not the pages themselves.
    """
    digest = hashlib.blake2b(digest_size=20)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for table in CONTENT_TABLES:
            digest.update(f"\x00{table}:".encode())
            if table not in present:
                continue
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")]
            kept = ", ".join(f"[{name}]" for name in columns if name not in SEEN_COLUMNS)
            digest.update(kept.encode())
            for row in conn.execute(f"SELECT {kept} FROM [{table}] ORDER BY rowid"):
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


def unchanged_backup(
    data_dir: DataDir, *, max_age: timedelta = UNCHANGED_MAX_AGE, now: datetime | None = None
) -> Backup | None:
    """Return the newest backup if it is younger than ``max_age`` and holds what the catalogue holds."""
    backups = list_backups(data_dir)
    if not backups or not data_dir.db_path.exists():
        return None
    newest = backups[0]
    taken = _taken_moment(newest.path)
    if taken is None or (now or datetime.now(UTC)) - taken > max_age:
        return None
    try:
        same = content_fingerprint(newest.path) == content_fingerprint(data_dir.db_path)
    except sqlite3.Error:
        return None  # an unreadable backup is no reason to skip a new one
    return newest if same else None


def _taken_moment(path: Path) -> datetime | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)


def _taken_at(path: Path) -> str:
    moment = _taken_moment(path)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def list_backups(data_dir: DataDir) -> list[Backup]:
    """Return the catalogue's backups, newest first."""
    folder = data_dir.backup_dir
    if not folder.is_dir():
        return []
    found = [
        Backup(path=path, taken_at=_taken_at(path), bytes=path.stat().st_size)
        for path in folder.iterdir()
        if _NAME.match(path.name)
    ]
    # The name begins with the time to the microsecond, so names sort by age.
    return sorted(found, key=lambda backup: backup.path.name, reverse=True)


def check_catalogue(path: Path) -> str | None:
    """Return why ``path`` is not a sound catalogue, or None when it is."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                return f"integrity check: {verdict}"
            conn.execute("SELECT count(*) FROM crawl_runs").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        return str(error)
    return None


def restore_catalogue(data_dir: DataDir, source: Path | None = None) -> RestoreResult:
    """Put the newest sound backup (or ``source``) back as ``archive.db``; keep the old file."""
    candidates = [source] if source is not None else [b.path for b in list_backups(data_dir)]
    if not candidates:
        raise RestoreError(
            f"no backups in {data_dir.backup_dir}: `rcc-archive update` makes one after each "
            "successful run"
        )
    reasons = []
    chosen = None
    for candidate in candidates:
        problem = check_catalogue(candidate) if candidate.is_file() else "no such file"
        if problem is None:
            chosen = candidate
            break
        reasons.append(f"{candidate.name}: {problem}")
    if chosen is None:
        raise RestoreError("no sound backup to restore: " + "; ".join(reasons))

    damaged_kept_at = None
    stamp = _stamp()
    if data_dir.db_path.exists():
        data_dir.backup_dir.mkdir(parents=True, exist_ok=True)
        damaged_kept_at = data_dir.backup_dir / f"damaged-{stamp}.db"
        os.replace(data_dir.db_path, damaged_kept_at)
    for side in ("-wal", "-shm"):
        # The old file's journal belongs to it, never to the restored copy.
        leftover = data_dir.db_path.with_name(data_dir.db_path.name + side)
        if leftover.exists():
            os.replace(leftover, data_dir.backup_dir / f"damaged-{stamp}.db{side}")
    partial = data_dir.db_path.with_name(data_dir.db_path.name + ".restoring")
    source_conn = sqlite3.connect(f"{chosen.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(partial)
        try:
            source_conn.backup(target)
            runs, last_run_id = target.execute(
                "SELECT count(*), max(id) FROM crawl_runs"
            ).fetchone()
        finally:
            target.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, data_dir.db_path)
        _fsync_dir(data_dir.root)
    finally:
        source_conn.close()
        partial.unlink(missing_ok=True)
    return RestoreResult(
        restored_from=chosen, damaged_kept_at=damaged_kept_at, runs=runs, last_run_id=last_run_id
    )
