"""Every document in the mirror, in one tuple, with lookup by key.

Reads the document modules; writes nothing. ``mirror.build`` renders ``DOCS``; the page
modules call ``doc(key)`` to link one.
"""

from __future__ import annotations

from rcc_archive.mirror.documents import NATIONAL, SOCIALSTYRELSEN, Doc
from rcc_archive.mirror.documents_norr import NORR
from rcc_archive.mirror.documents_regions import (
    MELLANSVERIGE,
    STOCKHOLM_GOTLAND,
    SYD_DOCS,
    SYDOST_DOCS,
    VAST_DOCS,
)
from rcc_archive.mirror.documents_sitevision import SITEVISION_DOCS

DOCS: tuple[Doc, ...] = (
    *NATIONAL,
    *NORR,
    *MELLANSVERIGE,
    *STOCKHOLM_GOTLAND,
    *SYD_DOCS,
    *SYDOST_DOCS,
    *VAST_DOCS,
    *SOCIALSTYRELSEN,
    *SITEVISION_DOCS,
)
BY_KEY: dict[str, Doc] = {doc.key: doc for doc in DOCS}
if len(BY_KEY) != len(DOCS):  # a repeated key would silently reuse another file's content
    raise RuntimeError("two mirror documents share a key")


def doc(key: str) -> Doc:
    """Return the document with this key (raises KeyError for a typo in a page module)."""
    return BY_KEY[key]
