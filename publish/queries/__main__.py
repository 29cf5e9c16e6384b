"""``python -m rcc_archive.publish.queries [--check]``: write the canned queries into the metadata JSON.

Reads ``publish/queries/*.sql`` and ``datasette_metadata.json``; writes the JSON file
(or, with ``--check``, only says whether it is current and exits 1 if it is not).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rcc_archive.publish.queries import assemble_metadata, render_metadata
from rcc_archive.publish.serve import METADATA_PATH


def main(argv: list[str] | None = None) -> int:
    """Assemble the metadata; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m rcc_archive.publish.queries", description=__doc__
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the JSON is stale")
    parser.add_argument("--metadata", type=Path, default=METADATA_PATH)
    options = parser.parse_args(argv)
    current = options.metadata.read_text(encoding="utf-8")
    wanted = render_metadata(assemble_metadata(json.loads(current)))
    if current == wanted:
        print(f"{options.metadata} is current")
        return 0
    if options.check:
        print(
            f"{options.metadata} is stale: run `python -m rcc_archive.publish.queries` to rebuild it",
            file=sys.stderr,
        )
        return 1
    options.metadata.write_text(wanted, encoding="utf-8")
    print(f"wrote {options.metadata}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
