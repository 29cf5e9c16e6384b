"""One row of the benchmark's summary, and the two ways a target is judged.

Reads and writes nothing: ``bench.report`` and ``bench.report_update`` build their rows
with these, so every section's rows have the same keys (``bench.report.COLUMNS``).
"""

from __future__ import annotations

from typing import Any


def summary_row(
    measurement: str,
    value: Any,
    baseline: Any = None,
    ratio_value: float | None = None,
    target: str = "—",
    met: bool | None = None,
) -> dict[str, Any]:
    """A row: what was measured, its value, its baseline and ratio, the target, whether met."""
    return {
        "measurement": measurement,
        "value": value,
        "baseline": baseline,
        "ratio": ratio_value,
        "target": target,
        "met": met,
    }


def at_least(value: float | None, target: float) -> bool:
    """Met when measured and not below the target (a missing value is not met)."""
    return value is not None and value >= target


def at_most(value: float | None, target: float) -> bool:
    """Met when measured and not above the target (a missing value is not met)."""
    return value is not None and value <= target
