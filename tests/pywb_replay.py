"""A real pywb replay server on 127.0.0.1, for tests that replay or backfill from WARCs.

Reads WARC files given by the test; writes a pywb collection folder under the test's
temporary directory and, once, the ``.venv-pywb`` virtualenv beside the repository's
``.venv``. pywb pins versions of pyOpenSSL, Werkzeug and gevent that clash with the
project's own, so it lives in its own venv and runs as a subprocess. The collection
``web`` answers replay (``/web/<timestamp>id_/<url>``) and a second name, ``cdx``, over
the same files answers the CDX API at ``/cdx/search/cdx`` — the Wayback Machine's own
layout, so ``--wayback http://127.0.0.1:PORT`` needs no other setting.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

REPO = Path(__file__).resolve().parent.parent
PYWB_VENV = REPO / ".venv-pywb"
PYWB_REQUIREMENT = "pywb>=2.8,<3"


def pywb_bin() -> Path:
    """Return the bin folder of a venv holding pywb, creating it on first use."""
    wayback = PYWB_VENV / "bin" / "wayback"
    if wayback.exists():
        return wayback.parent
    with open(REPO / ".venv-pywb.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test processes must not build it at once
        if not wayback.exists():
            base = getattr(sys, "_base_executable", sys.executable)
            subprocess.run([base, "-m", "venv", str(PYWB_VENV)], check=True, timeout=120)
            pip = [str(PYWB_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
            result = subprocess.run(
                [*pip, PYWB_REQUIREMENT], capture_output=True, text=True, timeout=600
            )
            if result.returncode != 0:
                shutil.rmtree(PYWB_VENV, ignore_errors=True)
                raise RuntimeError(f"could not install pywb into {PYWB_VENV}:\n{result.stderr}")
    return wayback.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


CONFIG = """\
collections:
  cdx:
    index_paths: ./collections/web/indexes/
    archive_paths: ./collections/web/archive/
cdx_api_endpoint: /search/cdx
framed_replay: false
"""


class PywbServer:
    """``wayback`` serving the given WARC files; ``url`` is its base, without a slash."""

    def __init__(self, root: Path, warcs: list[Path]) -> None:
        self.root = root
        self.warcs = warcs
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> PywbServer:
        bin_dir = pywb_bin()
        self.root.mkdir(parents=True, exist_ok=True)
        manager = str(bin_dir / "wb-manager")
        run = {"cwd": self.root, "check": True, "capture_output": True, "timeout": 120}
        subprocess.run([manager, "init", "web"], **run)  # type: ignore[call-overload]
        subprocess.run([manager, "add", "web", *map(str, self.warcs)], **run)  # type: ignore[call-overload]
        (self.root / "config.yaml").write_text(CONFIG)
        self.port = _free_port()
        log = open(self.root / "wayback.log", "wb")
        self.process = subprocess.Popen(
            [str(bin_dir / "wayback"), "-b", "127.0.0.1", "-p", str(self.port), "-t", "2"],
            cwd=self.root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        self._log = log
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.root / "wayback.log").read_text())
            try:
                with urllib.request.urlopen(self.url + "/collinfo.json", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("pywb did not start within 60 s")

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """GET a path on the server; return status, headers and body (errors included)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None) is not None:
            self._log.close()
