"""Build the read-only Datasette app over a published data directory, and run it.

Reads ``<data dir>/archive.db`` (opened read-only, ``mode=ro``), ``<data dir>/blobs/``
(through the plugin's ``/-/archive/<sha256>`` route) and the repository's
``datasette_metadata.json``; writes nothing to the database (SQLite itself keeps its
``-shm`` and ``-wal`` files beside it, which is why the data directory must be writable
by the serving user).

Serving while writing. ``crawl``, ``extract``, ``publish`` and ``update`` write the
catalogue while ``serve`` may be reading it. The catalogue is in WAL mode, so the file is
opened as an ordinary read-only SQLite database (Datasette's ``files=``, which connects
with ``?mode=ro``), never as ``immutable``: an immutable database promises SQLite the
file never changes, so it skips locking and the WAL, and a reader then sees pages of a
half-rewritten index ("database disk image is malformed") and keeps stale counts until
restarted. With ``mode=ro`` every query reads one committed snapshot (WAL readers never
block the writer and are never blocked by it), and the next query sees the next commit,
with no restart. Copying the database into a new file and swapping it in was the other
choice; it would double the disk a large archive needs and still need every reader to
reopen, so it is not done. The server stays read-only regardless: the connections are
``mode=ro``, the plugin refuses every method but GET/HEAD/OPTIONS, and downloading the
database file stays off.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from datasette.app import Datasette
from datasette.plugins import pm

from rcc_archive.archive.datadir import DB_NAME, DataDir
from rcc_archive.publish import plugin
from rcc_archive.publish.fts import FTS_TABLE

# Shipped as package data (publish/datasette_metadata.json, a link to the repository's file),
# so an installed wheel finds it as well as a checkout does.
METADATA_PATH = Path(str(importlib.resources.files(__package__) / "datasette_metadata.json"))
PLUGIN_NAME = "rcc_swedish_search"
# The archive's own page templates (data first, a home per document): publish/templates/.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "default_page_size": 50,
    "max_returned_rows": 1000,
    "allow_download": False,
    # Suggesting facets runs a query per column on every table page: too slow on pdf_pages.
    "suggest_facets": False,
    "allow_csv_stream": True,
    "truncate_cells_html": 400,
    "num_sql_threads": 3,
}


class NotPublishedError(RuntimeError):
    """The data directory has no catalogue, or it was never published."""


def read_metadata(path: Path | None = None) -> dict[str, Any]:
    """Return the Datasette metadata (titles, descriptions, canned queries)."""
    path = path or METADATA_PATH
    if not path.is_file():
        raise FileNotFoundError(f"Datasette metadata not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def make_datasette(
    data_dir: DataDir | str | os.PathLike[str],
    *,
    metadata_path: Path | None = None,
    settings: dict[str, Any] | None = None,
    allow_sql: bool = True,
    base_url: str | None = None,
) -> Datasette:
    """Return a Datasette that serves the published catalogue read-only.

    ``allow_sql=False`` refuses arbitrary SQL (``?sql=``, ``_where``) to everyone while
    table pages, the search box and the canned queries keep working. ``base_url`` is the
    public address (``https://arkiv.example.se``) that CSV exports put in front of the
    archive's links; without it they use the address each request came to.
    """
    root = data_dir if isinstance(data_dir, DataDir) else DataDir(Path(data_dir).resolve())
    db_path = root.root / DB_NAME
    _check_published(db_path)
    # The entry point registers the plugin once the package is installed; registering
    # it here too keeps an uninstalled checkout (and the tests) working.
    if not pm.is_registered(plugin) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(plugin, name=PLUGIN_NAME)
    metadata = read_metadata(metadata_path)
    if base_url is not None:
        plugins = metadata.setdefault("plugins", {})
        plugins.setdefault(PLUGIN_NAME, {})["base_url"] = check_base_url(base_url)
    chosen = {**SETTINGS, **(settings or {})}
    if not allow_sql:
        chosen["default_allow_sql"] = False
    return Datasette(
        # mode=ro, not immutable: see the module docstring (serving while writing).
        files=[str(db_path)],
        template_dir=str(TEMPLATES_DIR),
        metadata=metadata,
        settings=chosen,
    )


def check_base_url(base_url: str) -> str:
    """Return a public base URL without its trailing slash; refuse anything but http(s)://host."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"base URL must look like https://host[/path], got {base_url!r}")
    return base_url.rstrip("/")


def serve(
    data_dir: DataDir | str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8001,
    *,
    allow_sql: bool = True,
    base_url: str | None = None,
) -> None:
    """Serve the archive over HTTP until interrupted (loopback unless told otherwise)."""
    import uvicorn

    ds = make_datasette(data_dir, allow_sql=allow_sql, base_url=base_url)
    uvicorn.run(ds.app(), host=host, port=port, log_level="info")


def _check_published(db_path: Path) -> None:
    if not db_path.is_file():
        raise NotPublishedError(f"no catalogue at {db_path}: crawl and publish first")
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()
    finally:
        conn.close()
    if not found:
        raise NotPublishedError(f"{db_path} has no search index: run publish first")
