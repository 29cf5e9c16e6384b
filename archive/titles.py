"""Clean a link label into a document title.

Reads nothing; writes nothing. The scraper uses it to fill ``documents.title`` from the
link text as shown on a page, and the extractor to classify from the same clean title.
Every era's suffixes go: EPiServer's "(pdf, öppnas i nytt fönster)" and SiteVision's
screen-reader text " Pdf, 249.1 kB, öppnas i nytt fönster." (when the markup that held it
was not available to drop first).
"""

from __future__ import annotations

import re
import unicodedata

_TYPES = r"(?:pdf|docx?|xlsx?|pptx?|odt|rtf|word|excel)"
_SIZE = r"\d+(?:[.,]\d+)?\s*(?:b|kb|mb|gb|kib|mib|byte|bytes)"
_NEW_WINDOW = r"(?:(?:länken\s+)?öppnas\s+i\s+)?(?:ett\s+)?nytt\s+fönster"

# Suffixes the sites append to a document link: "(pdf)", "(pdf, öppnas i nytt fönster)",
# "(PDF, 2 MB)", "(pdf, nytt fönster)", "(öppnas i nytt fönster)". Anchored at the end so
# a parenthesis inside a title ("Uppföljning (2023) …") stays.
_SUFFIX = re.compile(
    rf"\s*[(\[]\s*(?:{_TYPES}\b[^()\[\]]*|{_NEW_WINDOW}[^()\[\]]*|{_SIZE})\s*[)\]]\s*$",
    re.IGNORECASE,
)
# A trailing ", pdf" or " - PDF" without brackets.
_BARE_SUFFIX = re.compile(r"\s*[,–-]\s*pdf\s*$", re.IGNORECASE)
# SiteVision's assistive text in text form: " Pdf, 97.3 kB." and
# " Pdf, 249.1 kB, öppnas i nytt fönster." (type, size, optional new-window note, full stop).
_ASSISTIVE = re.compile(
    rf"\s*{_TYPES}\s*,\s*{_SIZE}\s*(?:,\s*{_NEW_WINDOW}\s*)?\.?\s*$",
    re.IGNORECASE,
)
# ", öppnas i nytt fönster." or "Öppnas i nytt fönster" without brackets.
_BARE_NEW_WINDOW = re.compile(rf"\s*[,.–-]?\s*{_NEW_WINDOW}\s*\.?\s*$", re.IGNORECASE)
# A file name written for people ("Regional cancerplan 2024–2027.pdf") loses its
# extension; a bare file name ("2023-9-8752.pdf") is an identifier and keeps it.
_EXTENSION = re.compile(r"(?<=\S)\.(?:pdf|docx?|xlsx?|pptx?|odt|rtf)$", re.IGNORECASE)


def clean_title(link_text: str) -> str:
    """Return a link label without file-type suffixes and with its whitespace collapsed."""
    text = unicodedata.normalize("NFC", link_text or "").replace("\u00ad", "")
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        for pattern in (_SUFFIX, _BARE_SUFFIX, _ASSISTIVE, _BARE_NEW_WINDOW):
            text = pattern.sub("", text)
        if " " in text:
            text = _EXTENSION.sub("", text)
    return text.strip()
