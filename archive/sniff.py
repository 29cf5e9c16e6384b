"""Tell a file's type from its first bytes, never from its name or a header.

Reads bytes handed to it; writes nothing.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
HTML = "text/html"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE = "application/x-ole-storage"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TEXT = "text/plain"
EMPTY = "application/x-empty"
UNKNOWN = "application/octet-stream"

# The PDF spec lets a header appear within the first 1024 bytes (some producers
# put junk before it), so look that far.
_PDF_WINDOW = 1024


def sniff_type(data: bytes) -> str:
    """Return the MIME type that the bytes themselves show."""
    if not data:
        return EMPTY
    head = data[:_PDF_WINDOW]
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return HTML
    if _looks_like_text(head):
        return TEXT
    return UNKNOWN


def is_document_type(content_type: str) -> bool:
    """Tell whether a sniffed type is a document we archive (not an HTML page)."""
    return content_type not in (HTML, TEXT, EMPTY)


def _sniff_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError):
        return ZIP
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if any(name.startswith("ppt/") for name in names):
        return PPTX
    return ZIP


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The window may end inside a multi-byte letter (å is two bytes): only an error
        # before the last three bytes means the bytes are not UTF-8 text.
        return error.start >= len(head) - 3
    return True
