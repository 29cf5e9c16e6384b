"""Extraction over the whole archive: files in worker processes, each result saved as it comes.

Reads ``files`` and the blobs; writes ``files``, ``pdf_pages`` and ``pdf_tables`` (through
``extract.store``), then lets ``extract.classify_store`` fill in the documents. Workers run
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
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from pebble import ProcessExpired, ProcessPool

from rcc_archive.archive.clock import utcnow_iso
from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract import EXTRACTOR_VERSION
from rcc_archive.extract.classify_store import classify_documents
from rcc_archive.extract.ocr import OcrOptions, ocr_unavailable
from rcc_archive.extract.result import BROKEN, TIMEOUT, TOO_LARGE, FileResult, PdfRange
from rcc_archive.extract.split import (
    SPLIT_ABOVE_PAGES,
    RangeFailure,
    RangeOutcome,
    SplitFile,
    page_ranges,
    unfinished,
)
from rcc_archive.extract.store import PendingFile, save_file_result, select_files
from rcc_archive.extract.worker import (
    extract_in_worker,
    extract_range_in_worker,
    finish_in_worker,
    init_worker,
    ping_worker,
    start_in_worker,
)

logger = logging.getLogger("rcc_archive.extract")

# A fresh worker now and then returns memory that a large file left fragmented.
MAX_TASKS_PER_WORKER = 100
# Starting a worker imports pdfplumber in a fresh interpreter: a second, or many on a
# machine that is very busy.
POOL_START_TIMEOUT_S = 60
# Workers killed from outside (the OOM killer) can break the whole pool; it is started
# again this many times in one run before the run fails.
MAX_POOL_RESTARTS = 3


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

    def __str__(self) -> str:
        # One line a person can follow: how far, how fast, and the file just settled.
        return (
            f"{self.done}/{self.total} files, {self.pages} pages in {self.seconds:.1f} s "
            f"({self.pages_per_second:.1f} pages/s); {self.sha256[:12]}: {self.status}"
        )


@dataclass
class ExtractSummary:
    """What one extraction run did."""

    done: int = 0
    skipped: int = 0
    pages: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    classified: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        counts = ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()))
        return (
            f"{self.done} files extracted ({counts or 'none'}), {self.skipped} skipped, "
            f"{self.pages} pages in {self.seconds:.1f} s ({self.pages_per_second:.1f} pages/s)"
            + "".join(f"; {note}" for note in self.notes)
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
    ocr: bool | None = None,
    progress: Callable[[ExtractProgress], None] | None = None,
) -> ExtractSummary:
    """Extract every file that is due, in parallel worker processes, and classify documents.

    ``ocr``: read pages without a text layer by OCR (Swedish); None turns it on when
    ocrmypdf and Tesseract's Swedish model are installed. When it is on, files with
    pages that no OCR has read yet are due again.

    Workers are fresh interpreters (spawned), so a script calling this must keep its
    main code under ``if __name__ == "__main__":``. Raises ``WorkerPoolError`` when the
    workers cannot run at all.
    """
    started = time.monotonic()
    missing = ocr_unavailable()
    use_ocr = missing is None if ocr is None else ocr
    db = data_dir.open_db()
    try:
        pending, skipped = select_files(
            db,
            version=EXTRACTOR_VERSION,
            force=force,
            retry_failed=retry_failed,
            ocr=use_ocr and missing is None,
        )
        summary = ExtractSummary(skipped=skipped)
        if missing is not None and ocr is not False:
            summary.notes.append(missing)
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
                ocr=OcrOptions(budget_s=timeout_s) if use_ocr else None,
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


@dataclass
class _Task:
    """What a scheduled future stands for: a whole file, one range of a split file, or
    the join of a split file's ranges (``finishing``)."""

    sha256: str
    path: Path
    function: Callable[..., object]
    args: tuple[object, ...]
    split: SplitFile | None = None
    index: int = 0
    finishing: bool = False


