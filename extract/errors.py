"""Naming what went wrong while reading a PDF, and letting running out of memory through.

Reads exceptions; writes nothing. pdfplumber wraps most pdfminer errors in
``PdfminerException``: the message a person reads names the error inside.
"""

from __future__ import annotations

from pdfplumber.utils.exceptions import PdfminerException

MAX_MESSAGE_CHARS = 300


def describe_error(exc: BaseException) -> str:
    """Name an exception and its message, looking inside pdfplumber's wrapper."""
    inner = unwrap(exc)
    message = " ".join(str(inner).split())
    text = f"{type(inner).__name__}: {message}" if message else type(inner).__name__
    return text[:MAX_MESSAGE_CHARS]


def raise_if_out_of_memory(exc: Exception) -> None:
    """Let running out of memory end the file, even when pdfplumber wrapped it."""
    inner = unwrap(exc)
    if isinstance(inner, MemoryError):
        raise inner


def unwrap(exc: BaseException) -> BaseException:
    """Return the pdfminer error inside pdfplumber's ``PdfminerException``."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc
