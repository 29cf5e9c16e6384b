"""One measured extraction in a fresh process: ``python -m bench.probe MODE ...``.

Reads the PDFs or the data directory it is given; writes only what ``extract_archive``
writes (into a throwaway data directory). Prints one JSON line: pages, seconds and peak
resident set sizes (this process, and its child processes: the extraction workers, or
``pdftotext``). A fresh process per measurement keeps one run's memory and caches out of
the next one's numbers.

Peaks are the kernel's high-water mark ``VmHWM`` from ``/proc/PID/status``, not
``getrusage``'s ``ru_maxrss``: Linux carries ``ru_maxrss`` over ``execve``, so a process
started by a large parent reports the parent's size. Children are watched by a thread
that reads their ``VmHWM`` every few milliseconds until they exit.

Modes:
  runner DATA_DIR WORKERS   ``extract.runner.extract_archive`` (the real worker pool)
  bare-close PDF...         pdfplumber: extract_text + extract_tables, page.close()
  bare-noclose PDF...       the same without page.close() (pages keep their caches)
  pdftotext PDF...          poppler's pdftotext, one process per file: the floor
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

RUNNER_TIMEOUT_S = 900
SAMPLE_EVERY_S = 0.01
_HWM = re.compile(r"^VmHWM:\s+(\d+) kB", re.MULTILINE)
_PROC = Path("/proc")


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Return a live process's peak resident set size (``VmHWM``) in MB, or None if gone."""
    try:
        found = _HWM.search((_PROC / str(pid) / "status").read_text())
    except OSError:
        return None
    return round(int(found.group(1)) / 1024, 1) if found else None


class ChildPeaks:
    """Watch every descendant of this process and keep each one's highest ``VmHWM``."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ChildPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0.0)

    def _watch(self) -> None:
        while True:
            for pid in _descendants(os.getpid()):
                peak = peak_rss_mb(pid)
                if peak is not None and peak > self.peaks.get(pid, 0.0):
                    self.peaks[pid] = peak
            if self._stop.wait(SAMPLE_EVERY_S):
                return


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name in field 2 may hold spaces: the parent pid follows its ")".
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        children = parents.get(queue.pop(), [])
        found.extend(children)
        queue.extend(children)
    return found


def run_runner(data_dir: str, workers: int) -> dict[str, Any]:
    """Extract every file of a data directory with the real runner; count pages done."""
    from rcc_archive.archive.datadir import DataDir
    from rcc_archive.extract.runner import extract_archive

    data = DataDir.at(data_dir)
    started = time.perf_counter()
    # A generous per-file limit: on a loaded machine the 400-page document must not be
    # recorded as a timeout, which would measure the limit instead of the extractor.
    summary = extract_archive(data, workers=workers, timeout_s=RUNNER_TIMEOUT_S)
    seconds = time.perf_counter() - started
    db = data.open_db()
    pages = db.execute("select count(*) from pdf_pages").fetchone()[0]
    statuses = dict(db.execute("select extract_status, count(*) from files group by 1").fetchall())
    db.conn.close()
    return {"pages": pages, "seconds": seconds, "statuses": statuses, "summary": str(summary)}


def run_bare(paths: list[str], close: bool) -> dict[str, Any]:
    """Extract text and tables with pdfplumber alone, closing pages or not."""
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                if close:
                    page.close()
                pages += 1
    return {"pages": pages, "seconds": time.perf_counter() - started}


def run_pdftotext(paths: list[str]) -> dict[str, Any]:
    """Run ``pdftotext -layout`` on each file, discarding the text."""
    import pypdfium2

    pages = 0
    for path in paths:
        document = pypdfium2.PdfDocument(path)
        pages += len(document)
        document.close()
    started = time.perf_counter()
    for path in paths:
        subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return {"pages": pages, "seconds": time.perf_counter() - started}


def main(argv: list[str]) -> int:
    """Run one mode and print its JSON line."""
    mode, args = argv[0], argv[1:]
    if mode in ("bare-close", "bare-noclose"):
        import pdfplumber  # noqa: F401 - count the import in the starting size, not the run
    start_rss = peak_rss_mb()
    # Other processes on the machine slow a run down: their load is kept beside it.
    load_before = os.getloadavg()[0]
    with ChildPeaks() as children:
        if mode == "runner":
            result = run_runner(args[0], int(args[1]))
        elif mode in ("bare-close", "bare-noclose"):
            result = run_bare(args, close=mode == "bare-close")
        elif mode == "pdftotext":
            result = run_pdftotext(args)
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    result.update(
        mode=mode,
        seconds=round(result["seconds"], 3),
        pages_per_s=round(result["pages"] / result["seconds"], 2) if result["seconds"] else None,
        start_rss_mb=start_rss,
        self_peak_rss_mb=peak_rss_mb(),
        children_peak_rss_mb=children.peak_mb,
        children_seen=len(children.peaks),
        load_average_1min=[round(load_before, 2), round(os.getloadavg()[0], 2)],
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
