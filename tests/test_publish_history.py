"""History and change feed: version diffs, the changes view and its Atom feed, through Datasette.

The archive is written the way the crawl writes it (``archive.catalogue.Catalogue`` and
``archive.runs.finish_run``), three complete runs of one page that links five documents;
the extracted page texts are written the way extraction writes them.
"""

from __future__ import annotations

import hashlib
import sqlite3
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_publish_fixture import make_pdf

from rcc_archive.archive.catalogue import Catalogue, DocumentLink, PageRecord
from rcc_archive.archive.datadir import DataDir
from rcc_archive.archive.runs import finish_run
from rcc_archive.publish.build import publish_archive
from rcc_archive.publish.history import MAX_DIFF_LINES
from rcc_archive.publish.plugin import render_cell
from rcc_archive.publish.serve import make_datasette, read_metadata

ATOM = "{http://www.w3.org/2005/Atom}"
PAGE = "https://cancercentrum.se/norr/om-oss/cancerplan/"
PAGE_TITLE = "Cancerplan Norr"
BASE = "https://cancercentrum.se/norr/om-oss/"
# key -> (url, title); ids follow the order the first run links them in.
DOCS = {
    "plan": (BASE + "regional-cancerplan.pdf", "Regional cancerplan Norr 2024–2027"),
    "old": (BASE + "handlingsplan-2022.pdf", "Handlingsplan 2022"),
    "followup": (BASE + "uppfoljning-2024.pdf", "Uppföljning 2024"),
    "annex": (BASE + "bilaga-1.pdf", "Bilaga 1: Screening"),
    "report": (BASE + "rapport-2025.pdf", "Rapport 2025"),
}
PLAN_V1 = [
    "Regional cancerplan för norra sjukvårdsregionen 2024–2027.",
    "Screening för tjocktarmscancer införs 2025.\nAlla regioner deltar.",
    "Uppföljning sker årligen.",
]
PLAN_V2 = [
    PLAN_V1[0],
    "Screening för tjocktarmscancer införs 2026.\nAlla regioner deltar.",
    PLAN_V1[2],
]
PAGE_V1 = "Cancerplan för Norr\nPlanen gäller 2024–2027.\nKontakta oss."
PAGE_V2 = "Cancerplan för Norr\nPlanen gäller 2024–2028.\nKontakta oss."
OTHER = {"old": ["Handlingsplan 2022."], "followup": ["Uppföljning."], "annex": ["Bilaga."]}


@dataclass
class Fetch:
    """What a document's request gave in one run: its pages' texts, or an error."""

    texts: list[str] | None = None
    error: str | None = None


class CrawlWriter:
    """Writes crawl runs through the crawl's own catalogue API, and extracted texts."""

    def __init__(self, data_dir: DataDir) -> None:
        self.data_dir = data_dir

    def run(self, page_text: str, page_html: str, docs: dict[str, Fetch | None]) -> int:
        """Record one complete run; a document mapped to None is linked but not fetched."""
        catalogue = Catalogue(self.data_dir)
        try:
            run = catalogue.start_run(mirror="http://127.0.0.1:9")
            body = page_html.encode()
            fetch = catalogue.record_fetch(run, PAGE, kind="page", http_status=200)
            outcome = catalogue.save_page(
                run,
                PageRecord(url=PAGE, body=body, region="norr", title=PAGE_TITLE, text=page_text),
            )
            catalogue.update_fetch(fetch, outcome=outcome, sha256=hashlib.sha256(body).hexdigest())
            for key, result in docs.items():
                url, title = DOCS[key]
                catalogue.save_link(
                    run, DocumentLink(url, PAGE, f"{title} (pdf)", title, "Dokument", "norr")
                )
                if result is None:
                    continue
                fetch = catalogue.record_fetch(run, url, kind="document")
                if result.error:
                    catalogue.update_fetch(fetch, outcome="error", error=result.error)
                    catalogue.mark_document_broken(run, url, result.error)
                    continue
                outcome, sha = catalogue.save_document_body(run, url, make_pdf(result.texts, key))
                catalogue.update_fetch(fetch, http_status=200, outcome=outcome, sha256=sha)
            finish_run(catalogue.db, run, complete=True)
            return run
        finally:
            catalogue.db.conn.close()

    def extract(
        self,
        texts: list[str],
        key: str,
        when: str = "2026-01-01T00:00:00Z",
        extracted: list[str] | None = None,
    ) -> str:
        """Write the page texts of the file made from ``texts`` as extraction does (or, for
        a re-extraction that reads it differently, ``extracted``); return its sha256."""
        sha = hashlib.sha256(make_pdf(texts, key)).hexdigest()
        texts = extracted or texts
        db = self.data_dir.open_db()
        try:
            with db.conn:
                db.execute("DELETE FROM pdf_pages WHERE sha256 = ?", [sha])
                db["pdf_pages"].insert_all(
                    {"sha256": sha, "page_number": n, "text": text, "chars": len(text)}
                    for n, text in enumerate(texts, start=1)
                )
                db["files"].update(sha, {"extract_status": "ok", "extracted_at": when})
        finally:
            db.conn.close()
        return sha


