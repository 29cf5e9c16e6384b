"""``serve`` keeps answering while ``publish`` rebuilds the index under it, and sees the result.

Reads nothing of the repository but the code; writes a generated catalogue of a few
thousand pages (``bench.synthdb``) under ``tmp_path``. Starts the real server that
``rcc-archive serve`` runs (uvicorn and Datasette) on 127.0.0.1 and a real full publish
(``rebuild=True``) in another process, and asks for a table page, the search canned query and the table search in a
loop until the publish ends (bounded in count and time). Before the fix the server
opened the file immutable: half the requests failed with "database disk image is
malformed", and the new document stayed invisible until a restart.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synthdb import build_database, file_pages, insert_files
from rcc_archive.archive.datadir import DataDir

REPO = Path(__file__).resolve().parent.parent
PAGES = 3_000
NEW_WORD = "zebrafiskstudien"
# Safety bounds only: the loop ends when the publish ends.
MAX_REQUESTS = 3_000
MAX_SECONDS = 120
PATHS = (
    "/archive/pdf_pages?_size=5",
    "/archive/search.json?term=palliativ&_shape=objects",
    "/archive/pdf_pages.json?_search=screening&_size=5",
    "/archive/documents.json?_size=1",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """A published catalogue of 3,000 generated pages."""
    data_dir = DataDir.at(tmp_path_factory.mktemp("serve-publish") / "data")
    build_database(data_dir, PAGES)
    return data_dir


@pytest.fixture(scope="module")
def server(archive: DataDir) -> Iterator[str]:
    """The archive served by uvicorn and Datasette on a free loopback port; its base URL."""
    port = free_port()
    # What `rcc-archive serve` runs (publish.serve.serve: uvicorn and Datasette), in a
    # process of its own, as in production.
    code = "import sys; from rcc_archive.publish.serve import serve; serve(sys.argv[1], port=int(sys.argv[2]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(archive.root), str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + "/-/versions.json")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "serve did not start within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def add_document_with_new_word(data_dir: DataDir) -> None:
    """What an extraction leaves for the next publish: one new file whose page 1 has a new word."""
    texts = file_pages(PAGES, 3, seed=5)
    texts[0] = f"Studien {NEW_WORD} visar vägen. " + texts[0]
    db = data_dir.open_db()
    try:
        with db.conn:
            insert_files(db.conn, [(PAGES // 50, texts)])
    finally:
        db.conn.close()


def search_rows(base: str, term: str) -> list[dict]:
    status, body = get(f"{base}/archive/search.json?term={term}&_shape=array")
    assert status == 200, body[:500]
    return json.loads(body)


def document_count(base: str) -> int:
    status, body = get(f"{base}/archive/documents.json?_size=1")
    assert status == 200, body[:500]
    return json.loads(body)["filtered_table_rows_count"]


def test_queries_never_fail_while_publish_rebuilds_and_new_data_shows_without_restart(
    archive: DataDir, server: str
) -> None:
    documents_before = document_count(server)
    assert search_rows(server, NEW_WORD) == []
    add_document_with_new_word(archive)
    # The document's row is committed: a reader of the live file sees it before any publish.
    assert document_count(server) == documents_before + 1

    publisher = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from rcc_archive.archive.datadir import DataDir; "
            "from rcc_archive.publish.build import publish_archive; "
            "print(publish_archive(DataDir.at(sys.argv[1]), rebuild=True))",
            str(archive.root),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    failures: list[str] = []
    during = [0]
    total = [0]
    lock = threading.Lock()
    started = time.monotonic()

    def ask(offset: int) -> None:
        turn = offset
        while publisher.poll() is None:
            with lock:
                if total[0] >= MAX_REQUESTS or time.monotonic() - started > MAX_SECONDS:
                    return
                total[0] += 1
            path = PATHS[turn % len(PATHS)]
            turn += 1
            try:
                status, body = get(server + path)
            except OSError as error:
                status, body = -1, repr(error).encode()
            running = publisher.poll() is None
            with lock:
                if status != 200 or b"malformed" in body:
                    failures.append(f"{path}: {status} {body[:200]!r}")
                elif running:
                    during[0] += 1

    askers = [threading.Thread(target=ask, args=(offset,)) for offset in range(3)]
    for thread in askers:
        thread.start()
    out, err = publisher.communicate(timeout=MAX_SECONDS + 60)
    for thread in askers:
        thread.join(timeout=60)
    assert publisher.returncode == 0, err[-2000:]
    assert failures == []
    assert during[0] > 0, "no request was answered while the publish ran"
    assert f"files indexed ({PAGES + 3} pages)" in out

    # The rebuilt index and the new page are visible to the same server, without a restart.
    hits = search_rows(server, NEW_WORD)
    assert [(row["page"], row["document_id"]) for row in hits] == [(1, PAGES // 50 + 1)]
    assert "<mark>" in hits[0]["snippet"]
    assert len(search_rows(server, "palliativ")) > 0
    assert document_count(server) == documents_before + 1
