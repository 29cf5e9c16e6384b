"""The ``_redirects`` file a mirror host folder may hold: redirects a static tree cannot.

Reads one such file; writes nothing. A line is ``OLD-PATH LOCATION [STATUS]``: the old path
percent-encoded as it is requested (so a name with spaces fits on the line), the Location sent
as written, the status 301 unless given; blank lines and ``#`` comments are skipped.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

REDIRECTS_FILE = "_redirects"


def read_redirects(path: Path) -> dict[str, tuple[str, int]]:
    """Parse a ``_redirects`` file into {decoded old path: (Location, status)}; none: {}."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    rules: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) not in (2, 3) or not fields[0].startswith("/"):
            raise ValueError(f"{path}:{number}: expected 'OLD-PATH LOCATION [STATUS]'")
        status = int(fields[2]) if len(fields) == 3 and fields[2].isdigit() else 301
        if len(fields) == 3 and (
            not fields[2].isdigit() or status not in (301, 302, 303, 307, 308)
        ):
            raise ValueError(f"{path}:{number}: {fields[2]!r} is not a redirect status")
        rules[unquote(fields[0])] = (fields[1], status)
    return rules
