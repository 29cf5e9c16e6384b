"""The data directory: where the catalogue, the blobs, the lock and the logs live.

Reads and writes ``<data dir>/archive.db``, ``blobs/``, ``run.lock`` and ``logs/``.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import sqlite_utils

from archive.blobs import BlobStore
from archive.schema import open_db

DB_NAME = "archive.db"


class LockedError(RuntimeError):
    """Another run holds the data directory."""


@dataclass(frozen=True)
class DataDir:
    """Paths inside one data directory."""

    root: Path

    @classmethod
    def at(cls, path: str | os.PathLike[str]) -> DataDir:
        root = Path(path).expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        return cls(root)

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def blob_root(self) -> Path:
        return self.root / "blobs"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    def open_db(self) -> sqlite_utils.Database:
        """Open (and shape) the catalogue."""
        return open_db(str(self.db_path))

    def blobs(self) -> BlobStore:
        """Open the blob store."""
        return BlobStore(self.blob_root)

    def lock(self) -> RunLock:
        """Return the lock that keeps two runs from overlapping."""
        return RunLock(self.root / "run.lock")


class RunLock:
    """An exclusive, non-blocking ``flock`` on a file; released when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
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
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

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
