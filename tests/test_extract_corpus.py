"""The shared corpus of 80 awkward real-world PDFs, extracted in one batch.

Every file must end in a status with a readable reason, and the status must match what
a correct reader expects wherever pdfplumber can tell. The exceptions are listed below,
each with why; none of them may be ``ok`` with no text.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass

import pytest
from extract_samples import CORPUS, archive_bytes

from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract import EXTRACTOR_VERSION
from rcc_archive.extract.result import STATUSES
from rcc_archive.extract.runner import ExtractSummary, extract_archive

pytestmark = [
    pytest.mark.reliability,
    # Fails under CI=true when ../shared is missing; elsewhere skips naming the folder.
    pytest.mark.usefixtures("shared_corpus"),
]

# The manifest's ``expected`` value, and the statuses that honour it.
EXPECTED_STATUSES = {
    "text": {"ok"},
    "text-garbled": {"ok"},  # the text layer is there; that it is gibberish is invisible
    "no-text": {"no_text"},
    "encrypted-password": {"encrypted"},
    "encrypted-empty-password": {"ok"},
    "not-a-pdf": {"not_pdf", "broken"},
    "empty": {"not_pdf", "broken"},
    "broken": {"broken"},
}

# Files where pdfplumber cannot reach the lenient reader's answer: status, and a
# fragment of the reason that shows the file was not silently taken for a success.
EXCEPTIONS = {
    # Images only: decrypted with the empty password, there is still no text.
    "enc-empty-rc4-no-id.pdf": ("no_text", "no text layer"),
    # pdfminer finds no page tree; PDFium counts the pages and reads text on them.
    "form-irs-1040-prefilled.pdf": ("broken", "pdfplumber read 0 of 2 pages"),
    "xref-stream-mismatch-many-annots.pdf": ("broken", "pdfplumber read 0 of 1 page"),
    # pdfminer follows the looping /Prev chain until Python's recursion limit.
    "xref-prev-loop.pdf": ("broken", "RecursionError"),
    # No Brotli filter in pdfminer (nor in PDFium).
    "pdf20-brotli.pdf": ("broken", "BrotliDecode"),
    # Content stream without a usable /Length: pdfminer reads nothing, PDFium reads it.
    "broken-undefined-stream-length.pdf": ("broken", "PDFium reads"),
    # Only the attachments are encrypted, but pdfminer refuses the whole file.
    "attach-encrypted-attachment.pdf": ("broken", "perhaps only attachments are encrypted"),
    "attach-two-encrypted.pdf": ("broken", "perhaps only attachments are encrypted"),
    # No xref and a trailer at object 2147483647: pdfminer finds no /Root.
    "xref-absent-huge-objnum.pdf": ("broken", "No /Root object"),
    # A fuzzed scan whose text layer still says "pdf.js": pdfplumber sees real text.
    "broken-charset-mangled-scan.pdf": ("ok", None),
    # pdfminer recovers page 1 with real text; PDFium cannot open the file at all.
    "broken-unreadable-metadata.pdf": ("ok", "PDFium cannot open it"),
}


@dataclass
class CorpusRun:
    summary: ExtractSummary
    seconds: float
    rows: dict[str, dict]
    manifest: list[dict[str, str]]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    """Every corpus file archived in a temporary data directory and extracted in one batch."""
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle, delimiter="\t"))
    data_dir = DataDir.at(tmp_path_factory.mktemp("corpus") / "data")
    hashes = archive_bytes(data_dir, [(CORPUS / row["file"]).read_bytes() for row in manifest])
    started = time.monotonic()
    # The text layer alone, as a lenient reader sees it: OCR of the scans is
    # tests/test_extract_ocr.py's subject.
    summary = extract_archive(data_dir, workers=2, ocr=False)
    seconds = time.monotonic() - started
    db = data_dir.open_db()
    try:
        rows = {
            row["file"]: db.table("files").get(sha256)
            for row, sha256 in zip(manifest, hashes, strict=True)
        }
    finally:
        db.close()
    print(f"\ncorpus: {summary} (wall {seconds:.1f} s)")
    return CorpusRun(summary, seconds, rows, manifest)


def test_corpus_manifest_lists_eighty_files(corpus_run: CorpusRun) -> None:
    assert len(corpus_run.manifest) == 80
    assert corpus_run.summary.done == 80


def test_every_file_ends_with_a_status_and_a_reason(corpus_run: CorpusRun) -> None:
    for name, row in corpus_run.rows.items():
        assert row["extract_status"] in STATUSES, name
        assert row["extractor_version"] == EXTRACTOR_VERSION, name
        if row["extract_status"] != "ok":
            assert row["extract_error"], name


def test_no_file_claims_success_without_text(corpus_run: CorpusRun) -> None:
    for name, row in corpus_run.rows.items():
        if row["extract_status"] == "ok":
            assert row["chars"], name


@pytest.mark.parametrize("category", sorted(EXPECTED_STATUSES))
def test_status_matches_what_a_lenient_reader_expects(corpus_run: CorpusRun, category: str) -> None:
    wrong = {
        entry["file"]: corpus_run.rows[entry["file"]]["extract_status"]
        for entry in corpus_run.manifest
        if entry["expected"] == category
        and entry["file"] not in EXCEPTIONS
        and corpus_run.rows[entry["file"]]["extract_status"] not in EXPECTED_STATUSES[category]
    }
    assert wrong == {}


@pytest.mark.parametrize("name", sorted(EXCEPTIONS))
def test_known_exceptions_fail_loudly(corpus_run: CorpusRun, name: str) -> None:
    status, fragment = EXCEPTIONS[name]
    row = corpus_run.rows[name]
    assert row["extract_status"] == status
    if fragment is not None:
        assert fragment in row["extract_error"]


def test_page_without_mediabox_is_skipped_not_fatal(corpus_run: CorpusRun) -> None:
    row = corpus_run.rows["broken-page-missing-mediabox.pdf"]
    assert row["extract_status"] == "ok"
    assert "read 2 of 3 pages" in row["extract_error"]
    assert "page 2: TypeError" in row["extract_error"]


def test_not_pdfs_are_named_by_their_bytes(corpus_run: CorpusRun) -> None:
    assert corpus_run.rows["not-a-pdf-html-error-page.pdf"]["extract_error"].startswith("HTML page")
    assert corpus_run.rows["empty-zero-bytes.pdf"]["extract_error"] == "empty file (0 bytes)"
    # No %PDF- line, but objects and an xref: read as the PDF it is.
    assert corpus_run.rows["broken-no-header.pdf"]["extract_status"] == "ok"


def test_long_documents_keep_every_page(corpus_run: CorpusRun) -> None:
    assert corpus_run.rows["many-geotopo-117p-german.pdf"]["page_count"] == 117
    assert corpus_run.rows["many-pdkids-55p.pdf"]["page_count"] == 55
