"""What a URL is: canonical real URLs, the known hosts, and the mirror layout.

Reads nothing; writes nothing. Keeps "what the URL is" (the real, canonical URL that the
archive records) apart from "where to fetch it from" (the live site, or a mirror folder
laid out as ``wget --mirror`` writes it: ``MIRROR/HOST/PATH``).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

# The hosts we crawl, by registrable domain, with the host name the real site answers on.
CANONICAL_HOSTS: dict[str, str] = {
    "cancercentrum.se": "cancercentrum.se",
    "socialstyrelsen.se": "www.socialstyrelsen.se",
}

_DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".rtf")
_ASSET_EXTENSIONS = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".ico",
    ".css",
    ".js",
    ".mp4",
    ".mp3",
    ".woff",
    ".woff2",
)
_DOCUMENT_FOLDERS = ("/globalassets/", "/contentassets/", "/download/")
_PDF_LABEL = re.compile(r"\(\s*pdf\b", re.IGNORECASE)


def registrable_domain(host: str) -> str | None:
    """Return the known domain a host belongs to (``www.cancercentrum.se`` → ``cancercentrum.se``)."""
    host = host.lower().rstrip(".")
    for domain in CANONICAL_HOSTS:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Resolve ``url`` against ``base`` and return the canonical real URL, or None if not http(s).

    Known hosts get their canonical name and https; the fragment is dropped; the path and
    query are percent-encoded the way a browser sends them (spaces as %20, UTF-8 escapes).
    """
    url = url.strip()
    if base is not None:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    scheme = parts.scheme.lower()
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    domain = registrable_domain(host)
    if domain is not None and host in (domain, "www." + domain):
        netloc = CANONICAL_HOSTS[domain]
        scheme = "https"
    path = _normalise_dots(parts.path or "/")
    return safe_url_string(urlunsplit((scheme, netloc, path, parts.query, "")))


def _normalise_dots(path: str) -> str:
    # urljoin keeps "/a/../b" when the base had none; collapse it, keep a trailing slash.
    if "/." not in path:
        return path
    trailing = path.endswith("/")
    cleaned = posixpath.normpath(path)
    if cleaned == ".":
        cleaned = "/"
    if trailing and not cleaned.endswith("/"):
        cleaned += "/"
    return cleaned


def is_allowed(url: str) -> bool:
    """Tell whether a canonical URL is on one of the hosts we crawl."""
    host = urlsplit(url).hostname or ""
    return registrable_domain(host) is not None


def looks_like_document(url: str, link_text: str = "") -> bool:
    """Tell whether a link points at a document rather than a page (to be confirmed by bytes)."""
    path = unquote(urlsplit(url).path).lower()
    if path.endswith(_ASSET_EXTENSIONS):
        return False
    if path.endswith(_DOCUMENT_EXTENSIONS):
        return True
    if any(folder in path for folder in _DOCUMENT_FOLDERS):
        return not path.endswith((".html", ".htm", ".aspx", "/"))
    return bool(_PDF_LABEL.search(link_text))


def mirror_url(real_url: str, mirror: str) -> str:
    """Return where a real URL lives in a wget-layout mirror (``MIRROR/HOST/PATH``)."""
    parts = urlsplit(real_url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index.html"
    if parts.query:
        # wget keeps the query in the file name; a literal "?" must be escaped in the path.
        path += quote("?" + parts.query, safe="=&")
    host = parts.hostname or ""
    return mirror.rstrip("/") + "/" + host + path


def real_url_from_mirror(url: str, mirror: str) -> str | None:
    """Map a URL inside the mirror back to the real URL it stands for, or None if outside."""
    prefix = mirror.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :]
    host, _, path = rest.partition("/")
    if not host:
        return None
    path = "/" + path
    query = ""
    if "%3F" in path:
        path, _, query = path.partition("%3F")
        query = unquote(query)
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return canonical_url(urlunsplit(("https", host, path, query, "")))
