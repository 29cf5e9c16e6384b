"""A programmable loopback web server that plays cancercentrum.se, faults included.

Reads nothing from disk; writes only HTTP responses and an in-memory log of the requests
it got. It serves the ``wget --mirror`` layout (``/cancercentrum.se/PATH``, with
``.../index.html`` for a path ending in ``/``) from a dict of routes, real path →
behaviour, so a crawl run with ``--mirror`` against it sees the real URLs. Every handler
finishes within ``MAX_HANDLER_SECONDS``, so a test never hangs on the server.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import unquote, urlsplit

SITE_HOST = "cancercentrum.se"
MAX_HANDLER_SECONDS = 5.0
_CHUNK = 64 * 1024


class Behaviour(Protocol):
    """What the server does for one route; ``attempt`` counts requests to it from 1."""

    def respond(self, handler: FaultHandler, attempt: int) -> None: ...


@dataclass(frozen=True)
class Hit:
    """One request the server received."""

    path: str  # the real path it stands for ("/syd/"), or the raw path if outside the mirror
    raw_path: str
    at: float  # time.monotonic() when the request line was read
    headers: dict[str, str]


@dataclass(frozen=True)
class Static:
    """Serve a fixed body with a content type (and any status, any extra headers)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(len(self.body)))
        for name, value in self.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(self.body)


@dataclass(frozen=True)
class FailThenServe:
    """Answer ``status`` for the first ``failures`` requests, then behave like ``then``."""

    failures: int
    status: int
    then: Behaviour
    headers: tuple[tuple[str, str], ...] = ()

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        if attempt > self.failures:
            self.then.respond(handler, attempt - self.failures)
            return
        body = f"<html><body><h1>Error {self.status}</h1></body></html>".encode()
        Static(body, status=self.status, headers=self.headers).respond(handler, attempt)


def throttled_then(then: Behaviour, retry_after: str = "1") -> FailThenServe:
    """Answer 429 with ``Retry-After`` once, then behave like ``then``."""
    return FailThenServe(1, 429, then, headers=(("Retry-After", retry_after),))


def failing_forever(status: int = 500) -> FailThenServe:
    """Answer ``status`` to every request."""
    return FailThenServe(1_000_000, status, Static(b""))


@dataclass(frozen=True)
class Stall:
    """Send nothing for ``seconds`` (at most ``MAX_HANDLER_SECONDS``), then close."""

    seconds: float = MAX_HANDLER_SECONDS

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        handler.server.stopping.wait(min(self.seconds, MAX_HANDLER_SECONDS))
        handler.close_connection = True


@dataclass(frozen=True)
class ShortBody:
    """Promise ``declared`` bytes in Content-Length, send ``sent`` of them, close."""

    declared: int = 10_000
    sent: int = 100
    content_type: str = "application/pdf"

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(self.declared))
        handler.end_headers()
        handler.wfile.write((b"%PDF-1.4\n" + b"x" * self.sent)[: self.sent])
        handler.wfile.flush()
        handler.close_connection = True


@dataclass(frozen=True)
class Redirect:
    """Redirect to ``location`` as given (a mirror path, a real URL or another host)."""

    location: str
    status: int = 302

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        handler.send_response(self.status)
        handler.send_header("Location", self.location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()


@dataclass(frozen=True)
class Oversize:
    """Stream ``size`` bytes of PDF-looking data, with or without a Content-Length."""

    size: int
    declare_length: bool = True

    def respond(self, handler: FaultHandler, attempt: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        if self.declare_length:
            handler.send_header("Content-Length", str(self.size))
        handler.end_headers()
        handler.close_connection = True
        chunk = b"%PDF-1.4\n" + b"0" * (_CHUNK - 9)
        sent = 0
        deadline = time.monotonic() + MAX_HANDLER_SECONDS
        while sent < self.size and time.monotonic() < deadline:
            piece = chunk[: self.size - sent]
            handler.wfile.write(piece)
            sent += len(piece)


def loopback_host_other_than_127_0_0_1() -> str:
    """Return 127.0.0.2 where it can be bound (Linux routes all of 127/8), else 127.0.0.1."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("127.0.0.2", 0))
    except OSError:
        # A second port on 127.0.0.1 is still another origin to the crawler.
        return "127.0.0.1"
    finally:
        probe.close()
    return "127.0.0.2"


def mirror_path(real_path: str) -> str:
    """Return where a real path lives on this server (``/syd/`` → ``/cancercentrum.se/syd/index.html``)."""
    path = real_path if real_path.startswith("/") else "/" + real_path
    if path.endswith("/"):
        path += "index.html"
    return f"/{SITE_HOST}{path}"


def real_path(raw_path: str) -> str | None:
    """Map a request path in the mirror layout back to the real path, or None if outside."""
    path = unquote(urlsplit(raw_path).path)
    prefix = f"/{SITE_HOST}/"
    if not path.startswith(prefix):
        return None
    path = path[len(prefix) - 1 :]
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path


class FaultHandler(BaseHTTPRequestHandler):
    """Log each request, then let its route's behaviour answer (404 if there is none)."""

    server: _Server
    # A socket timeout bounds every read and write, so a client that stops reading
    # cannot keep a handler thread alive.
    timeout = MAX_HANDLER_SECONDS

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        path = real_path(self.path)
        attempt = self.server.owner.record(
            Hit(path or self.path, self.path, time.monotonic(), dict(self.headers.items()))
        )
        behaviour = self.server.owner.routes.get(path) if path is not None else None
        if behaviour is None:
            behaviour = Static(b"<html><body>Not found</body></html>", status=404)
        try:
            behaviour.respond(self, attempt)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            # The crawler hung up (a cap, a timeout): that is its business, not a failure here.
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FaultServer
    stopping: threading.Event


@dataclass
class FaultServer:
    """A ``ThreadingHTTPServer`` on a loopback address, port 0, in a background thread."""

    routes: dict[str, Behaviour] = field(default_factory=dict)
    host: str = "127.0.0.1"
    hits: list[Hit] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _counts: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _server: _Server | None = field(default=None, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    def __enter__(self) -> FaultServer:
        server = _Server((self.host, 0), FaultHandler)
        server.owner = self
        server.stopping = threading.Event()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None and self._thread is not None
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=MAX_HANDLER_SECONDS)

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to pass as the crawl's mirror."""
        return f"http://{self.host}:{self.port}"

    def record(self, hit: Hit) -> int:
        """Log a request and return how many times its path has been asked for."""
        with self._lock:
            self.hits.append(hit)
            self._counts[hit.path] += 1
            return self._counts[hit.path]

    def count(self, path: str) -> int:
        """How many requests a real path (or a raw path outside the mirror) got."""
        with self._lock:
            return self._counts[path]

    def times(self, path: str) -> list[float]:
        """When each request for a path arrived (monotonic seconds)."""
        with self._lock:
            return [hit.at for hit in self.hits if hit.path == path]

    def reset(self) -> None:
        """Forget the request log and the attempt counters (between two crawls)."""
        with self._lock:
            self.hits.clear()
            self._counts.clear()
