"""Small statistics for timings: percentiles, ratios and rounding for the report.

Reads nothing; writes nothing.
"""

from __future__ import annotations

import math


def percentile(values: list[float], q: float) -> float:
    """Return the nearest-rank ``q``-th percentile (0–100) of ``values``."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(seconds: list[float]) -> dict[str, float | int]:
    """Return p50, p95, min and max in milliseconds, and the number of samples."""
    return {
        "p50_ms": ms(percentile(seconds, 50)),
        "p95_ms": ms(percentile(seconds, 95)),
        "min_ms": ms(min(seconds)),
        "max_ms": ms(max(seconds)),
        "samples": len(seconds),
    }


def ms(seconds: float) -> float:
    """Return seconds as milliseconds, rounded to 0.01 ms."""
    return round(seconds * 1000, 2)


def ratio(value: float | None, baseline: float | None) -> float | None:
    """Return value / baseline rounded to 3 places, or None when either is missing or zero."""
    if value is None or baseline is None or baseline == 0:
        return None
    return round(value / baseline, 3)
