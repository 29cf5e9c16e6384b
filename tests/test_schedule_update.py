"""Scheduled re-crawls: cheap when nothing changed, every change noticed, loud when wrong.

Each test serves a private copy of the bundled mirror and edits it between runs, the way
the real site changes between two nightly runs.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from reportlab.pdfgen import canvas

from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.verify import verify_archive
from rcc_archive.errors import EXIT_LOCKED
from rcc_archive.jobs import run_update
from rcc_archive.publish.serve import make_datasette
from rcc_archive.scraper.crawl import CrawlOptions, crawl

NORR_PLANS = "/cancercentrum.se/globalassets/cancerplaner/norr/processplaner/"
CHANGED = "processplan-lungcancer.pdf"
REMOVED = "processplan-sarkom.pdf"
ADDED = "processplan-peniscancer.pdf"
MOVED = "processplan-njurcancer.pdf"


def _write_pdf(path: Path, lines: list[str]) -> None:
    pdf = canvas.Canvas(str(path), invariant=1)
    for number, line in enumerate(lines):
        pdf.drawString(72, 720 - 18 * number, line)
    pdf.showPage()
    pdf.save()


def _edit_pages(root: Path, pattern: str, replacement: str) -> int:
    """Apply a regex edit to every HTML page of the mirror copy; return how many changed."""
    changed = 0
    for page in root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        edited = re.sub(pattern, replacement, text)
        if edited != text:
            page.write_text(edited, encoding="utf-8")
            changed += 1
    return changed


def _pdf_bodies(server) -> dict[str, int]:
    return {path: n for path, n in server.bodies_served.items() if path.endswith((".pdf", ".xlsx"))}


def _extracted_at(data_dir: DataDir) -> dict[str, str]:
    db = data_dir.open_db()
    return dict(db.execute("select sha256, extracted_at from files").fetchall())


async def _get_json(data_dir: DataDir, path: str) -> list[dict]:
    response = await make_datasette(data_dir).client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


async def _get_text(data_dir: DataDir, path: str) -> str:
    response = await make_datasette(data_dir).client.get(path)
    assert response.status_code == 200, response.text
    return response.text


def _documents(data_dir: DataDir) -> dict[str, dict]:
    db = data_dir.open_db()
    return {row["url"]: row for row in db.query("select * from documents")}


def _update(data_dir: DataDir, options: CrawlOptions):
    return run_update(data_dir, options, workers=2, say=lambda message: None).run


def test_nightly_update_cycle(mirror_copy, tmp_path):
    root, server = mirror_copy
    data_dir = DataDir.at(tmp_path / "data")
    options = CrawlOptions(mirror=server.url, quiet=True)
    first = _update(data_dir, options)
    assert first.status == "ok", first.notes
    total_documents = first.counts["documents_seen"]

    # Night two: nothing changed. Every document is asked for conditionally; no body moves.
    server.reset_counts()
    extracted_before = _extracted_at(data_dir)
    second = _update(data_dir, options)
    assert second.status == "ok"
    assert _pdf_bodies(server) == {}
    assert _extracted_at(data_dir) == extracted_before  # nothing re-extracted
    assert second.counts["documents_unchanged"] == total_documents
    db = data_dir.open_db()
    # Per document: one linked by an old URL that redirects and by its new one is asked
    # for twice, and is still one document (document_urls).
    outcomes = dict(
        db.execute(
            "select f.outcome, count(distinct u.document_id) from fetches f "
            "join document_urls u on u.url = f.url where f.run_id = ? and f.kind = 'document' "
            "and f.outcome != 'skipped' "
            "group by f.outcome",
            [second.run_id],
        ).fetchall()
    )
    assert outcomes == {"not_modified": total_documents}
    pages_rechecked = db.execute(
        "select count(*) from fetches where run_id = ? and kind = 'page' and http_status = 200",
        [second.run_id],
    ).fetchone()[0]
    assert pages_rechecked == first.counts["pages"]  # pages are always re-read

    # Night three: one plan revised, one removed from the page, one new one linked, and
    # one moved to a new URL with the same bytes.
    _write_pdf(
        root / NORR_PLANS.lstrip("/") / CHANGED, ["Processplan Lungcancer", "Reviderad 2025"]
    )
    _write_pdf(root / NORR_PLANS.lstrip("/") / ADDED, ["Processplan Peniscancer", "Ny 2025"])
    assert _edit_pages(
        root,
        r'<a href="[^"]*processplan-sarkom\.pdf"[^>]*>Processplan Sarkom</a>',
        f'<a href="{NORR_PLANS[len("/cancercentrum.se") :]}{ADDED}">Processplan Peniscancer</a>',
    )
    moved_dir = root / NORR_PLANS.lstrip("/") / "2025"
    moved_dir.mkdir()
    (moved_dir / MOVED).write_bytes((root / NORR_PLANS.lstrip("/") / MOVED).read_bytes())
    assert _edit_pages(
        root,
        r'href="[^"]*/processplaner/' + MOVED,
        f'href="/globalassets/cancerplaner/norr/processplaner/2025/{MOVED}',
    )
    server.reset_counts()
    third = _update(data_dir, options)
    assert third.status == "ok", third.notes
    bodies = _pdf_bodies(server)
    assert set(bodies) == {NORR_PLANS + CHANGED, NORR_PLANS + ADDED, NORR_PLANS + "2025/" + MOVED}
    assert third.counts["documents_new"] == 2
    assert third.counts["documents_changed"] == 1
    assert third.counts["documents_removed"] == 2

    docs = _documents(data_dir)
    base = "https://cancercentrum.se" + NORR_PLANS[len("/cancercentrum.se") :]
    removed = docs[base + REMOVED]
    assert removed["status"] == "removed"
    assert "no longer linked" in removed["status_reason"]
    assert data_dir.blobs().has(removed["sha256"])  # its bytes are kept
    added = docs[base + ADDED]
    assert added["status"] == "current" and added["region"] == "norr"
    assert added["title"] == "Processplan Peniscancer"
    old_home, new_home = docs[base + MOVED], docs[base + "2025/" + MOVED]
    assert old_home["status"] == "removed" and new_home["status"] == "current"
    assert old_home["sha256"] == new_home["sha256"]  # recognisably the same file
    assert (
        db.execute("select count(*) from files where sha256 = ?", [new_home["sha256"]]).fetchone()[
            0
        ]
        == 1
    )
    changed = docs[base + CHANGED]
    versions = list(
        db.query(
            "select sha256, first_run_id, last_run_id from document_versions "
            "where document_id = ? order by first_run_id",
            [changed["id"]],
        )
    )
    assert [v["first_run_id"] for v in versions] == [first.run_id, third.run_id]
    assert versions[0]["last_run_id"] == second.run_id
    assert all(data_dir.blobs().has(v["sha256"]) for v in versions)

    # What the analysts see: the changes view, the Atom feed and the diff, through Datasette.
    events = asyncio.run(
        _get_json(data_dir, f"/archive/changes.json?run_id={third.run_id}&_shape=array")
    )
    got = {(event["change"], event["url"]) for event in events if event["document_id"]}
    assert got == {
        ("new", base + ADDED),
        ("new", base + "2025/" + MOVED),
        ("changed", base + CHANGED),
        ("removed", base + REMOVED),
        ("removed", base + MOVED),
    }
    feed = asyncio.run(_get_text(data_dir, "/archive/changes_feed.atom"))
    entries = ElementTree.fromstring(feed).findall("{http://www.w3.org/2005/Atom}entry")
    titles = " | ".join(entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries)
    assert "Processplan Peniscancer" in titles and "Processplan Sarkom" in titles
    diff = asyncio.run(
        _get_json(data_dir, f"/archive/document_diff.json?document_id={changed['id']}&_shape=array")
    )
    added_lines = [row["line"] for row in diff if row["change"] == "+"]
    assert any("Reviderad 2025" in line for line in added_lines), diff


def test_a_run_against_an_emptied_region_is_a_warning(mirror_copy, tmp_path):
    root, server = mirror_copy
    data_dir = DataDir.at(tmp_path / "data")
    options = CrawlOptions(mirror=server.url, quiet=True)
    assert crawl(data_dir, options).status == "ok"
    # Syd's section loses every link (a botched site migration, say).
    assert _edit_pages(root, r'href="[^"]*/cancerplaner/syd/[^"]*"', 'href="#"')
    # And its SiteVision page (found through the sitemap) loses its file list too.
    assert _edit_pages(root, r'href="/download/18\.7e8f9a0b18f3c4d5e6f7a01/[^"]*"', 'href="#"')
    run = crawl(data_dir, options)
    assert run.status == "warning"
    assert any("region syd" in note for note in run.notes), run.notes
    stored = (
        data_dir.open_db()
        .execute("select status, notes from crawl_runs where id = ?", [run.run_id])
        .fetchone()
    )
    assert stored[0] == "warning" and "syd" in stored[1]


def test_update_exits_non_zero_on_a_failed_run(tmp_path):
    # Nothing listens on this port: nothing can be fetched, so the run failed.
    data = tmp_path / "data"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rcc_archive.cli",
            "crawl",
            "--mirror",
            "http://127.0.0.1:9",
            "--data-dir",
            str(data),
            "--quiet",
            "--timeout",
            "2",
            "--spider",
            "socialstyrelsen",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    status = DataDir.at(data).open_db().execute("select status from crawl_runs").fetchone()[0]
    assert status == "failed"


def test_a_second_concurrent_run_is_refused(tmp_path):
    data_dir = DataDir.at(tmp_path / "data")
    with data_dir.lock():
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "rcc_archive.cli",
                "update",
                "--data-dir",
                str(data_dir.root),
                "--mirror",
                "http://127.0.0.1:9",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == EXIT_LOCKED, result.stderr
    assert "another run is using" in result.stderr
    assert data_dir.open_db()["crawl_runs"].count == 0  # it did not even start a run


@pytest.mark.reliability
def test_a_crawl_killed_midway_is_completed_by_the_next_run(mirror_copy, tmp_path, crawled_archive):
    _root, server = mirror_copy
    data = tmp_path / "data"
    command = [
        sys.executable,
        "-m",
        "rcc_archive.cli",
        "crawl",
        "--mirror",
        server.url,
        "--data-dir",
        str(data),
        "--quiet",
        "--delay",
        "0.05",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path = data / "archive.db"
    deadline = time.monotonic() + 60
    fetched = 0
    while time.monotonic() < deadline and process.poll() is None:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=1) as conn:
                    fetched = conn.execute(
                        "select count(*) from fetches where kind = 'document'"
                    ).fetchone()[0]
            except sqlite3.Error:
                fetched = 0
            if fetched >= 15:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the crawl finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)

    data_dir = DataDir.at(data)
    rerun = crawl(data_dir, CrawlOptions(mirror=server.url, quiet=True))
    assert rerun.status == "ok", rerun.notes
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        runs = conn.execute("select status, notes from crawl_runs order by id").fetchall()
    assert runs[0][0] == "failed" and "interrupted" in runs[0][1]
    blobs = data_dir.blobs()
    # A killed writer may leave a temporary file, never a partial blob under a hash name:
    # verify names exactly those leftovers, and removing them leaves every blob sound.
    leftovers = sorted(blobs.root.glob("??/??/.tmp-*"))
    audit = verify_archive(data_dir)
    assert sorted(audit.temporaries) == leftovers
    assert audit.ok and not audit.corrupted, (audit.missing, audit.corrupted)
    assert blobs.remove_temporaries() == len(leftovers)
    assert not list(blobs.root.glob("??/??/.tmp-*"))
    for sha in blobs.iter_hashes():
        from rcc_archive.archive.blobs import sha256_hex

        assert sha256_hex(blobs.read(sha)) == sha

    def shape(data_dir: DataDir) -> set[tuple]:
        return {
            (d["url"], d["sha256"], d["region"], d["title"], d["section"], d["status"])
            for d in _documents(data_dir).values()
        }

    assert shape(data_dir) == shape(crawled_archive)
