"""Timestamps for the catalogue: ISO 8601 in UTC with a trailing ``Z``.

Reads the system clock; writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow_iso() -> str:
    """Return the current time as ``2026-11-22T18:50:21Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_iso(moment: datetime) -> str:
    """Format an aware or naive-UTC datetime as the catalogue's ISO 8601 string."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
