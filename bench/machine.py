"""Describe the machine a benchmark ran on: cores, memory, CPU, versions, load.

Reads ``/proc/cpuinfo``, ``/proc/meminfo``, the load average and package versions;
writes nothing.
"""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGES = (
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "datasette",
    "scrapy",
    "sqlite-utils",
    "pebble",
)


def describe_machine() -> dict[str, Any]:
    """Return what a reader needs to compare this run with theirs."""
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pdftotext": _pdftotext_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def _cpu_model() -> str | None:
    path = Path("/proc/cpuinfo")
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or None


def _memory_gb() -> float | None:
    path = Path("/proc/meminfo")
    if path.exists():
        for line in path.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    return None


def _pdftotext_version() -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True)
    lines = (done.stderr or done.stdout).splitlines()
    return lines[0].strip() if lines else None


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None