def first_two_runs(root: Path, *, extract_plan_v2: bool = True) -> CrawlWriter:
    """Run 1 finds four documents; run 2 changes the plan and the page, drops one, breaks one, adds one."""
    writer = CrawlWriter(DataDir.at(root))
    writer.run(
        PAGE_V1,
        "<html>1</html>",
        {
            "plan": Fetch(PLAN_V1),
            "old": Fetch(OTHER["old"]),
            "followup": Fetch(OTHER["followup"]),
        },
    )
    writer.extract(PLAN_V1, "plan")
    for key, texts in OTHER.items():
        if key != "annex":
            writer.extract(texts, key)
    writer.run(
        PAGE_V2,
        "<html>2</html>",
        {
            "plan": Fetch(PLAN_V2),
            "followup": Fetch(error="HTTP 503 Service Unavailable"),
            "annex": Fetch(OTHER["annex"]),
        },
    )
    if extract_plan_v2:
        writer.extract(PLAN_V2, "plan")
    return writer


def third_run(writer: CrawlWriter) -> None:
    """Run 3: the plan goes back to its first bytes, the page's HTML (not its text) changes,
    the follow-up is fine again, and a new link is never fetched."""
    writer.run(
        PAGE_V2,
        "<html>3</html>",
        {
            "plan": Fetch(PLAN_V1),
            "followup": Fetch(OTHER["followup"]),
            "annex": Fetch(OTHER["annex"]),
            "report": None,
        },
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> DataDir:
    writer = first_two_runs(tmp_path_factory.mktemp("history") / "data")
    third_run(writer)
    publish_archive(writer.data_dir)
    return writer.data_dir


@pytest.fixture(scope="module")
def ds(history):
    return make_datasette(history)


async def rows_of(ds, path: str, **params: str) -> list[dict]:
    response = await ds.client.get(
        f"/archive/{path}.json", params={**params, "_shape": "array", "_size": "max"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def count_rows(data_dir: DataDir) -> dict[str, int]:
    conn = sqlite3.connect(data_dir.db_path)
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("page_diffs", "document_diffs", "version_diffs")
        }
    finally:
        conn.close()


async def test_a_changed_line_on_page_2_is_exactly_one_removed_and_one_added_line(ds):
    rows = await rows_of(ds, "document_diffs", document_id="1")
    assert [(row["page_number"], row["line_no"], row["change"], row["line"]) for row in rows] == [
        (2, 1, "-", "Screening för tjocktarmscancer införs 2025."),
        (2, 1, "+", "Screening för tjocktarmscancer införs 2026."),
    ]
    assert {row["from_sha256"] for row in rows} != {row["to_sha256"] for row in rows}


async def test_a_changed_page_has_its_changed_line_and_both_dates(ds):
    rows = await rows_of(ds, "page_diffs", url=PAGE)
    assert [(row["line_no"], row["change"], row["line"]) for row in rows] == [
        (2, "-", "Planen gäller 2024–2027."),
        (2, "+", "Planen gäller 2024–2028."),
    ]
    assert all(row["from_seen"] <= row["to_seen"] for row in rows)
    pairs = await rows_of(ds, "version_diffs", kind="page")
    # Three page versions, two pairs: the second differs only in its HTML, not its text.
    assert sorted((row["lines_added"], row["lines_removed"]) for row in pairs) == [(0, 0), (1, 1)]


async def test_changes_lists_each_runs_new_changed_removed_and_broken_documents(ds):
    rows = await rows_of(ds, "changes")
    assert [(row["run_id"], row["change"], row["document_id"]) for row in rows] == [
        (3, "broken", 5),
        (3, "changed", 1),
        (2, "broken", 3),
        (2, "changed", 1),
        (2, "new", 4),
        (2, "page changed", None),
        (2, "removed", 2),
        (1, "new", 1),
        (1, "new", 2),
        (1, "new", 3),
    ]
    by_event = {(row["run_id"], row["change"], row["document_id"]): row for row in rows}
    changed = by_event[(2, "changed", 1)]
    assert (changed["lines_added"], changed["lines_removed"]) == (1, 1)
    assert changed["title"] == DOCS["plan"][1]
    assert changed["region"] == "norr"
    assert changed["detail"].startswith("previous version ")
    assert by_event[(3, "changed", 1)]["detail"].startswith("back to an earlier version")
    assert by_event[(2, "broken", 3)]["detail"] == "HTTP 503 Service Unavailable"
    assert "no response was archived" in by_event[(3, "broken", 5)]["detail"]
    assert "no longer linked" in by_event[(2, "removed", 2)]["detail"]
    page = by_event[(2, "page changed", None)]
    assert (page["url"], page["title"], page["lines_added"]) == (PAGE, PAGE_TITLE, 1)


async def test_changes_link_to_their_diff(ds):
    response = await ds.client.get("/archive/changes", params={"change": "changed"})
    assert 'href="/archive/document_diffs?document_id=1&amp;to_sha256=' in response.text
    rows = await rows_of(ds, "changes", change="changed", run_id="2")
    target = rows[0]["diff"].split("](", 1)[1].rstrip(")")
    lines = await ds.client.get(target.replace("document_diffs?", "document_diffs.json?"))
    assert len(lines.json()["rows"]) == 2


async def test_the_atom_feed_has_one_entry_per_change_with_the_documents_title(ds):
    response = await ds.client.get("/archive/changes_feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "Ändringar i arkivet (Atom-flöde)"
    entries = feed.findall(f"{ATOM}entry")
    changes = await rows_of(ds, "changes")
    assert len(entries) == len(changes) == 10
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry, change in zip(entries, changes, strict=True):
        assert change["title"] in entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}link").get("href") == change["url"]
        assert entry.find(f"{ATOM}updated").text.startswith(change["started_at"][:19])
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "RCC Norr"
    changed = entries[[c["change"] for c in changes].index("changed", 2)]
    assert changed.find(f"{ATOM}title").text == f"Ny version: {DOCS['plan'][1]} (Norr)"
    content = changed.find(f"{ATOM}content").text
    assert "- Screening för tjocktarmscancer införs 2025." in content
    assert "+ Screening för tjocktarmscancer införs 2026." in content


async def test_document_diff_and_page_diff_queries_show_the_lines(ds, history):
    rows = await rows_of(ds, "document_diff", document_id="1")
    assert [(row["change"], row["page_number"], row["truncated"]) for row in rows] == [
        ("-", 2, 0),
        ("+", 2, 0),
    ]
    assert rows[0]["archived_page"].endswith(f"{rows[0]['from_sha256']}#page=2)")
    assert rows[1]["archived_page"].endswith(f"{rows[1]['to_sha256']}#page=2)")
    assert await rows_of(ds, "document_diff", document_id="2") == []
    rows = await rows_of(ds, "page_diff", url=PAGE)
    assert [(row["change"], row["line"], row["title"]) for row in rows] == [
        ("-", "Planen gäller 2024–2027.", PAGE_TITLE),
        ("+", "Planen gäller 2024–2028.", PAGE_TITLE),
    ]


def test_publishing_again_adds_no_diff_rows(history):
    before = count_rows(history)
    summary = publish_archive(history)
    assert (summary.page_pairs_diffed, summary.document_pairs_diffed) == (0, 0)
    assert (
        count_rows(history)
        == before
        == {
            "page_diffs": 2,
            "document_diffs": 2,
            "version_diffs": 3,
        }
    )


def test_a_document_pair_waits_for_both_texts_then_is_diffed_once(tmp_path):
    writer = first_two_runs(tmp_path / "data", extract_plan_v2=False)
    waiting = publish_archive(writer.data_dir)
    assert (waiting.document_pairs_diffed, waiting.document_pairs_waiting) == (0, 1)
    assert count_rows(writer.data_dir)["document_diffs"] == 0
    writer.extract(PLAN_V2, "plan")
    diffed = publish_archive(writer.data_dir)
    assert (diffed.document_pairs_diffed, diffed.document_pairs_waiting) == (1, 0)
    assert count_rows(writer.data_dir)["document_diffs"] == 2


def test_a_re_extracted_file_is_diffed_again_and_its_old_lines_forgotten(tmp_path):
    writer = first_two_runs(tmp_path / "data")
    publish_archive(writer.data_dir)
    better = [*PLAN_V2[:2], "Uppföljning sker varje år."]
    writer.extract(PLAN_V2, "plan", when="2026-02-01T00:00:00Z", extracted=better)
    assert publish_archive(writer.data_dir).document_pairs_diffed == 1
    conn = sqlite3.connect(writer.data_dir.db_path)
    lines = conn.execute(
        "SELECT page_number, change, line FROM document_diffs ORDER BY id"
    ).fetchall()
    conn.close()
    assert lines == [
        (2, "-", "Screening för tjocktarmscancer införs 2025."),
        (2, "+", "Screening för tjocktarmscancer införs 2026."),
        (3, "-", "Uppföljning sker årligen."),
        (3, "+", "Uppföljning sker varje år."),
    ]


async def test_a_huge_change_keeps_a_bounded_diff_and_says_so(tmp_path):
    writer = CrawlWriter(DataDir.at(tmp_path / "data"))
    many = 1_500
    writer.run("\n".join(f"Rad {n}." for n in range(many)), "<html>a</html>", {})
    writer.run("\n".join(f"Ny rad {n}." for n in range(many)), "<html>b</html>", {})
    publish_archive(writer.data_dir)
    ds = make_datasette(writer.data_dir)
    pair = (await rows_of(ds, "version_diffs"))[0]
    assert (pair["lines_added"], pair["lines_removed"], pair["truncated"]) == (many, many, 1)
    assert count_rows(writer.data_dir)["page_diffs"] == MAX_DIFF_LINES
    rows = await rows_of(ds, "page_diff", url=PAGE)
    assert {row["truncated"] for row in rows} == {1}


async def test_every_history_table_and_view_column_is_described(ds):
    tables = read_metadata()["databases"]["archive"]["tables"]
    for name in ("changes", "page_diffs", "document_diffs", "version_diffs"):
        response = await ds.client.get(f"/archive/{name}.json", params={"_size": "1"})
        columns = set(response.json()["columns"]) - {"rowid"}
        described = {column for column, text in tables[name]["columns"].items() if text}
        assert columns == described, name
        assert tables[name]["description"], name


def test_internal_links_may_filter_a_table_but_never_name_another_host(ds):
    link = "[diff](/archive/document_diffs?document_id=1&to_sha256=ab)"
    html = render_cell(None, link, "diff", "changes", "archive", ds)
    assert str(html) == '<a href="/archive/document_diffs?document_id=1&amp;to_sha256=ab">diff</a>'
    assert render_cell(None, "[diff](//evil.example/x)", "diff", "changes", "archive", ds) is None
