"""Text for pages without a text layer, recognised from the page image: ocrmypdf + Tesseract.

Reads one PDF (a blob) and copies single pages of it into a temporary directory; writes
nothing else. The blob is never modified: each page is copied out with PDFium, run
through ``ocrmypdf`` with Tesseract's Swedish model, and its text taken from the
sidecar file. One page per ``ocrmypdf`` call, one thread (``OMP_THREAD_LIMIT=1``: more
threads make a page several times slower on a busy machine), each call bounded by the
time the file has left, so OCR stays inside the extractor's limits; the memory limit of
the worker holds for its child processes too.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

LANGUAGE = "swe"
LANGUAGE_PACKAGE = "tesseract-ocr-swe"
# Below this many seconds left, a page is not started: it would not finish.
MIN_SECONDS_PER_PAGE = 2.0
MAX_ERROR_CHARS = 200
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class OcrOptions:
    """How OCR runs in a worker: the language and the seconds a task may spend."""

    language: str = LANGUAGE
    budget_s: float = 120.0


@dataclass
class OcrOutcome:
    """What OCR made of some pages: text by page number, and what stopped it, if anything."""

    texts: dict[int, str] = field(default_factory=dict)
    timed_out: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@functools.cache
def ocr_unavailable(language: str = LANGUAGE) -> str | None:
    """Say why OCR cannot run here (a program or the language model missing), or None."""
    for program, package in (("ocrmypdf", "ocrmypdf"), ("tesseract", "tesseract-ocr")):
        if shutil.which(program) is None:
            return f"OCR not available: {program} is not installed (Debian package {package})"
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"OCR not available: tesseract does not run ({type(exc).__name__})"
    if language not in listed.stdout.split():
        return (
            f"OCR not available: Tesseract has no '{language}' model "
            f"(Debian package {LANGUAGE_PACKAGE})"
        )
    return None


def ocr_pages(path: Path, numbers: list[int], options: OcrOptions, deadline: float) -> OcrOutcome:
    """Recognise the text of pages ``numbers`` (1-based) of the PDF at ``path``, in order.

    Pages that the time left (until ``deadline``, a ``time.monotonic`` value) cannot
    cover are listed in ``timed_out``; a page that ocrmypdf fails on is named in
    ``errors`` and has no text. Never raises for a bad page.
    """
    outcome = OcrOutcome()
    with tempfile.TemporaryDirectory(prefix="rcc-ocr-") as folder:
        work = Path(folder)
        source = pdfium.PdfDocument(str(path))
        try:
            for position, number in enumerate(numbers):
                left = deadline - time.monotonic()
                if left < MIN_SECONDS_PER_PAGE:
                    outcome.timed_out.extend(numbers[position:])
                    break
                single = work / f"page-{number}.pdf"
                _copy_page(source, number - 1, single)
                try:
                    outcome.texts[number] = _ocr_one(single, work, options.language, left)
                except subprocess.TimeoutExpired:
                    outcome.timed_out.extend(numbers[position:])
                    break
                except OcrError as exc:
                    # Read by OCR, which found nothing it could use: not tried again
                    # on every run.
                    outcome.texts[number] = ""
                    outcome.errors.append(f"page {number}: {exc}")
                finally:
                    single.unlink(missing_ok=True)
        finally:
            source.close()
    return outcome


class OcrError(RuntimeError):
    """ocrmypdf gave up on a page."""


def _copy_page(source: pdfium.PdfDocument, index: int, target: Path) -> None:
    """Write page ``index`` of ``source`` as a one-page PDF at ``target``."""
    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(source, [index])
        single.save(str(target))
    finally:
        single.close()


def _ocr_one(page_pdf: Path, work: Path, language: str, seconds: float) -> str:
    """Run ocrmypdf on a one-page PDF and return the recognised text."""
    sidecar = work / "text.txt"
    output = work / "ocr.pdf"
    command = [
        "ocrmypdf",
        "--jobs",
        "1",
        "--language",
        language,
        # The page has no usable text layer; what little it has is replaced in the copy.
        "--force-ocr",
        "--output-type",
        "pdf",
        "--optimize",
        "0",
        "--tesseract-timeout",
        str(max(1, int(seconds))),
        "--sidecar",
        str(sidecar),
        "--quiet",
        str(page_pdf),
        str(output),
    ]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "TMPDIR": str(work)}
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        # Its own process group, so Tesseract and Ghostscript stop with it.
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    try:
        _, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise
    finally:
        output.unlink(missing_ok=True)
    if process.returncode != 0:
        message = " ".join(stderr.decode("utf-8", "replace").split())[-MAX_ERROR_CHARS:]
        raise OcrError(f"ocrmypdf exit code {process.returncode}: {message or 'no message'}")
    try:
        return sidecar.read_text(encoding="utf-8").replace("\f", "\n")
    finally:
        sidecar.unlink(missing_ok=True)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop ocrmypdf and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _die_with_parent() -> None:
    """In the child: be killed when the worker dies (a worker stopped at its time limit)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
