"""Performance benchmarks (``make bench`` = ``python -m perf``).

Each module here exposes ``run() -> dict`` that measures one capability against a baseline in
the same run, prints the figures and returns them.
"""
