"""Run every benchmark module in this package: ``python -m perf [name ...]``.

With no name (``make bench``) a module's ``IN_ALL`` (keyword arguments of its ``run``) is
used, so a long benchmark runs a smaller version there; named, it runs in full.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    )
    wanted = argv or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}")
        return 2
    for name in wanted:
        module = importlib.import_module(f"perf.{name}")
        if not hasattr(module, "run"):
            continue
        print(f"== {name} ==", flush=True)
        module.run(**(getattr(module, "IN_ALL", {}) if not argv else {}))
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
