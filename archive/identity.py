"""When two URLs are one document: the rule, as pure functions.

Reads nothing; writes nothing. The catalogue (``archive.document_urls``) applies it.

The rule, in the public schema's words: a document is identified by its URL, except that
two URLs are one document when they are on the same host with the same SiteVision node
id (``/download/18.<hex>/<ms>/<name>``: a replaced file keeps its node and gets a new
timestamp) or when one redirects to the other.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# How a URL came to belong to its document (document_urls.joined_by).
LINKED = "linked"  # the document's own URL: it was linked (or fetched) by it first
SITEVISION_NODE = "sitevision-node"  # same host and SiteVision node as a URL it had
REDIRECT = "redirect"  # a URL of the document redirected to it

# SiteVision serves files as /download/<node>/<ms timestamp>/<name> and images as
# /images/<node>/<ms timestamp>/<name>; the node ("18." and hex) is the file's identity.
_NODE_PATH = re.compile(r"^/(?:download|images)/(18\.[0-9a-f]+)/([0-9]+)/[^/]+$", re.IGNORECASE)


def sitevision_node(url: str) -> tuple[str, str] | None:
    """Return (host, node id) for a SiteVision file URL, or None for any other URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    match = _NODE_PATH.match(unquote(parts.path))
    if match is None:
        return None
    return parts.hostname.lower(), match.group(1).lower()


def sitevision_timestamp(url: str) -> int | None:
    """Return the millisecond timestamp in a SiteVision file URL, or None."""
    if sitevision_node(url) is None:
        return None
    match = _NODE_PATH.match(unquote(urlsplit(url).path))
    return int(match.group(2)) if match else None


def same_node(a: str, b: str) -> bool:
    """Tell whether two URLs name the same SiteVision file (same host, same node)."""
    node = sitevision_node(a)
    return node is not None and node == sitevision_node(b)


def node_like_pattern(url: str) -> str | None:
    """Return a SQL LIKE pattern that every URL of the same node matches, or None.

    The pattern only narrows the candidates (case and scheme may differ); callers confirm
    each with ``same_node``.
    """
    node = sitevision_node(url)
    if node is None:
        return None
    return f"%/{node[1]}/%"


def redirect_joins(chain: list[str] | tuple[str, ...]) -> list[str]:
    """Return the URLs a redirect chain adds to the linked document: every hop after the first.

    ``chain`` runs from the URL as linked to the URL that finally answered.
    """
    seen = {chain[0]} if chain else set()
    joined = []
    for url in chain[1:]:
        if url not in seen:
            seen.add(url)
            joined.append(url)
    return joined
