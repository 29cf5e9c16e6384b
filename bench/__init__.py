"""Benchmarks (not tests): extraction throughput and memory, update cost, search latency, growth.

Reads the repository and what it generates; writes results to ``bench/results/``.
Run ``python -m bench`` (about ten minutes on two cores) or ``python -m bench --quick``.
"""
