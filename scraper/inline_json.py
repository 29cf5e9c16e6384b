"""Find the links a page carries only in the JSON of its inline scripts.

Reads the ``<script>`` elements of an lxml HTML tree; writes nothing. SiteVision's
file-share portlets (``AppRegistry.registerInitialState('12.…', {"files": [...]})``),
React pages (``ReactDOM.hydrate(React.createElement(X, {...}))``), ``window.__STATE__ =
{...}`` assignments and ``application/json`` / ``application/ld+json`` blocks all hold
their content as JSON. Every JSON object or array found in a script is parsed with the
standard parser and walked for URL-like strings under URL keys, each paired with a
sibling name or title, whatever the object's shape. The work is bounded: scripts over
a size cap are cut, and each script gets a limited number of parse attempts and nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import html

# Keys whose string value is a link, most specific first (one object may carry several
# spellings of the same link: "url" and "uri").
URL_KEYS = (
    "downloadUrl",
    "downloadURL",
    "fileUrl",
    "contentUrl",
    "url",
    "uri",
    "href",
    "link",
    "path",
)
TITLE_KEYS = ("title", "name", "label", "headline", "heading", "displayName", "text", "linkText")
# Sibling values kept with a link because they name the document (Socialstyrelsen's
# article numbers, publication dates).
EXTRA_KEYS = ("articleNumber", "publishOnWebFrom", "lastModifiedDateTime", "fileSize", "id")
_JSON_TYPES = {"application/json", "application/ld+json"}
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/babel"}
# Where a JSON value may start inside JavaScript: "{" before a quoted key or "}", and "["
# before a value. Unquoted JS object literals ({pageId:'4.x'}) are not JSON and are skipped.
_START = re.compile(r"""[{](?=\s*["}])|\[(?=\s*[\[{"\d\-\]tfn])""")
_URLISH = re.compile(r"^(?:https?://|/(?!/)|//|\.{1,2}/|\?)", re.IGNORECASE)


@dataclass(frozen=True)
class JsonLimits:
    """Bounds on the work spent on one page's scripts."""

    max_script_chars: int = 2_000_000
    max_attempts: int = 2_000  # parse attempts per script
    max_nodes: int = 200_000  # JSON values walked per page


@dataclass(frozen=True)
class JsonLink:
    """A link found in a script's JSON, with the script it came from."""

    href: str
    title: str
    script: html.HtmlElement
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class JsonScan:
    """The links of one page's scripts and any bound that cut the scan short."""

    links: list[JsonLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def json_values(text: str, limits: JsonLimits = JsonLimits()) -> Iterator[object]:
    """Yield each JSON object or array embedded in a script's text, outermost only."""
    decoder = json.JSONDecoder()
    position = 0
    attempts = 0
    while attempts < limits.max_attempts:
        match = _START.search(text, position)
        if match is None:
            return
        attempts += 1
        try:
            value, end = decoder.raw_decode(text, match.start())
        except (ValueError, RecursionError):
            position = match.start() + 1
            continue
        yield value
        position = end


def _text_of(value: object) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _links_of(obj: dict, script: html.HtmlElement) -> Iterator[JsonLink]:
    title = next((t for key in TITLE_KEYS if (t := _text_of(obj.get(key)))), "")
    extra = {key: text for key in EXTRA_KEYS if (text := _text_of(obj.get(key)))}
    seen: set[str] = set()
    for key in URL_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and _URLISH.match(value.strip()) and value not in seen:
            seen.add(value)
            yield JsonLink(value.strip(), title, script, extra)


def walk_json(value: object, script: html.HtmlElement, budget: list[int]) -> Iterator[JsonLink]:
    """Yield the links in a parsed JSON value; ``budget[0]`` counts down the nodes allowed."""
    pending = [value]
    while pending and budget[0] > 0:
        node = pending.pop()
        budget[0] -= 1
        if isinstance(node, dict):
            yield from _links_of(node, script)
            # Reversed so children come out in document order from the stack.
            pending.extend(v for v in reversed(node.values()) if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            pending.extend(v for v in reversed(node) if isinstance(v, (dict, list)))


def _script_kind(script: html.HtmlElement) -> str | None:
    if script.get("src"):
        return None
    kind = (script.get("type") or "").split(";")[0].strip().lower()
    if kind in _JSON_TYPES:
        return "json"
    if kind in _SCRIPT_TYPES:
        return "js"
    return None


def script_links(scripts: list[html.HtmlElement], limits: JsonLimits = JsonLimits()) -> JsonScan:
    """Return the links in the JSON of inline scripts, in document order."""
    scan = JsonScan()
    budget = [limits.max_nodes]
    for script in scripts:
        kind = _script_kind(script)
        text = script.text or ""
        if kind is None or not text.strip():
            continue
        if len(text) > limits.max_script_chars:
            scan.notes.append(
                f"an inline script of {len(text):,} characters was read only to its first "
                f"{limits.max_script_chars:,}"
            )
            text = text[: limits.max_script_chars]
        if kind == "json":
            try:
                values: Iterator[object] = iter([json.loads(text)])
            except (ValueError, RecursionError):
                values = json_values(text, limits)
        else:
            values = json_values(text, limits)
        for value in values:
            scan.links.extend(walk_json(value, script, budget))
            if budget[0] <= 0:
                scan.notes.append(
                    f"inline JSON over {limits.max_nodes:,} values; the rest was not read"
                )
                return scan
    return scan
