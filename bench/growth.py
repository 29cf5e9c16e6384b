"""Growth: build time and database size per 1,000 pages, small against large.

Reads the ``BuildStats`` of the generated databases (``bench.synthdb``); writes nothing.
Linear growth means the per-1,000-page cost at the large size is about the cost at the
small one: the ratio is reported, and up to ``LINEAR_RATIO`` counts as linear.
(``bench.publish_cost`` does the same for diffs and the ``changes`` view.)
"""

from __future__ import annotations

from typing import Any

from bench.stats import ratio
from bench.synthdb import BuildStats

LINEAR_RATIO = 1.25
_MB = 2**20


def per_thousand(stats: BuildStats) -> dict[str, float]:
    """Return one build's costs per 1,000 pages."""
    thousands = stats.pages / 1000
    return {
        "insert_s": round(stats.insert_seconds / thousands, 4),
        "publish_s": round(stats.publish_seconds / thousands, 4),
        "build_s": round(stats.build_seconds / thousands, 4),
        "db_mb": round(stats.db_bytes / _MB / thousands, 3),
    }


def measure_growth(builds: list[BuildStats]) -> dict[str, Any]:
    """Compare the per-1,000-page costs of the smallest and the largest build."""
    small, large = builds[0], builds[-1]
    sizes = {
        str(stats.pages): {
            "pages": stats.pages,
            "files": stats.files,
            "avg_chars_per_page": round(stats.text_chars / stats.pages),
            "insert_s": stats.insert_seconds,
            "publish_s": stats.publish_seconds,
            "build_s": round(stats.build_seconds, 3),
            "db_mb": round(stats.db_bytes / _MB, 1),
            "per_1k_pages": per_thousand(stats),
        }
        for stats in builds
    }
    low, high = per_thousand(small), per_thousand(large)
    ratios = {key: ratio(high[key], low[key]) for key in low}
    return {
        "sizes": sizes,
        "small": small.pages,
        "large": large.pages,
        "per_1k_ratio_large_vs_small": ratios,
        "linear_if_ratio_at_most": LINEAR_RATIO,
        "build_linear": ratios["build_s"] is not None and ratios["build_s"] <= LINEAR_RATIO,
        "size_linear": ratios["db_mb"] is not None and ratios["db_mb"] <= LINEAR_RATIO,
    }
