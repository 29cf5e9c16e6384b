"""Re-crawls: nothing stored twice, a changed PDF gets a second version, the first is kept."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reportlab.pdfgen import canvas

from rcc_archive.archive.datadir import DataDir
from rcc_archive.scraper.crawl import CrawlOptions, crawl

REPO = Path(__file__).resolve().parent.parent


def _blob_files(data_dir: DataDir) -> set[str]:
    return set(data_dir.blobs().iter_hashes())


def _first_pdf_url() -> str:
    with open(REPO / "mirror" / "expected_documents.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return next(
        row["url"] for row in rows if row["url"].endswith(".pdf") and "processplan" in row["url"]
    )


def _local_path(root: Path, url: str) -> Path:
    parts = urlsplit(url)
    return root / parts.hostname / unquote(parts.path).lstrip("/")


def _write_pdf(path: Path, text: str) -> None:
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()


def test_second_crawl_stores_nothing_twice_and_a_changed_pdf_gets_a_version(mirror_copy, tmp_path):
    root, server = mirror_copy
    data_dir = DataDir.at(tmp_path / "data")
    first = crawl(data_dir, CrawlOptions(mirror=server.url, quiet=True))
    assert first.status == "ok", first.notes
    db = data_dir.open_db()
    versions_before = db["document_versions"].count
    blobs_before = _blob_files(data_dir)

    second = crawl(data_dir, CrawlOptions(mirror=server.url, quiet=True))
    assert second.status == "ok", second.notes
    assert second.counts["documents_new"] == 0
    assert second.counts["documents_changed"] == 0
    assert db["document_versions"].count == versions_before
    assert _blob_files(data_dir) == blobs_before

    url = _first_pdf_url()
    doc_before = next(db.query("select * from documents where url = ?", [url]))
    _write_pdf(_local_path(root, url), "Reviderad processplan 2025 med ändringar")
    third = crawl(data_dir, CrawlOptions(mirror=server.url, quiet=True))
    assert third.counts["documents_changed"] == 1, third.counts
    doc_after = next(db.query("select * from documents where url = ?", [url]))
    assert doc_after["sha256"] != doc_before["sha256"]
    versions = list(
        db.query(
            "select * from document_versions where document_id = ? order by first_run_id",
            [doc_after["id"]],
        )
    )
    assert [v["sha256"] for v in versions] == [doc_before["sha256"], doc_after["sha256"]]
    assert versions[0]["last_run_id"] == second.run_id  # the old version is kept, not rewritten
    for version in versions:
        assert data_dir.blobs().has(version["sha256"])
    assert data_dir.blobs().read(doc_before["sha256"]) != data_dir.blobs().read(doc_after["sha256"])
