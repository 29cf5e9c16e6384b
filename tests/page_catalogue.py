"""An in-memory catalogue with only ``files`` and ``pdf_pages``: what publish's indexes read."""

from __future__ import annotations

import sqlite_utils


def page_catalogue(files: list[list[str]]) -> sqlite_utils.Database:
    """One extracted file per list of page texts, sha256 its index as 64 hex digits."""
    db = sqlite_utils.Database(memory=True)
    db["files"].insert_all(
        [
            {"sha256": f"{n:064x}", "extractor_version": "1", "extracted_at": "t1"}
            for n in range(len(files))
        ],
        pk="sha256",
    )
    db["pdf_pages"].insert_all(
        [
            {"sha256": f"{n:064x}", "page_number": number, "text": text}
            for n, pages in enumerate(files)
            for number, text in enumerate(pages, start=1)
        ],
        pk=("sha256", "page_number"),
    )
    return db
