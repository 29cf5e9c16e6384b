"""Where the owner's shared material is, and what a test does when it is missing.

Reads the environment (``RCC_SHARED_DIR``, ``CI``) and the folder ``shared/`` beside the
checkout (``../shared`` from the repository root, as on every developer machine and in CI);
writes nothing. A test that needs it never skips silently: under ``CI=true`` a missing folder
fails the test, elsewhere the skip names the folder it looked for.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RCC_SHARED_DIR") or REPO.parent / "shared")
CORPUS = SHARED / "corpus" / "realworld-pdfs"
SCHEMA_MD = SHARED / "schema.md"


def in_ci() -> bool:
    """True when running under CI (``CI=true``), where shared material must be there."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(path: Path) -> Path:
    """Return ``path``, or fail (in CI) or skip loudly (elsewhere) when it does not exist."""
    if path.exists():
        return path
    message = (
        f"shared material missing: {path} (expected ../shared beside the checkout, "
        "or set RCC_SHARED_DIR)"
    )
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared corpus of real-world PDFs (session-scoped, so it is checked before any
    module fixture that reads it)."""
    return require(CORPUS)
