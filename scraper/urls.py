"""What a URL is: canonical real URLs, the known hosts, and the mirror layout.

Reads nothing; writes nothing. Keeps "what the URL is" (the real, canonical URL that the
archive records) apart from "where to fetch it from" (the live site, or a mirror folder
laid out as ``wget --mirror`` writes it: ``MIRROR/HOST/PATH``).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote, unquote, unquote_to_bytes, urljoin, urlsplit, urlunsplit

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


def mirror_host_folders(real_url: str) -> list[str]:
    """Return the host folders a mirror may hold a real URL under, the canonical one first.

    ``wget --mirror`` keeps each host as it was linked: ``https://www.cancercentrum.se/…``
    lands under ``www.cancercentrum.se/``, a relative link under ``cancercentrum.se/``.
    """
    host = (urlsplit(real_url).hostname or "").lower()
    domain = registrable_domain(host)
    if domain is None or host not in (domain, "www." + domain):
        return [host]
    canonical = CANONICAL_HOSTS[domain]
    folders = [canonical, host, domain, "www." + domain]
    return list(dict.fromkeys(folders))


def wget_file_name(real_url: str) -> str:
    """Return the file ``wget --mirror`` writes for a URL, relative to the mirror, host first.

    As wget does with its default ``--restrict-file-names=unix``: each path segment is
    percent-decoded and then only ``/`` and control characters are escaped again (``%2F``);
    a URL ending in ``/`` is ``index.html``; a query is kept, undecoded, after a literal
    ``?`` (``index.html?folder=19.x&sv.url=12.y``). Decoded bytes that are not UTF-8 are
    kept as ``%XX`` so the name stays text.
    """
    return _file_name(real_url, urlsplit(real_url).hostname or "")


def _file_name(real_url: str, folder: str) -> str:
    parts = urlsplit(real_url)
    segments = (parts.path or "/").split("/")[1:]
    directories, file = segments[:-1], segments[-1]
    names = [_wget_escape(unquote_to_bytes(segment)) for segment in directories if segment]
    leaf = _wget_escape(unquote_to_bytes(file)) if file else "index.html"
    if parts.query:
        leaf += "?" + _wget_escape(parts.query.encode("utf-8"))
    return "/".join([folder, *names, leaf])


def _wget_escape(name: bytes) -> str:
    if name == b"..":
        return "%2E%2E"  # wget defangs a ".." segment the same way
    out = bytearray()
    for byte in name:
        if byte < 32 or byte == 127 or byte == ord("/"):
            out += b"%%%02X" % byte
        else:
            out.append(byte)
    text = out.decode("utf-8", errors="surrogateescape")
    return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c for c in text)


def mirror_url(real_url: str, mirror: str, folder: str | None = None) -> str:
    """Return where a real URL lives in a wget-layout mirror (``MIRROR/FOLDER/FILE``).

    ``folder`` is one of ``mirror_host_folders(real_url)`` (default: the URL's own host).
    The file name is percent-encoded whole, so the mirror server's one decoding gives it back.
    """
    name = _file_name(real_url, folder or urlsplit(real_url).hostname or "")
    return mirror.rstrip("/") + "/" + quote(name, safe="/")


def real_url_from_mirror(url: str, mirror: str) -> str | None:
    """Map a URL inside the mirror back to the real URL it stands for, or None if outside.

    Only a URL whose first folder is a host we crawl is inside (``MIRROR/x.pdf`` is not).
    """
    prefix = mirror.rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    rest = unquote(urlsplit(url[len(prefix) - 1 :]).path).lstrip("/")
    host, _, path = rest.partition("/")
    if not host or registrable_domain(host) is None:
        return None
    *directories, leaf = path.split("/")
    file, _, query = leaf.partition("?")
    if file == "index.html":
        file = ""
    segments = [quote(unquote_to_bytes(name), safe="") for name in (*directories, file)]
    query = query.replace("%2F", "/")
    return canonical_url(urlunsplit(("https", host, "/" + "/".join(segments), query, "")))


def real_location(location: str, real_url: str, local_url: str, mirror: str) -> str | None:
    """Resolve a redirect's Location from the mirror into the real URL it points at.

    ``/HOST/…`` (the mirror server's own folder redirects) and absolute mirror URLs are
    mapped back to the real URL. Anything else is resolved against the real URL, as on the
    live site, so a relative Location with more ``../`` than the path has stops at the host
    root instead of leaving the host's folder.
    """
    location = location.strip()
    if "://" in location.split("?", 1)[0] or location.startswith("//"):
        if location.startswith(mirror.rstrip("/") + "/"):
            return real_url_from_mirror(location, mirror)
        return canonical_url(location)
    first = location.lstrip("/").split("/", 1)[0]
    if location.startswith("/") and "." in first and registrable_domain(first) is not None:
        return real_url_from_mirror(urljoin(local_url, location), mirror)
    return canonical_url(location, real_url)
