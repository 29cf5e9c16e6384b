"""Cells for spreadsheets: what a CSV export writes so that it opens safely and readably anywhere.

Reads and writes nothing: pure functions over values and CSV text, used by the CLI's
``export`` (``publish.export``) and by the plugin's CSV responses (``publish.csv_web``).

- Formula injection (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is a formula to Excel, LibreOffice and Google
  Sheets, and the text comes from the crawled sites. Such a cell gets a leading ``'``,
  which spreadsheets read as "this is text". Numbers are never touched, and neither is
  text that is exactly a number ("-3"): a number is no formula, and analysts sort on it.
- Plain text: search snippets lose their ``<mark>`` markers; Markdown links to the
  archive's own pages (``[PDF s. 3](/-/archive/…#page=3)``) become absolute URLs — a
  cell of one link becomes its URL (the row already says what it points to), a cell of
  several reads ``label (URL); label (URL)``.
- Excel's dialect: a UTF-8 byte-order mark (without it Excel on Windows reads UTF-8 as
  cp1252: "BrÃ¶stcancer"), ``;`` between cells and CRLF after rows, which is what Excel
  expects where the decimal separator is a comma (Swedish among them); decimals are
  therefore written with a comma too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from rcc_archive.publish.snippets import MARK_CLOSE, MARK_OPEN

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
SNIPPET_COLUMN = "snippet"
# "[label](/path)" links, separated by "; ". Paths are internal: one slash (never "//",
# which would name a host), then safe characters only, so no scheme, host or quote can
# reach an href. "?" and "&" allow a filtered table.
LINK = r"\[([^\[\]\n]{1,500})\]\((/(?!/)[A-Za-z0-9/_.~=#%?&-]{0,299})\)"
LINKS = re.compile(rf"^{LINK}(?:; {LINK})*$")
ONE_LINK = re.compile(LINK)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def neutralise(value: str) -> str:
    """Prefix a text that a spreadsheet would run as a formula with ``'``."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def plain_links(value: str, absolute: Callable[[str], str]) -> str:
    """Turn a cell of internal Markdown links into absolute URLs (see the module docstring)."""
    if not (value.startswith("[") and LINKS.match(value)):
        return value
    links = ONE_LINK.findall(value)
    if len(links) == 1:
        return absolute(links[0][1])
    return "; ".join(f"{label} ({absolute(path)})" for label, path in links)


def strip_marks(value: str) -> str:
    """Remove the snippet's highlight markers (only the snippet function writes them)."""
    return value.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def text_cell(column: str, value: str, absolute: Callable[[str], str]) -> str:
    """Return a text cell as a spreadsheet should read it: plain, absolute, never a formula."""
    if column == SNIPPET_COLUMN:
        value = strip_marks(value)
    return neutralise(plain_links(value, absolute))


def cell(column: str, value: object, absolute: Callable[[str], str], *, excel: bool) -> object:
    """Return one typed value ready for ``csv.writer``."""
    if isinstance(value, str):
        return text_cell(column, value, absolute)
    if isinstance(value, bytes):
        return value.hex()
    if excel and isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def writer(out: TextIO, *, excel: bool) -> Any:
    """Return a ``csv.writer`` in the plain (``,``) or Excel (``;``) dialect; CRLF either way."""
    return csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")


def relative(path: str) -> str:
    """Keep an internal path as it is (no public address known)."""
    return path


class CsvRewriter:
    """Rewrite CSV text as it streams: split it into whole records, fix each one's cells.

    Datasette writes its CSV (``,``, minimal quoting, doubled quotes, CRLF) in chunks of
    its own choosing; a record ends at a newline outside quotes, which an even count of
    quote characters so far tells. The first record names the columns (unless
    ``header`` is false). Cells arrive as text, so only the text rules apply, plus the
    decimal comma in Excel's dialect for cells that are exactly a decimal number.
    """

    def __init__(
        self, absolute: Callable[[str], str], *, excel: bool = False, header: bool = True
    ) -> None:
        self.absolute = absolute
        self.excel = excel
        self.columns: list[str] | None = None if header else []
        self._buffer = ""
        self._scanned = 0
        self._quotes = 0
        self._started = False

    def feed(self, text: str) -> str:
        """Take more CSV text; return the rewritten text of the records it completed."""
        self._buffer += text
        start, position, quotes = 0, self._scanned, self._quotes
        records = []
        while True:
            newline = self._buffer.find("\n", position)
            if newline == -1:
                break
            quotes += self._buffer.count('"', position, newline)
            position = newline + 1
            if quotes % 2 == 0:
                records.append(self._buffer[start:position])
                start, quotes = position, 0
        self._buffer = self._buffer[start:]
        self._scanned, self._quotes = position - start, quotes
        return self._prefix() + "".join(self._rewrite(record) for record in records)

    def close(self) -> str:
        """Return what is left (a last record without a newline, or an error message)."""
        rest, self._buffer = self._buffer, ""
        return self._prefix() + (self._rewrite(rest) if rest.strip() else rest)

    def _prefix(self) -> str:
        if self.excel and not self._started:
            self._started = True
            return BOM
        return ""

    def _rewrite(self, record: str) -> str:
        rows = list(csv.reader(io.StringIO(record)))
        if len(rows) != 1:
            return record  # not one CSV record (an error message Datasette streamed)
        row = rows[0]
        if self.columns is None:
            self.columns = row
            return format_row(row, excel=self.excel)
        names = self.columns
        cells = [
            self._cell(names[index] if index < len(names) else "", value)
            for index, value in enumerate(row)
        ]
        return format_row(cells, excel=self.excel)

    def _cell(self, column: str, value: str) -> str:
        value = text_cell(column, value, self.absolute)
        if self.excel and _DECIMAL.match(value):
            return value.replace(".", ",")
        return value


def format_row(cells: Sequence[object], *, excel: bool) -> str:
    """Return one CSV record in the plain or the Excel dialect."""
    out = io.StringIO()
    writer(out, excel=excel).writerow(cells)
    return out.getvalue()


def rows_as_cells(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    absolute: Callable[[str], str],
    *,
    excel: bool,
) -> Iterable[list[object]]:
    """Yield each typed row as spreadsheet cells."""
    for row in rows:
        yield [
            cell(column, value, absolute, excel=excel)
            for column, value in zip(columns, row, strict=True)
        ]
