"""``python -m bench [--quick] [--out DIR]``: run the benchmarks, write the JSON, print the table.

Reads the repository; writes ``<out>/<UTC date>.json`` (``<date>-quick.json`` for a quick
run) and prints the summary table on stdout. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.report import format_text, judged
from bench.run import run_bench

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the benchmark, save and print its results."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark extraction, memory, update cost, search latency and growth.",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument(
        "--out", type=Path, default=RESULTS_DIR, help=f"folder for the JSON (default {RESULTS_DIR})"
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep the corpus and databases here (default: a temp folder)"
    )
    args = parser.parse_args(argv)
    results = run_bench(quick=args.quick, workdir=args.workdir)
    args.out.mkdir(parents=True, exist_ok=True)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    path = args.out / f"{date}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = results["summary"]
    if args.quick:
        print(
            "QUICK SMOKE RUN at toy sizes: every figure is printed, but only targets that do "
            "not depend on size are judged; `make bench` (python -m bench) judges them all.\n"
        )
    print(format_text(rows))
    targets, judged_count, unmet = judged(rows)
    seconds = results["meta"]["seconds"]
    if args.quick:
        print(
            f"\nsmoke run: {judged_count} of {targets} targets judged at these sizes, "
            f"{unmet} not met; the other {targets - judged_count} need a full run. "
            f"Results in {path} ({seconds} s)"
        )
    else:
        print(f"\n{unmet} of {targets} target(s) not met; results in {path} ({seconds} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
