"""Serve a ``wget --mirror`` folder over HTTP on 127.0.0.1, for the crawler's ``--mirror`` mode.

Reads files under the root folder given at start (``HOST/PATH``); writes nothing to disk.
``GET /cancercentrum.se/norr/`` answers with ``ROOT/cancercentrum.se/norr/index.html``.
Responses carry ETag and Last-Modified and honour If-None-Match / If-Modified-Since, so the
crawler's "not downloaded again" path can be tested. Every request is counted in ``hits``
and every 200 with a body in ``bodies_served`` (both keyed by the decoded ``/HOST/PATH``);
``body_types`` keeps the Content-Type each of those bodies was served with, so a count of
documents need not guess from a path (``sitemap1.xml.gz``, ``index.html?folder=…``).

A host folder's ``_redirects`` file (``mirror.redirect_rules``, never served itself) gives
the redirects a static tree cannot hold. A file named ``page?query`` (wget's name for a URL
with a query) is typed by the part before the ``?``.

Run in the foreground: ``python -m rcc_archive.mirror.server [--port N] [--root DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import threading
from collections import Counter
from email.utils import formatdate, parsedate_to_datetime
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import quote, unquote, urlsplit

from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.redirect_rules import REDIRECTS_FILE, read_redirects

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
NOT_FOUND_PAGE = (
    '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>Sidan kunde inte hittas</title>'
    "</head><body><h1>Sidan kunde inte hittas</h1><p>Sidan du söker finns inte.</p></body></html>\n"
).encode()


class MirrorServer:
    """A threaded static server over one mirror folder, running in a background thread."""

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 0, quiet: bool = True
    ) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"mirror root {self.root} is not a folder")
        self.quiet = quiet
        self.hits: Counter[str] = Counter()
        self.bodies_served: Counter[str] = Counter()
        self.body_types: dict[str, str] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> MirrorServer:
        """Start serving in a daemon thread; returns self."""
        if self._thread is None:
            # A short poll interval makes stop() quick; tests start many servers.
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="mirror-server",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._httpd.serve_forever()

    def record(self, path: str, body_sent: bool, content_type: str | None = None) -> None:
        """Count a request (and a body, if one was sent, with its type) for a decoded path."""
        with self._lock:
            self.hits[path] += 1
            if body_sent:
                self.bodies_served[path] += 1
                if content_type:
                    self.body_types[path] = content_type

    def reset_counts(self) -> None:
        """Forget all counted requests (between two crawls in one test)."""
        with self._lock:
            self.hits.clear()
            self.bodies_served.clear()
            self.body_types.clear()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_mirror(root: Path, host: str = "127.0.0.1", port: int = 0) -> MirrorServer:
    """Start a quiet mirror server over ``root`` and return it (use it as a context manager)."""
    return MirrorServer(root, host, port).start()


def _handler_for(server: MirrorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_MirrorHandler):
        mirror = server

    return Handler


class _MirrorHandler(BaseHTTPRequestHandler):
    mirror: MirrorServer
    protocol_version = "HTTP/1.1"
    server_version = "RCCMirror/1.0"

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if not self.mirror.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _serve(self, send_body: bool) -> None:
        raw_path = urlsplit(self.path).path or "/"
        try:
            path = unquote(raw_path, errors="strict")
        except UnicodeDecodeError:
            self.mirror.record(raw_path, False)
            self._send_simple(HTTPStatus.BAD_REQUEST, b"bad percent-encoding\n", send_body)
            return
        redirect = self._redirect_rule(path)
        if redirect is not None:
            self.mirror.record(path, False)
            self._redirect(redirect[0], send_body, redirect[1])
            return
        target = self._resolve(path)
        if target is not None and target.name == REDIRECTS_FILE:
            target = target.with_name(target.name + ".not-served")  # a 404 below
        if target is None:
            self.mirror.record(path, False)
            self._send_simple(HTTPStatus.FORBIDDEN, b"forbidden\n", send_body)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self.mirror.record(path, False)
                self._redirect(quote(path) + "/", send_body)
                return
            if path == "/" and not (target / "index.html").is_file():
                self.mirror.record(path, send_body, "text/html; charset=utf-8")
                self._send_bytes(self._host_listing(), "text/html; charset=utf-8", send_body)
                return
            target = target / "index.html"
        elif path.endswith("/"):
            target = target / "index.html"  # a file where a folder is expected: 404 below
        if not target.is_file():
            self.mirror.record(path, False)
            self._send_simple(
                HTTPStatus.NOT_FOUND, NOT_FOUND_PAGE, send_body, "text/html; charset=utf-8"
            )
            return
        self._send_file(path, target, send_body)

    def _redirect_rule(self, path: str) -> tuple[str, int] | None:
        """The (Location, status) the host's ``_redirects`` file gives this path, if any."""
        host, _, rest = path.lstrip("/").partition("/")
        if not host or host.startswith("."):
            return None
        return read_redirects(self.mirror.root / host / REDIRECTS_FILE).get("/" + rest)

    def _resolve(self, path: str) -> Path | None:
        """Map a decoded URL path into the root, or None if it would leave the root."""
        parts = path.split("/")
        if (
            "\x00" in path
            or "\\" in path
            or ".." in parts
            or "." in parts
            or not path.startswith("/")
        ):
            return None
        candidate = (self.mirror.root / path.lstrip("/")).resolve()
        if candidate != self.mirror.root and self.mirror.root not in candidate.parents:
            return None  # e.g. a symlink pointing outside the mirror
        return candidate

    def _send_file(self, path: str, target: Path, send_body: bool) -> None:
        data = target.read_bytes()
        mtime = target.stat().st_mtime
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        last_modified = formatdate(mtime, usegmt=True)
        if self._not_modified(etag, int(mtime)):
            self.mirror.record(path, False)
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            return
        suffix = Path(target.name.split("?", 1)[0]).suffix.lower()
        content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
        self.mirror.record(path, send_body, content_type)
        self._send_bytes(
            data, content_type, send_body, {"ETag": etag, "Last-Modified": last_modified}
        )

    def _not_modified(self, etag: str, mtime: int) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                return mtime <= parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _redirect(self, location: str, send_body: bool, status: int = 301) -> None:
        body = f'<a href="{escape(location)}">{escape(location)}</a>\n'.encode()
        self.send_response(status)
        self.send_header("Location", location)
        self._finish(body, "text/html; charset=utf-8", send_body)

    def _send_simple(
        self,
        status: HTTPStatus,
        body: bytes,
        send_body: bool,
        content_type: str = "text/plain; charset=utf-8",
    ) -> None:
        self.send_response(status)
        self._finish(body, content_type, send_body)

    def _send_bytes(
        self, data: bytes, content_type: str, send_body: bool, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(HTTPStatus.OK)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self._finish(data, content_type, send_body)

    def _finish(self, body: bytes, content_type: str, send_body: bool) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _host_listing(self) -> bytes:
        hosts = sorted(entry.name for entry in self.mirror.root.iterdir() if entry.is_dir())
        items = "".join(f'<li><a href="/{quote(host)}/">{escape(host)}</a></li>' for host in hosts)
        return f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>Spegel</title></head><body><h1>Speglade webbplatser</h1><ul>{items}</ul></body></html>\n'.encode()


def main(argv: list[str] | None = None) -> int:
    """Command line: serve a mirror folder in the foreground until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m rcc_archive.mirror.server", description="Serve a wget-layout mirror folder."
    )
    parser.add_argument(
        "--root", type=Path, default=SITE_DIR, help=f"mirror folder (default {SITE_DIR})"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8800, help="port (default 8800; 0 picks a free one)"
    )
    args = parser.parse_args(argv)
    server = MirrorServer(args.root, args.host, args.port, quiet=False)
    print(f"serving {server.root} at {server.url}/  (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
