"""One hostile file cannot hang or kill the batch: time limit, memory limit, a worker killed."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from extract_samples import archive_bytes, decompression_bomb_pdf, simple_pdf, slow_pdf

from rcc_archive.archive.datadir import DataDir
from rcc_archive.extract.runner import ExtractProgress, extract_archive

pytestmark = pytest.mark.reliability


def statuses(data_dir: DataDir) -> dict[str, tuple[str, str | None]]:
    db = data_dir.open_db()
    try:
        rows = db.execute("select sha256, extract_status, extract_error from files").fetchall()
    finally:
        db.close()
    return {sha256: (status, reason) for sha256, status, reason in rows}


def test_slow_file_times_out_and_bomb_hits_memory_limit_while_the_rest_completes(
    tmp_path,
) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    slow, bomb, *good = archive_bytes(
        data_dir,
        [slow_pdf(), decompression_bomb_pdf(), simple_pdf("Första planen."), simple_pdf("Andra.")],
    )
    summary = extract_archive(data_dir, workers=2, timeout_s=3, memory_mb=300)

    found = statuses(data_dir)
    assert found[slow][0] == "timeout"
    assert "no result within 3 s" in found[slow][1]
    assert found[bomb] == ("broken", "memory limit of 300 MB reached while extracting")
    assert [found[sha256][0] for sha256 in good] == ["ok", "ok"]
    assert summary.statuses == {"timeout": 1, "broken": 1, "ok": 2}


def test_a_killed_worker_marks_its_file_broken_and_the_batch_goes_on(tmp_path) -> None:
    data_dir = DataDir.at(tmp_path / "data")
    # 40 pages: few enough to be read as one task, so the kill lands inside that task.
    slow, good = archive_bytes(data_dir, [slow_pdf(pages=40), simple_pdf("Planen blir klar.")])

    others = {child.pid for child in multiprocessing.active_children()}

    def kill_workers_once_good_is_done(step: ExtractProgress) -> None:
        # Both workers are killed: the idle one is replaced unnoticed, the busy one
        # dies in the middle of the slow file, as if the kernel's OOM killer struck.
        if step.sha256 == good:
            for child in multiprocessing.active_children():
                if child.pid not in others:
                    os.kill(child.pid, signal.SIGKILL)

    summary = extract_archive(
        data_dir, workers=2, timeout_s=120, progress=kill_workers_once_good_is_done
    )

    found = statuses(data_dir)
    assert found[good][0] == "ok"
    assert found[slow][0] == "broken"
    assert found[slow][1].startswith("worker died (signal 9 SIGKILL)")
    assert summary.done == 2


def test_a_five_thousand_page_file_is_refused_as_too_large_without_reading_it(tmp_path) -> None:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    out = BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    for number in range(5000):
        pdf.drawString(72, 720, f"Sida {number + 1} av en mycket lång bilaga")
        pdf.showPage()
    pdf.save()
    data_dir = DataDir.at(tmp_path / "data")
    huge, good = archive_bytes(data_dir, [out.getvalue(), simple_pdf("Planen.")])

    extract_archive(data_dir, workers=2, timeout_s=60, max_pages=3000)

    found = statuses(data_dir)
    assert found[huge][0] == "too_large"
    assert "5000" in found[huge][1] and "3000" in found[huge][1]
    assert found[good][0] == "ok"
    db = data_dir.open_db()
    # Refused from its page count: not one of its pages was read into the archive.
    assert db.execute("select count(*) from pdf_pages where sha256 = ?", [huge]).fetchone()[0] == 0
