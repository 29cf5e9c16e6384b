"""Shared fixtures: the bundled mirror served on loopback, and archives crawled from it.

Reads ``mirror/site``; writes temporary data directories. Session-scoped where a crawl
is expensive, so several test files assert on one real crawl.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_material import shared_corpus  # noqa: F401  (a fixture for the corpus tests)

from rcc_archive.archive.datadir import DataDir
from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.server import MirrorServer, serve_mirror
from rcc_archive.scraper.crawl import CrawlOptions, crawl

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bundled_mirror() -> Iterator[MirrorServer]:
    """The bundled mirror, served read-only from the repository on 127.0.0.1."""
    with serve_mirror(SITE_DIR) as server:
        yield server


@pytest.fixture(scope="session")
def expected_documents() -> list[dict[str, str]]:
    """The hand-written table of every document the bundled mirror links."""
    with open(REPO / "mirror" / "expected_documents.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def expected_excluded() -> list[dict[str, str]]:
    """URLs on the mirror's pages that must never be requested, with the reason."""
    with open(REPO / "mirror" / "expected_excluded.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def crawled_archive(
    bundled_mirror: MirrorServer, tmp_path_factory: pytest.TempPathFactory
) -> DataDir:
    """A data directory after one crawl of the bundled mirror (crawl stage only)."""
    data_dir = DataDir.at(tmp_path_factory.mktemp("crawled") / "data")
    summary = crawl(data_dir, CrawlOptions(mirror=bundled_mirror.url, quiet=True))
    assert summary.status in ("ok", "warning"), summary
    return data_dir


@pytest.fixture
def mirror_copy(tmp_path: Path) -> Iterator[tuple[Path, MirrorServer]]:
    """A private, editable copy of the bundled mirror, served on its own port."""
    root = tmp_path / "site"
    shutil.copytree(SITE_DIR, root)
    with serve_mirror(root) as server:
        yield root, server


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """The demo archive, built the way a user builds it: ``rcc-archive demo --no-serve``."""
    import subprocess
    import sys

    data = tmp_path_factory.mktemp("demo") / "demo-data"
    result = subprocess.run(
        [sys.executable, "-m", "rcc_archive.cli", "demo", "--no-serve", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return DataDir.at(data)
