"""The floor, studied: PDFium's text for most pages, pdfplumber only where a page needs it.

Reads PDFs: the benchmark corpus, the bundled mirror's PDFs and the shared real-world
corpus (``../shared/corpus/realworld-pdfs``, or ``$RCC_SHARED_DIR``); writes nothing.
``measure_floor`` runs ``python -m bench.floor`` in a fresh process under an address-space
cap and a time limit (the real-world files are hostile on purpose) and returns its JSON.

Three ways to get a document's text, timed one after the other on each document in turn
(the order rotating from document to document), in one process:

- ``ours``: ``extract.pdf.extract_pdf``, what the archive stores (pdfplumber; fake bold
  removed, tables, columns, clean-up);
- ``hybrid``: ``bench.hybrid.read_hybrid``, PDFium's characters in pdfplumber's line
  order, pdfplumber itself for pages with columns or a ruled table;
- ``pdfium``: ``bench.hybrid.read_pdfium``, PDFium's own text (content-stream order),
  cleaned the same way; no tables;
- ``pdftotext``: poppler, one process per file, text discarded (only when installed).

Agreement with ``ours``, page by page, on the words of the cleaned text (split on
whitespace), summed over pages: ``words`` = multiset overlap |A ∩ B| / max(|A|, |B|);
``order`` = longest common subsequence of the two word sequences / max(|A|, |B|), which
is 1 only when the same words come in the same order; ``identical_pages`` = pages whose
word sequences are equal. Also Swedish letters (å ä ö, upper and lower case) counted on
each side, lines still ending in a hyphen after clean-up (de-hyphenation), and tables:
``ours`` finds them on every page, the hybrid only on pages it sends to pdfplumber.
Documents ``ours`` does not read as ``ok`` (broken, encrypted, no text: the real-world
corpus has many on purpose) are skipped and listed with their status.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.hybrid import read_hybrid, read_pdfium
from rcc_archive.extract.pdf import extract_pdf
from rcc_archive.extract.result import OK

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RCC_SHARED_DIR") or REPO.parent / "shared")
REALWORLD = SHARED / "corpus" / "realworld-pdfs"
MIRROR = REPO / "mirror" / "site"
CAP_MB = 3072
TIMEOUT_S = 900
SWEDISH = frozenset("åäöÅÄÖ")
PDFTOTEXT_TIMEOUT_S = 20
WORST_SHOWN = 5
# Plain, small files for ``--quick``: a smoke run, not a study.
QUICK_REALWORLD = frozenset(
    {
        "text-pdflatex-minimal.pdf",
        "text-libreoffice-writer.pdf",
        "text-german-umlaut.pdf",
        "table-senate-expenditures.pdf",
    }
)


@dataclass
class Sides:
    """One document's pages as each way reads them, and its tables."""

    ours: dict[int, str]
    hybrid: dict[int, str]
    pdfium: dict[int, str]
    ours_tables: Counter[int]
    hybrid_tables: Counter[int]
    to_pdfplumber: int
    seconds: dict[str, float] = field(default_factory=dict)


def measure_floor(files: dict[str, list[Path]], *, timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
    """Run the study on each named set of files in a fresh, capped process; return its JSON."""

    def cap() -> None:
        limit = CAP_MB * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "bench.floor"],
        input=json.dumps({name: [str(path) for path in paths] for name, paths in files.items()}),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        preexec_fn=cap,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit code {done.returncode}: {tail}"[:300]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def floor_files(corpus: Sequence[Path], *, quick: bool) -> dict[str, list[Path]]:
    """The files to study: the given corpus PDFs, the mirror's PDFs, the real-world corpus."""
    mirror = sorted(MIRROR.rglob("*.pdf"))
    realworld = sorted(REALWORLD.glob("*.pdf")) if REALWORLD.is_dir() else []
    if quick:
        # A few small files of each kind: enough to show every figure works.
        mirror = mirror[:3]
        realworld = [path for path in realworld if path.name in QUICK_REALWORLD]
    return {"bench": list(corpus), "mirror": mirror, "realworld": realworld}


def study(files: dict[str, list[str]]) -> dict[str, Any]:
    """Time and compare the three ways on every set; the ``floor`` section."""
    sets = {name: study_set([Path(path) for path in paths]) for name, paths in files.items()}
    if not REALWORLD.is_dir():
        sets["realworld"] = {"skipped": f"shared corpus missing: {REALWORLD}"}
    return {"method": METHOD, "sets": sets}


METHOD = {
    "hybrid": "PDFium text per page; pdfplumber (read_page) for pages with columns or "
    "crossing rules; clean_pages over the document",
    "words": "sum over pages of |A ∩ B| (multiset) / sum of max(|A|, |B|)",
    "order": "sum over pages of LCS(A, B) / sum of max(|A|, |B|)",
}


def study_set(paths: list[Path]) -> dict[str, Any]:
    """Read every document three ways, in rotating order; sum the times and agreements."""
    seconds: dict[str, float] = {}
    skipped: list[dict[str, str]] = []
    documents: list[tuple[str, Sides]] = []
    studied: list[Path] = []
    for number, path in enumerate(paths):
        sides = read_three_ways(path, rotate=number)
        if isinstance(sides, str):
            skipped.append({"file": path.name, "status": sides})
            continue
        documents.append((path.name, sides))
        studied.append(path)
        for way, spent in sides.seconds.items():
            seconds[way] = seconds.get(way, 0.0) + spent
    pdftotext, pdftotext_stopped = _time_pdftotext(studied)
    if pdftotext is not None:
        seconds["pdftotext"] = pdftotext
    summary = compare(documents)
    pages = summary["pages_compared"]
    return {
        "documents": len(documents),
        "skipped": skipped,
        **summary,
        "seconds": {way: round(spent, 3) for way, spent in seconds.items()},
        "pages_per_s": {
            way: round(pages / spent, 1) if spent else None for way, spent in seconds.items()
        },
        "hybrid_vs_ours": _ratio(seconds.get("ours"), seconds.get("hybrid")),
        "pdfium_vs_ours": _ratio(seconds.get("ours"), seconds.get("pdfium")),
        "pdftotext_vs_ours": _ratio(seconds.get("ours"), seconds.get("pdftotext")),
        "pdftotext_stopped": pdftotext_stopped,
    }


