"""The public schema in ``shared/schema.md`` is what ``archive.schema.TABLES`` declares.

Reads ``../shared/schema.md`` (the owner's promise to analysts, a markdown table),
``archive/schema.py`` and ``datasette_metadata.json``; writes nothing.
"""

from __future__ import annotations

import json
import re

from shared_material import REPO, SCHEMA_MD, require

from rcc_archive.archive.schema import PRIMARY_KEYS, TABLES

_BACKTICKED = re.compile(r"`([a-z_][a-z0-9_]*)`")
_PARENTHESISED = re.compile(r"\([^()]*\)")

# schema.md words the crawl_runs counts in prose; these are the columns that hold them.
PROSE_COLUMNS = {
    "crawl_runs": {
        "pages",
        "documents_new",
        "documents_changed",
        "documents_unchanged",
        "documents_removed",
        "documents_broken",
        "errors",
        "bytes_downloaded",
    },
}


def _strip_parentheses(text: str) -> str:
    """Drop parenthesised asides (controlled values, examples), innermost first."""
    while _PARENTHESISED.search(text):
        text = _PARENTHESISED.sub("", text)
    return text


def promised_tables() -> dict[str, tuple[set[str], set[str]]]:
    """Parse schema.md's table of tables: name -> (key columns, other columns)."""
    text = require(SCHEMA_MD).read_text(encoding="utf-8")
    tables: dict[str, tuple[set[str], set[str]]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        name, key, columns = cells
        # A row may go on in prose after a colon ("…: every URL a document has been linked by").
        columns = _strip_parentheses(columns).split(": ", 1)[0]
        tables[name.strip("`")] = (set(_BACKTICKED.findall(key)), set(_BACKTICKED.findall(columns)))
    return tables


def test_schema_md_parses_into_every_promised_table() -> None:
    tables = promised_tables()
    assert {"documents", "document_versions", "files", "pdf_pages", "fetches"} <= set(tables)
    assert tables["web_page_versions"][0] == {"url", "sha256"}
    assert "status" in tables["crawl_runs"][1]
    # Controlled values in parentheses are not columns.
    assert "running" not in tables["crawl_runs"][1]


def test_every_promised_column_is_declared_in_tables() -> None:
    for name, (key, columns) in promised_tables().items():
        assert name in TABLES, f"schema.md promises table {name}; archive/schema.py lacks it"
        declared = set(TABLES[name])
        promised = key | columns | PROSE_COLUMNS.get(name, set())
        assert promised - declared == set(), f"{name}: promised but not declared"
        pk = PRIMARY_KEYS[name]
        assert set((pk,) if isinstance(pk, str) else pk) == key, f"{name}: key differs"


def test_every_declared_column_is_described_for_analysts() -> None:
    metadata = json.loads((REPO / "datasette_metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["archive"]["tables"]
    for name, columns in TABLES.items():
        assert described.get(name, {}).get("description"), f"{name} has no description"
        undescribed = [c for c in columns if not described[name].get("columns", {}).get(c)]
        assert undescribed == [], f"{name}: no description for {undescribed}"
