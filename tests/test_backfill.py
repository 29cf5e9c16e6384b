"""Backfill from a real replay server: pywb holding the bundled mirror as captured on two dates.

The archive is crawled from the mirror today, then backfilled twice from pywb on loopback
(``--wayback http://127.0.0.1:PORT``). Between the two capture dates one plan page and one
PDF changed, and the 2019 page linked a plan that no longer exists.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pywb_replay import PywbServer
from wayback_history import NEW_ISO, OLD, OLD_ISO, History, build_history, write_warc

from rcc_archive.archive.backfill import ONLY_WAYBACK
from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import RunSummary
from rcc_archive.mirror.server import MirrorServer
from rcc_archive.publish.history import save_history
from rcc_archive.scraper.crawl import CrawlOptions, crawl
from rcc_archive.scraper.spiders.wayback import BackfillTarget
from rcc_archive.scraper.urls import canonical_url
from rcc_archive.scraper.wayback_run import BackfillOptions, backfill


@pytest.fixture(scope="module")
def history() -> History:
    return build_history()


@pytest.fixture(scope="module")
def pywb(history: History, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PywbServer]:
    root = tmp_path_factory.mktemp("pywb")
    warc = write_warc(history, root / "history.warc.gz")
    with PywbServer(root / "collections-root", [warc]) as server:
        yield server


@pytest.fixture(scope="module")
def backfilled(
    bundled_mirror: MirrorServer, pywb: PywbServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[DataDir, list[RunSummary]]:
    """Crawled today, then backfilled twice from pywb; returns the data dir and the runs."""
    data_dir = DataDir.at(tmp_path_factory.mktemp("backfill") / "data")
    assert crawl(data_dir, CrawlOptions(mirror=bundled_mirror.url, quiet=True)).status == "ok"
    options = BackfillOptions(target=BackfillTarget(wayback=pywb.url), delay=0)
    runs = []
    for _ in range(2):
        with data_dir.lock():
            runs.append(backfill(data_dir, options))
    return data_dir, runs


def query(data_dir: DataDir, sql: str, params: list | None = None) -> list[dict]:
    return list(data_dir.open_db().query(sql, params or []))


def wanted(history: History, data_dir: DataDir) -> set[tuple[str, str]]:
    """The distinct (URL, bytes) captures the backfill should archive: first of each."""
    robots_refused = {
        row["url"] for row in query(data_dir, "select url from fetches where error like '%robots%'")
    }
    seen: dict[tuple[str, str], str] = {}
    for stamp, url, body, _ in sorted(history.captures):
        if canonical_url(url) not in robots_refused:
            seen.setdefault((canonical_url(url), sha256_hex(body)), stamp)
    return set(seen)


def test_every_capture_is_archived_once(backfilled, history: History) -> None:
    data_dir, _ = backfilled
    captures = query(data_dir, "select * from wayback_captures")
    assert {row["status"] for row in captures} == {"archived"}
    assert {(row["url"], row["sha256"]) for row in captures} == wanted(history, data_dir)
    fetched = query(
        data_dir,
        "select url, count(*) as n from fetches where kind = 'wayback' group by url, sha256",
    )
    assert fetched and all(row["n"] == 1 for row in fetched)
    assert len(fetched) == len(captures)


def test_a_second_run_fetches_nothing_new(backfilled) -> None:
    data_dir, summaries = backfilled
    runs = query(data_dir, "select * from crawl_runs where command = 'backfill' order by id")
    assert [run["status"] for run in runs] == ["ok", "ok"]
    second = runs[1]["id"]
    assert (
        query(data_dir, "select * from fetches where run_id = ? and kind = 'wayback'", [second])
        == []
    )
    assert second_run_added_nothing(data_dir, second)
    assert summaries[0].counts["pages"] > 0 and summaries[1].counts["pages"] == 0


def test_the_command_line_runs_it(backfilled, pywb: PywbServer) -> None:
    from click.testing import CliRunner

    from rcc_archive.cli import main

    data_dir, _ = backfilled
    result = CliRunner().invoke(
        main, ["backfill", "--wayback", pywb.url, "--delay", "0", "--data-dir", str(data_dir.root)]
    )
    assert result.exit_code == 0, result.output
    (run,) = query(data_dir, "select * from crawl_runs order by id desc limit 1")
    assert (run["command"], run["status"], run["mirror"]) == ("backfill", "ok", pywb.url)
    assert second_run_added_nothing(data_dir, run["id"])


def second_run_added_nothing(data_dir: DataDir, run_id: int) -> bool:
    versions = query(
        data_dir,
        "select count(*) as n from document_versions where first_run_id = ?",
        [run_id],
    )[0]["n"]
    captures = query(
        data_dir, "select count(*) as n from wayback_captures where run_id = ?", [run_id]
    )[0]["n"]
    return versions == 0 and captures == 0


def test_the_changed_pdf_has_its_history_in_time_order(
    backfilled, history: History, pywb: PywbServer
) -> None:
    data_dir, _ = backfilled
    document = query(data_dir, "select * from documents where url = ?", [history.changed_pdf])[0]
    versions = query(
        data_dir,
        "select * from document_versions where document_id = ? order by first_seen, rowid",
        [document["id"]],
    )
    old, current = versions
    assert old["sha256"] == sha256_hex(history.old_pdf_body)
    assert (old["source"], old["first_seen"], old["last_seen"]) == ("wayback", OLD_ISO, OLD_ISO)
    assert old["source_url"] == f"{pywb.url}/web/{OLD}id_/{history.changed_pdf}"
    # The crawl's own version keeps its source; its 2021 capture only moved first_seen back.
    assert (current["source"], current["source_url"]) == ("crawl", None)
    assert current["first_seen"] == NEW_ISO
    assert document["sha256"] == current["sha256"] and document["status"] == "current"


def test_a_plan_linked_only_in_2019_becomes_a_removed_document(
    backfilled, history: History
) -> None:
    data_dir, _ = backfilled
    (document,) = query(data_dir, "select * from documents where url = ?", [history.withdrawn_pdf])
    assert document["status"] == "removed"
    assert document["status_reason"] == ONLY_WAYBACK
    assert document["found_on"] == history.changed_page
    assert document["title"] == "Regional cancerplan 2015–2018"
    assert document["sha256"] == sha256_hex(history.withdrawn_body)
    (version,) = query(
        data_dir, "select * from document_versions where document_id = ?", [document["id"]]
    )
    assert (version["source"], version["first_seen"]) == ("wayback", OLD_ISO)


def test_the_changed_page_gets_its_2019_version_and_a_diff(backfilled, history: History) -> None:
    data_dir, _ = backfilled
    versions = query(
        data_dir,
        "select * from web_page_versions where url = ? order by first_seen, rowid",
        [history.changed_page],
    )
    assert [(v["source"], v["first_seen"]) for v in versions] == [
        ("wayback", OLD_ISO),
        ("crawl", NEW_ISO),
    ]
    page = query(data_dir, "select * from web_pages where url = ?", [history.changed_page])[0]
    assert page["sha256"] == versions[-1]["sha256"] and page["status"] == "current"
    db = data_dir.open_db()
    save_history(db)
    removed = [
        row["line"]
        for row in db.query(
            "select line from page_diffs where url = ? and change = '-'", [history.changed_page]
        )
    ]
    # From 2019 to now the link to the withdrawn plan went away, in that direction.
    assert any("2015–2018" in line for line in removed)


def test_pages_and_documents_the_crawl_knows_keep_their_current_bytes(backfilled) -> None:
    data_dir, _ = backfilled
    drifted = query(
        data_dir,
        """
        select d.url from documents d
        where exists (select 1 from document_versions v where v.document_id = d.id
                      and v.source = 'crawl')
          and d.sha256 not in (select sha256 from document_versions v where v.document_id = d.id
                               and v.source = 'crawl')
        """,
    )
    assert drifted == []