def read_three_ways(path: Path, rotate: int) -> Sides | str:
    """Read one document as ours, hybrid and pdfium do; a status when ours does not read it."""
    found: dict[str, Any] = {}

    def ours() -> None:
        found["ours"] = extract_pdf(path)

    def hybrid() -> None:
        found["hybrid"] = read_hybrid(path)

    def pdfium() -> None:
        found["pdfium"] = read_pdfium(path)

    ways: list[tuple[str, Callable[[], None]]] = [
        ("ours", ours),
        ("hybrid", hybrid),
        ("pdfium", pdfium),
    ]
    shift = rotate % len(ways)
    seconds: dict[str, float] = {}
    for name, func in ways[shift:] + ways[:shift]:
        started = time.perf_counter()
        try:
            func()
        except Exception as exc:  # a file PDFium or pdfplumber cannot read: not studied
            return f"{name} failed: {type(exc).__name__}"
        seconds[name] = time.perf_counter() - started
    result = found["ours"]
    if result.status != OK:
        return result.status
    hybrid_pages, hybrid_tables, sent = found["hybrid"]
    return Sides(
        ours={page.number: page.text for page in result.pages},
        hybrid=hybrid_pages,
        pdfium=found["pdfium"],
        ours_tables=Counter(table.page_number for table in result.tables),
        hybrid_tables=hybrid_tables,
        to_pdfplumber=sent,
        seconds=seconds,
    )


def compare(documents: list[tuple[str, Sides]]) -> dict[str, Any]:
    """Sum the agreements of hybrid and pdfium with ours over every page of every document."""
    totals: dict[str, Counter[str]] = {"hybrid": Counter(), "pdfium": Counter()}
    worst: dict[str, list[tuple[float, str, int, float]]] = {"hybrid": [], "pdfium": []}
    letters: Counter[str] = Counter()
    hyphens: Counter[str] = Counter()
    tables: Counter[str] = Counter()
    pages = sent = 0
    for name, sides in documents:
        sent += sides.to_pdfplumber
        for number, text in sides.ours.items():
            pages += 1
            ours = text.split()
            letters["ours"] += sum(1 for char in text if char in SWEDISH)
            hyphens["ours"] += _hyphen_ends(text)
            for way in ("hybrid", "pdfium"):
                other_text = getattr(sides, way).get(number, "")
                other = other_text.split()
                letters[way] += sum(1 for char in other_text if char in SWEDISH)
                hyphens[way] += _hyphen_ends(other_text)
                longest = max(len(ours), len(other))
                same = sum((Counter(ours) & Counter(other)).values())
                order = lcs_length(ours, other)
                part = totals[way]
                part["words"] += same
                part["order"] += order
                part["longest"] += longest
                part["identical"] += ours == other
                if longest and (order < longest or same < longest):
                    worst[way].append((order / longest, name, number, same / longest))
        tables["ours"] += sum(sides.ours_tables.values())
        tables["hybrid"] += sum(sides.hybrid_tables.values())
        tables["missed_by_hybrid"] += sum(
            max(0, count - sides.hybrid_tables[page]) for page, count in sides.ours_tables.items()
        )
    agreement = {
        way: {
            "words": _share(part["words"], part["longest"]),
            "order": _share(part["order"], part["longest"]),
            "identical_pages": _share(part["identical"], pages),
            "worst_pages": [
                {"file": name, "page": number, "order": round(order, 3), "words": round(words, 3)}
                for order, name, number, words in sorted(worst[way])[:WORST_SHOWN]
            ],
        }
        for way, part in totals.items()
    }
    return {
        "pages_compared": pages,
        "pages_to_pdfplumber": sent,
        "agreement_with_ours": agreement,
        "swedish_letters": dict(letters),
        "lines_ending_in_hyphen": dict(hyphens),
        "tables": dict(tables),
    }


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word sequences (bit-parallel)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for index, word in enumerate(a):
        masks[word] = masks.get(word, 0) | (1 << index)
    full = (1 << len(a)) - 1
    row = full
    for word in b:
        matches = row & masks.get(word, 0)
        row = ((row + matches) | (row - matches)) & full
    return len(a) - row.bit_count()


def _hyphen_ends(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.endswith("-"))


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _ratio(baseline: float | None, value: float | None) -> float | None:
    """How many times faster ``value`` seconds are than ``baseline`` seconds."""
    return round(baseline / value, 2) if baseline and value else None


def _time_pdftotext(paths: list[Path]) -> tuple[float | None, list[str]]:
    """Seconds ``pdftotext`` takes on the files, and those it did not finish in time."""
    if shutil.which("pdftotext") is None or not paths:
        return None, []
    spent = 0.0
    stopped = []
    for path in paths:
        started = time.perf_counter()
        try:
            subprocess.run(
                ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
                timeout=PDFTOTEXT_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            # A decompression bomb keeps poppler busy for minutes: left out of its time.
            stopped.append(path.name)
            continue
        spent += time.perf_counter() - started
    return spent, stopped


def main() -> int:
    """Read ``{set: [paths]}`` as JSON on stdin; print the section as one JSON line."""
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pdfplumber").setLevel(logging.ERROR)
    files = json.loads(sys.stdin.read())
    print(json.dumps(study(files), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
