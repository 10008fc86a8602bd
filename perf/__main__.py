"""Run every benchmark module in this package: ``python -m perf [name ...]``.

With no name (``make bench``) a module's ``IN_ALL`` (keyword arguments of its ``run``) is
used, so a long benchmark runs a smaller version there; named, it runs in full.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
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
    rows: list[tuple[str, str, str, bool]] = []
    started = time.perf_counter()
    for name in wanted:
        module = importlib.import_module(f"perf.{name}")
        if not hasattr(module, "run"):
            continue
        print(f"== {name} ==", flush=True)
        begun = time.perf_counter()
        result = module.run(**(getattr(module, "IN_ALL", {}) if not argv else {}))
        summarise = getattr(module, "summary", None) or SUMMARIES.get(name)
        if summarise is not None and result:
            try:
                rows.extend(summarise(result))
            except (KeyError, TypeError, ZeroDivisionError) as exc:
                rows.append((name, f"no summary ({type(exc).__name__}: {exc})", "", False))
        print(f"({name}: {time.perf_counter() - begun:.0f} s)", flush=True)
        print(flush=True)
    if rows:
        print("== issue 11 targets: measured in this run ==")
        width = max(len(r[0]) for r in rows)
        for what, figure, target, met in rows:
            print(f"{what:<{width}}  {'met' if met else 'NOT met':<7}  {figure}  [target {target}]")
        print(f"(all benchmarks: {time.perf_counter() - started:.0f} s)")
    return 0


def _ingest(r: dict) -> list[tuple[str, str, str, bool]]:
    rate, ratio = r["mb_per_s"]["cpmonitor"], r["cpmonitor_vs_bare_iterparse"]
    return [
        (
            "single-process reader",
            f"{rate:.0f} MB/s, {ratio:.0%} of bare iterparse",
            "≥ 55 MB/s, ≥ 70%",
            rate >= 55 and ratio >= 0.7,
        )
    ]


#: Closing-table rows for benchmarks that do not define ``summary`` themselves.
SUMMARIES = {"ingest": _ingest}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
