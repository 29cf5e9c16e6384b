"""Classify the catalogue's documents, each again only when what it is classified from changed.

Reads ``documents`` (link text, title, section, URL, region, page found on), page 1 of
each document's current version (``files`` → ``pdf_pages``) and ``_classified`` (declared
in ``archive.schema``); writes ``documents.doc_type``, ``period_start``, ``period_end``,
``year``, ``diagnosis`` and ``classified_by``, and in ``_classified`` the inputs each
document was classified from.

Incremental: a document is classified when it is new, when one of its inputs changed (a
new link text or section, a new version, its file extracted again) or when the rules
changed (``rules_fingerprint``: a hash of the rule modules' source), so an update that
found nothing new classifies nothing, however many documents the archive holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import sqlite_utils

from rcc_archive.archive import regions, titles
from rcc_archive.archive.schema import CLASSIFIED_TABLE
from rcc_archive.extract import classify as rules
from rcc_archive.extract import years
from rcc_archive.extract.classify import classify, region_notes

_COLUMNS = ("doc_type", "period_start", "period_end", "year", "diagnosis", "classified_by")
# Everything ``classify`` and ``region_notes`` read of a document, and the rules' version:
# the file's hash and extraction time stand for its first page.
_INPUTS = (
    "json_array(:rules, d.url, d.link_text, d.title, d.section, d.found_on, d.region, "
    "d.sha256, f.extracted_at)"
)
_SELECT = f"""
select d.id, d.url, d.link_text, d.title, d.section, d.found_on, d.region,
       d.doc_type, d.period_start, d.period_end, d.year, d.diagnosis, d.classified_by,
       p.text as first_page, {_INPUTS} as inputs
from documents d
left join files f on f.sha256 = d.sha256
left join {CLASSIFIED_TABLE} c on c.document_id = d.id
left join pdf_pages p on p.sha256 = f.sha256 and p.page_number = 1
"""


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Return a hash of the classification rules' source: a change to any rule changes it."""
    digest = hashlib.sha256()
    for module in (rules, years, regions, titles):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def classify_documents(db: sqlite_utils.Database, only_ids: Iterable[int] | None = None) -> int:
    """Classify the documents whose inputs changed (or exactly ``only_ids``); return rows changed."""
    updates: list[tuple[int, dict]] = []
    seen: list[tuple[int, str]] = []
    for row in _read_rows(db, only_ids):
        result = classify(
            row["link_text"] or row["title"] or "",
            row["section"] or "",
            row["url"] or "",
            row["first_page"] or "",
        )
        notes = [*result.evidence, *region_notes(row["region"], row["found_on"], result)]
        values = {
            "doc_type": result.doc_type,
            "period_start": result.period_start,
            "period_end": result.period_end,
            "year": result.year,
            "diagnosis": result.diagnosis,
            "classified_by": "; ".join(notes),
        }
        seen.append((row["id"], row["inputs"]))
        if any(row[column] != values[column] for column in _COLUMNS):
            updates.append((row["id"], values))
    assignments = ", ".join(f"{column} = ?" for column in _COLUMNS)
    with db.conn:  # one transaction: a batch is classified whole or not at all
        db.conn.executemany(
            f"update documents set {assignments} where id = ?",
            [[values[column] for column in _COLUMNS] + [doc_id] for doc_id, values in updates],
        )
        db.conn.executemany(f"insert or replace into {CLASSIFIED_TABLE} values (?, ?)", seen)
    return len(updates)


def _read_rows(db: sqlite_utils.Database, only_ids: Iterable[int] | None) -> Iterator[dict]:
    params = {"rules": rules_fingerprint()}
    if only_ids is None:
        yield from db.query(_SELECT + f" where c.inputs is not {_INPUTS} order by d.id", params)
        return
    ids = sorted(set(only_ids))
    for at in range(0, len(ids), 500):  # stay under SQLite's bound-variable limit
        chunk = {f"id{index}": value for index, value in enumerate(ids[at : at + 500])}
        marks = ", ".join(f":{name}" for name in chunk)
        yield from db.query(_SELECT + f" where d.id in ({marks}) order by d.id", params | chunk)
