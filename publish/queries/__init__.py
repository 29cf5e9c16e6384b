"""The canned queries, one ``.sql`` file each, assembled into ``datasette_metadata.json``.

Reads ``publish/queries/*.sql`` (this folder) and the repository's
``datasette_metadata.json``; writes that JSON file's ``queries`` section and the
dashboard's plugin configuration (``publish.dashboard``) when asked to.

Each file opens with a comment block of ``-- key: value`` lines, for example::

    -- title: Sök i planerna
    -- description: De 500 sidor som bäst matchar en sökning …
    --   a line indented by two more spaces continues the value above.
    -- params: term
    -- hide_sql: true
    -- input: term=search

``params`` are the query's named parameters in the order the form shows them;
``input`` says how each parameter is checked before the query runs (see
``publish.checks``; published under ``plugins["rcc-archive"]["inputs"]``): ``search``, ``date``, ``region``, ``doc_type``, ``integer``.
The rest of the file is the SQL. ``python -m rcc_archive.publish.queries`` rewrites the JSON;
``python -m rcc_archive.publish.queries --check`` exits 1 when the JSON is not what the files say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
DATABASE = "archive"
# The plugin-configuration key under which the parameter checks are published.
PLUGIN = "rcc-archive"
# Keys Datasette reads from a canned query; "input" is ours (publish.checks).
_KEYS = ("title", "description", "params", "hide_sql", "input")
_HEADER = re.compile(r"^-- ([a-z_]+): ?(.*)$")
_CONTINUED = re.compile(r"^--   ?(.*)$")


class QueryFileError(ValueError):
    """A query file whose header cannot be read."""


def parse_query_file(path: Path) -> dict[str, Any]:
    """Return one canned query (title, description, params, hide_sql, input, sql) from a file."""
    header: dict[str, str] = {}
    key = None
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = len(lines)
    for number, line in enumerate(lines):
        found = _HEADER.match(line)
        continued = _CONTINUED.match(line)
        if found and found.group(1) in _KEYS:
            key = found.group(1)
            header[key] = found.group(2).strip()
        elif continued and key is not None:
            header[key] = f"{header[key]} {continued.group(1).strip()}".strip()
        elif line.strip() == "--" or (line.startswith("--") and key is None):
            continue
        else:
            body_start = number
            break
    sql = "\n".join(lines[body_start:]).strip()
    missing = [name for name in ("title", "description") if not header.get(name)]
    if missing or not sql:
        raise QueryFileError(f"{path.name}: missing {', '.join(missing) or 'SQL'}")
    query: dict[str, Any] = {
        "title": header["title"],
        "description": header["description"],
        "params": header.get("params", "").split(),
        "sql": sql,
        "hide_sql": header.get("hide_sql", "true").lower() != "false",
    }
    if header.get("input"):
        query["input"] = dict(item.split("=", 1) for item in header["input"].split())
    return query


def load_queries(folder: Path = FOLDER) -> dict[str, dict[str, Any]]:
    """Return every canned query in ``folder``, keyed by file name, in name order."""
    return {path.stem: parse_query_file(path) for path in sorted(folder.glob("*.sql"))}


def assemble_metadata(metadata: dict[str, Any], folder: Path = FOLDER) -> dict[str, Any]:
    """Return ``metadata`` with its canned queries and dashboard taken from the query files."""
    from rcc_archive.publish.dashboard import dashboard_config

    queries = load_queries(folder)
    assembled = json.loads(json.dumps(metadata))
    database = assembled.setdefault("databases", {}).setdefault(DATABASE, {})
    database["queries"] = {
        name: {key: query[key] for key in ("title", "description", "params", "sql", "hide_sql")}
        for name, query in queries.items()
    }
    plugins = assembled.setdefault("plugins", {})
    plugins["datasette-dashboards"] = dashboard_config(queries)
    plugins.setdefault(PLUGIN, {})["inputs"] = {
        name: query["input"] for name, query in queries.items() if query.get("input")
    }
    return assembled


def render_metadata(metadata: dict[str, Any]) -> str:
    """Return the metadata as the JSON file holds it."""
    return json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
