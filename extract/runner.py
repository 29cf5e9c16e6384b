"""Extraction over the whole archive: files in worker processes, each result saved as it comes.

Reads ``files`` and the blobs; writes ``files``, ``pdf_pages`` and ``pdf_tables`` (through
``extract.store``), then lets ``extract.classify`` fill in the documents. Workers run
under a wall-clock limit per file and a memory limit, so one hostile file cannot hang
or kill the batch; the parent process is the only database writer, and saves each file
in its own transaction as soon as it is done, so a killed run loses only the files in
flight.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from pebble import ProcessExpired, ProcessPool

from archive.clock import utcnow_iso
from archive.datadir import DataDir
from extract import EXTRACTOR_VERSION
from extract.classify import classify_documents
from extract.result import BROKEN, TIMEOUT, TOO_LARGE, FileResult
from extract.store import PendingFile, save_file_result, select_files
from extract.worker import extract_in_worker, init_worker, ping_worker

logger = logging.getLogger("rcc_archive.extract")

# A fresh worker now and then returns memory that a large file left fragmented.
MAX_TASKS_PER_WORKER = 100
# Starting a worker imports pdfplumber in a fresh interpreter: a second, or many on a
# machine that is very busy.
POOL_START_TIMEOUT_S = 60


class WorkerPoolError(RuntimeError):
    """Worker processes cannot run at all: the pool, not a file, is at fault."""


@dataclass(frozen=True)
class ExtractProgress:
    """How far a run has come, reported after every file."""

    done: int
    total: int
    pages: int
    seconds: float
    sha256: str
    status: str

    @property
    def files_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


@dataclass
class ExtractSummary:
    """What one extraction run did."""

    done: int = 0
    skipped: int = 0
    pages: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    classified: int | None = None

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        counts = ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()))
        return (
            f"{self.done} files extracted ({counts or 'none'}), {self.skipped} skipped, "
            f"{self.pages} pages in {self.seconds:.1f} s ({self.pages_per_second:.1f} pages/s)"
        )


def extract_archive(
    data_dir: DataDir,
    *,
    workers: int | None = None,
    force: bool = False,
    retry_failed: bool = False,
    timeout_s: float = 120,
    memory_mb: int = 1024,
    max_pages: int = 3000,
    max_bytes: int = 300_000_000,
    progress: Callable[[ExtractProgress], None] | None = None,
) -> ExtractSummary:
    """Extract every file that is due, in parallel worker processes, and classify documents.

    Workers are fresh interpreters (spawned), so a script calling this must keep its
    main code under ``if __name__ == "__main__":``. Raises ``WorkerPoolError`` when the
    workers cannot run at all.
    """
    started = time.monotonic()
    db = data_dir.open_db()
    try:
        pending, skipped = select_files(
            db, version=EXTRACTOR_VERSION, force=force, retry_failed=retry_failed
        )
        summary = ExtractSummary(skipped=skipped)
        counts: Counter[str] = Counter()

        def record(sha256: str, result: FileResult) -> None:
            save_file_result(
                db, sha256, result, version=EXTRACTOR_VERSION, extracted_at=utcnow_iso()
            )
            counts[result.status] += 1
            summary.done += 1
            summary.pages += len(result.pages)
            if progress is not None:
                progress(
                    ExtractProgress(
                        done=summary.done,
                        total=len(pending),
                        pages=summary.pages,
                        seconds=time.monotonic() - started,
                        sha256=sha256,
                        status=result.status,
                    )
                )

        jobs = _jobs_for_workers(data_dir, pending, max_bytes, record)
        if jobs:
            _run_pool(
                jobs,
                record,
                workers=workers or os.cpu_count() or 1,
                timeout_s=timeout_s,
                memory_mb=memory_mb,
                max_pages=max_pages,
            )
        summary.classified = _classify(db)
        summary.statuses = dict(counts)
        summary.seconds = time.monotonic() - started
        logger.info("extract: %s", summary)
        return summary
    finally:
        db.close()


def _jobs_for_workers(
    data_dir: DataDir,
    pending: list[PendingFile],
    max_bytes: int,
    record: Callable[[str, FileResult], None],
) -> list[tuple[str, Path]]:
    """Settle files that need no worker (missing or too large); return the rest, largest first."""
    blobs = data_dir.blobs()
    jobs: list[tuple[int, str, Path]] = []
    for item in pending:
        path = blobs.path(item.sha256)
        if not path.is_file():
            record(
                item.sha256,
                FileResult(status=BROKEN, reason=f"blob missing from the store: {path}"),
            )
            continue
        size = path.stat().st_size
        if size > max_bytes:
            record(
                item.sha256,
                FileResult(status=TOO_LARGE, reason=f"{size} bytes, over the limit of {max_bytes}"),
            )
            continue
        jobs.append((size, item.sha256, path))
    # Largest first: the long files start early instead of finishing last alone.
    jobs.sort(key=lambda job: job[0], reverse=True)
    return [(sha256, path) for _, sha256, path in jobs]


def _run_pool(
    jobs: list[tuple[str, Path]],
    record: Callable[[str, FileResult], None],
    *,
    workers: int,
    timeout_s: float,
    memory_mb: int,
    max_pages: int,
) -> None:
    """Run the jobs in worker processes and record each result as it arrives."""
    pool = ProcessPool(
        max_workers=max(1, min(workers, len(jobs))),
        max_tasks=MAX_TASKS_PER_WORKER,
        initializer=init_worker,
        initargs=(memory_mb,),
        # A fresh interpreter per worker: nothing of the parent (its database
        # connection, its threads) is inherited across a fork.
        context=multiprocessing.get_context("spawn"),
    )
    try:
        _check_pool(pool)
        futures: dict[Future[FileResult], str] = {
            pool.schedule(
                extract_in_worker, args=(str(path), max_pages, memory_mb), timeout=timeout_s
            ): sha256
            for sha256, path in jobs
        }
        for future in as_completed(futures):
            if isinstance(future.exception(), BrokenProcessPool):
                raise WorkerPoolError(f"the worker pool broke: {future.exception()}")
            record(futures[future], _outcome(future, timeout_s, memory_mb))
    except BaseException:
        pool.stop()
        pool.join()
        raise
    pool.close()
    pool.join()


def _check_pool(pool: ProcessPool) -> None:
    """Run a no-op in a worker first, so a pool that cannot work fails the run, not the files."""
    try:
        pool.schedule(ping_worker).result(timeout=POOL_START_TIMEOUT_S)
    except (ProcessExpired, BrokenProcessPool, TimeoutError) as exc:
        # Without this, every file would be recorded as broken by a worker that died
        # for reasons of its own: a calling script whose main module lacks the
        # ``if __name__ == "__main__":`` guard that spawned workers need, or a
        # memory limit below what an interpreter needs to start.
        raise WorkerPoolError(
            f"extraction workers cannot start ({type(exc).__name__}: {exc}); is the calling "
            "script's main code under `if __name__ == '__main__':`, and is the memory limit "
            "large enough?"
        ) from exc


def _outcome(future: Future[FileResult], timeout_s: float, memory_mb: int) -> FileResult:
    """Turn a finished future into a result, whatever happened to its worker."""
    try:
        return future.result()
    except TimeoutError:
        return FileResult(
            status=TIMEOUT,
            reason=f"no result within {timeout_s:g} s; the worker was stopped",
            seconds=timeout_s,
        )
    except ProcessExpired as exc:
        reason = (
            f"worker died ({_exit_description(exc.exitcode)}) while extracting; "
            f"a parser crash or the memory limit of {memory_mb} MB"
        )
        return FileResult(status=BROKEN, reason=reason)
    except MemoryError:
        return FileResult(status=BROKEN, reason=f"memory limit of {memory_mb} MB reached")
    except Exception as exc:
        reason = f"worker error: {type(exc).__name__}: {exc}"[:300]
        return FileResult(status=BROKEN, reason=reason)


def _exit_description(exitcode: int | None) -> str:
    """Describe how a worker process ended: the signal or the exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"signal {-exitcode} {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _classify(db: sqlite_utils.Database) -> int:
    """Fill in documents' type and period from the freshly extracted text."""
    return classify_documents(db)