def _run_pool(
    jobs: list[tuple[str, Path]],
    record: Callable[[str, FileResult], None],
    *,
    workers: int,
    timeout_s: float,
    memory_mb: int,
    max_pages: int,
    ocr: OcrOptions | None = None,
) -> None:
    """Run the jobs in worker processes and record each file's result once it is complete.

    With more than one worker a long PDF is read in page ranges, one task each, so a
    single large file does not leave the other workers idle; joining the ranges and
    cleaning the document's text is one more task, so that every step of a file runs
    under the time and memory limits, none in this process.
    """
    # Ranges go ahead of whole files in the queue, so a split file finishes while its
    # pages are still the bulk of the work; few tasks wait in the pool itself for the
    # same reason.
    queue: deque[_Task] = deque()
    for sha256, path in jobs:
        if workers > 1:
            start = (start_in_worker, (str(path), max_pages, memory_mb, SPLIT_ABOVE_PAGES, ocr))
        else:
            start = (extract_in_worker, (str(path), max_pages, memory_mb, ocr))
        queue.append(_Task(sha256, path, *start))
    running: dict[Future[object], _Task] = {}
    restarts = 0
    pool = _start_pool(workers, memory_mb)

    def restart(error: BaseException | None) -> ProcessPool:
        # pebble gives up every waiting task when workers die before one of them has
        # taken it up: those tasks never ran, so a new pool runs them.
        nonlocal restarts
        restarts += 1
        if restarts > MAX_POOL_RESTARTS:
            raise WorkerPoolError(f"the worker pool broke: {error}")
        queue.extendleft(reversed(list(running.values())))
        running.clear()
        pool.stop()
        pool.join()
        return _start_pool(workers, memory_mb)

    try:
        while queue or running:
            while queue and len(running) < 2 * workers:
                task = queue.popleft()
                if task.split is not None and task.split.complete and not task.finishing:
                    continue
                try:
                    future = pool.schedule(task.function, args=task.args, timeout=timeout_s)
                except RuntimeError as exc:  # the pool broke while none of ours was in it
                    queue.appendleft(task)
                    pool = restart(exc)
                    continue
                running[future] = task
            if not running:
                continue
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            # A broken pool last: its aborted tasks may be ranges of a file that a
            # worker's death in the same batch has already settled.
            for future in sorted(done, key=_broke_the_pool):
                task = running.pop(future, None)
                if task is None:  # a range of a file settled earlier in this batch
                    continue
                if _broke_the_pool(future):
                    running[future] = task
                    pool = restart(future.exception())
                    break
                outcome = _outcome(future, timeout_s, memory_mb)
                if task.finishing:
                    record(task.sha256, _finished(task, future, outcome, memory_mb))
                elif task.split is not None:
                    parts = task.split.add(task.index, _range_outcome(task, future, outcome))
                    if parts is not None:
                        _cancel_ranges(running, task.split)
                        queue.appendleft(
                            _Task(
                                task.sha256,
                                task.path,
                                finish_in_worker,
                                (parts, task.split.page_count),
                                task.split,
                                finishing=True,
                            )
                        )
                elif isinstance(outcome, int):
                    split = SplitFile(outcome, page_ranges(outcome, workers))
                    _queue_ranges(
                        queue,
                        [
                            _Task(
                                task.sha256,
                                task.path,
                                extract_range_in_worker,
                                (str(task.path), start, end, max_pages, ocr),
                                split,
                                index,
                            )
                            for index, (start, end) in enumerate(split.ranges)
                        ],
                    )
                else:
                    assert isinstance(outcome, FileResult)
                    record(task.sha256, outcome)
    except BaseException:
        pool.stop()
        pool.join()
        raise
    # Every file is recorded; what may remain are ranges of a settled file, cancelled
    # or lost with a dead worker, which ``close`` would wait for.
    pool.stop()
    pool.join()


def _queue_ranges(queue: deque[_Task], ranges: list[_Task]) -> None:
    """Queue a split file's ranges after those of files split before, ahead of whole files.

    One file's ranges then follow each other, so a worker mostly reads the next range
    of the file it has open, and each file is finished before the next one is begun.
    """
    position = next((index for index, task in enumerate(queue) if task.split is None), len(queue))
    for offset, task in enumerate(ranges):
        queue.insert(position + offset, task)


def _broke_the_pool(future: Future[object]) -> bool:
    """Tell whether a finished task was aborted because the whole pool broke."""
    return isinstance(future.exception(), BrokenProcessPool)


def _cancel_ranges(running: dict[Future[object], _Task], split: SplitFile) -> None:
    """Stop the ranges of a settled file that are still running (their workers are replaced)."""
    for future, task in list(running.items()):
        if task.split is split:
            future.cancel()
            del running[future]


def _finished(task: _Task, future: Future[object], outcome: object, memory_mb: int) -> FileResult:
    """Return a split file's result from its join task, or say what stopped the join."""
    assert task.split is not None
    if future.exception() is None:
        assert isinstance(outcome, FileResult)
        return outcome
    assert isinstance(outcome, FileResult)
    if isinstance(future.exception(), MemoryError):
        outcome = FileResult(status=TOO_LARGE, reason=f"memory limit of {memory_mb} MB reached")
    parts, page_count = task.args
    assert isinstance(parts, list) and isinstance(page_count, int)
    return unfinished(parts, page_count, outcome)


def _range_outcome(task: _Task, future: Future[object], outcome: object) -> RangeOutcome:
    """Name a range's failure by its pages; pass a worker's answer through."""
    assert task.split is not None
    if future.exception() is not None:
        assert isinstance(outcome, FileResult)
        start, end = task.split.ranges[task.index]
        return RangeFailure(start, end, outcome)
    assert isinstance(outcome, PdfRange | FileResult)
    return outcome


def _start_pool(workers: int, memory_mb: int) -> ProcessPool:
    """Start the worker pool and check that its workers can run at all."""
    pool = ProcessPool(
        # Even one file can keep every worker busy once it is split into ranges.
        max_workers=max(1, workers),
        max_tasks=MAX_TASKS_PER_WORKER,
        initializer=init_worker,
        initargs=(memory_mb,),
        # A fresh interpreter per worker: nothing of the parent (its database
        # connection, its threads) is inherited across a fork.
        context=multiprocessing.get_context("spawn"),
    )
    try:
        _check_pool(pool)
    except BaseException:
        pool.stop()
        pool.join()
        raise
    return pool


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


def _outcome(future: Future[object], timeout_s: float, memory_mb: int) -> object:
    """Return a finished future's value, or a result saying what happened to its worker."""
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
