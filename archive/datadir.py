"""The data directory: where the catalogue, the blobs, the lock, the backups and the logs live.

Reads and writes ``<data dir>/archive.db``, ``blobs/``, ``run.lock``, ``backups/`` and
``logs/``. Commands that write take the lock; commands that only read find an existing
archive (``DataDir.existing``) and never create one, so a mistyped path is an error, not
an empty archive that passes every check.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import sqlite_utils

from rcc_archive.archive.blobs import BlobStore
from rcc_archive.archive.schema import open_db

DB_NAME = "archive.db"

# SQLite's primary result codes for a file that is not (or no longer) a sound database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_FULL = 13


class LockedError(RuntimeError):
    """Another run holds the data directory."""


class NoArchiveError(FileNotFoundError):
    """The folder given as the data directory holds no archive."""


class CatalogueDamaged(RuntimeError):
    """``archive.db`` cannot be read as a database; the message names the way back."""

    def __init__(self, db_path: Path, reason: str) -> None:
        self.db_path = db_path
        self.reason = reason
        super().__init__(
            f"the catalogue {db_path} is damaged ({reason}); restore the last backup with "
            f"`rcc-archive restore --data-dir {db_path.parent}` "
            "(`rcc-archive verify` still checks the blobs)"
        )


def is_damage(error: BaseException) -> bool:
    """Tell whether an SQLite error means the file is corrupt or not a database at all."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def is_disk_full(error: BaseException | None) -> bool:
    """Tell whether a write failed because the disk (or the quota) is full."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF == _SQLITE_FULL
        return "disk is full" in str(error)
    return False


@dataclass(frozen=True)
class DataDir:
    """Paths inside one data directory."""

    root: Path

    @classmethod
    def at(cls, path: str | os.PathLike[str]) -> DataDir:
        """The data directory at ``path``, created if missing (for commands that fill it)."""
        root = Path(path).expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        return cls(root)

    @classmethod
    def existing(cls, path: str | os.PathLike[str], *, catalogue: bool = True) -> DataDir:
        """The data directory at ``path``; raise ``NoArchiveError`` unless it holds an archive.

        With ``catalogue=False`` the folder only has to exist (for ``restore`` and a
        blobs-only ``verify``, which work when ``archive.db`` is gone or damaged).
        """
        root = Path(path).expanduser().resolve()
        if not root.is_dir():
            raise NoArchiveError(
                f"no archive at {root}: the folder does not exist (check --data-dir or "
                "RCC_ARCHIVE_DATA; `rcc-archive update` or `crawl` creates an archive)"
            )
        data_dir = cls(root)
        if catalogue and not data_dir.db_path.is_file():
            raise NoArchiveError(
                f"no archive at {root}: it has no {DB_NAME} (check --data-dir or "
                "RCC_ARCHIVE_DATA; `rcc-archive update` or `crawl` creates an archive)"
            )
        return data_dir

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def blob_root(self) -> Path:
        return self.root / "blobs"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"

    def open_db(self) -> sqlite_utils.Database:
        """Open (and shape) the catalogue; a damaged file raises ``CatalogueDamaged``."""
        if self.db_path.is_file() and self.db_path.stat().st_size == 0 and self._has_blobs():
            # SQLite takes an empty file for a new database: that would hide a lost catalogue.
            raise CatalogueDamaged(self.db_path, "the file is empty but the archive has blobs")
        try:
            return open_db(str(self.db_path))
        except sqlite3.DatabaseError as error:
            if is_damage(error):
                raise CatalogueDamaged(self.db_path, str(error)) from error
            raise

    def _has_blobs(self) -> bool:
        return self.blob_root.is_dir() and any(self.blob_root.iterdir())

    def blobs(self) -> BlobStore:
        """Open the blob store."""
        return BlobStore(self.blob_root)

    def reserve_space(self) -> SpaceReserve:
        """Set disk space aside (``RCC_DISK_RESERVE_BYTES``, default 8 MiB) for closing a run."""
        size = int(os.environ.get("RCC_DISK_RESERVE_BYTES", str(8 * 1024 * 1024)))
        return SpaceReserve(self.root / ".space-reserve", size)

    def lock(self) -> RunLock:
        """Return the lock that keeps two writing runs from overlapping."""
        return RunLock(self.root / "run.lock")


class SpaceReserve:
    """A file of real blocks whose removal frees room for the writes that close a run."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        try:
            with open(path, "wb") as handle:
                if size > 0:
                    os.posix_fallocate(handle.fileno(), 0, size)
        except OSError:
            # Already too full to reserve: the run goes on and may not be closable.
            path.unlink(missing_ok=True)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


# Locks this process holds, by path, with how many times each is entered: a job that takes
# the lock may call a stage that takes it again (flock would refuse a second descriptor).
_HELD: dict[Path, list[int]] = {}
_HELD_GUARD = threading.Lock()


class RunLock:
    """An exclusive, non-blocking ``flock`` on a file; released when the process dies.

    Re-entrant within one process, so ``update`` and the stages it calls share one lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entered = False

    def acquire(self) -> None:
        with _HELD_GUARD:
            held = _HELD.get(self.path)
            if held is not None:
                held[1] += 1
                self._entered = True
                return
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = ""
                try:
                    holder = os.read(fd, 64).decode("ascii", "replace").strip()
                finally:
                    os.close(fd)
                raise LockedError(
                    f"another run is using {self.path.parent} (pid {holder or 'unknown'}); "
                    "wait for it to finish"
                ) from None
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            _HELD[self.path] = [fd, 1]
            self._entered = True

    def release(self) -> None:
        if not self._entered:
            return
        self._entered = False
        with _HELD_GUARD:
            held = _HELD[self.path]
            held[1] -= 1
            if held[1] == 0:
                del _HELD[self.path]
                fcntl.flock(held[0], fcntl.LOCK_UN)
                os.close(held[0])

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
