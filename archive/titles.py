"""Clean a link label into a document title.

Reads nothing; writes nothing. The scraper uses it to fill ``documents.title`` from the
link text as shown on a page, and the extractor to classify from the same clean title.
"""

from __future__ import annotations

import re
import unicodedata

# Suffixes the sites append to a document link: "(pdf)", "(pdf, öppnas i nytt fönster)",
# "(PDF, 2 MB)", "(pdf, nytt fönster)", "(öppnas i nytt fönster)". Anchored at the end so
# a parenthesis inside a title ("Uppföljning (2023) …") stays.
_SUFFIX = re.compile(
    r"\s*[(\[]\s*(?:(?:pdf|docx?|xlsx?|pptx?|word|excel)\b[^()\[\]]*"
    r"|(?:öppnas\s+i\s+)?(?:ett\s+)?nytt\s+fönster[^()\[\]]*"
    r"|\d+(?:[.,]\d+)?\s*(?:kb|mb|kib|mib))\s*[)\]]\s*$",
    re.IGNORECASE,
)
# A trailing ", pdf" or " - PDF" without brackets.
_BARE_SUFFIX = re.compile(r"\s*[,–-]\s*pdf\s*$", re.IGNORECASE)


def clean_title(link_text: str) -> str:
    """Return a link label without file-type suffixes and with its whitespace collapsed."""
    text = unicodedata.normalize("NFC", link_text or "").replace("\u00ad", "")
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = _SUFFIX.sub("", text)
        text = _BARE_SUFFIX.sub("", text)
    return text.strip()
