"""DfE rules benchmark: validating a synthetic council against reading it.

A synthetic council (``cpmonitor.synth``, 5,000 children a year by default, census years
2012-13 to 2024-25, one XML file per year) is read with :func:`cpmonitor.census.load.load`
and then checked with every DfE rule (:func:`cpmonitor.rules.check_dfe_rules`) and with
cpmonitor's cross-return checks (:func:`cpmonitor.quality.check_history`), for comparison.
Each step runs three times; the best CPU time is kept. The slowest rules are listed.

Run: ``uv run python -m perf.dfe_rules [--children N]``. Target: the DfE rules take
less time than reading.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def _best(fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=5000)
    args = parser.parse_args(argv or [])

    from cpmonitor.census.load import load
    from cpmonitor.quality import check_history
    from cpmonitor.rules import RULES, check_dfe_rules
    from cpmonitor.rules.registry import Frames
    from cpmonitor.synth import simulate, write_returns

    with tempfile.TemporaryDirectory() as tmp:
        sim = simulate(children=args.children, years=range(2013, 2026), seed=0)
        written = write_returns(sim, Path(tmp))
        size = sum(w.path.stat().st_size for w in written) / 1e6
        read, data = _best(lambda: load(tmp))
    rows = sum(t.height for t in data.tables.values())
    dfe, issues = _best(lambda: check_dfe_rules(data))
    own, _ = _best(lambda: check_history(data))
    print(
        f"{len(written)} returns, {size:.1f} MB, {rows:,} rows; {len(RULES)} DfE rules, "
        f"{len(issues):,} issues"
    )
    print(f"read (load):             {read:6.2f} s CPU  ({size / read:.1f} MB/s)")
    print(f"DfE rules:               {dfe:6.2f} s CPU  ({dfe / read:.0%} of reading)")
    print(f"cpmonitor cross-return:  {own:6.2f} s CPU  ({own / read:.0%} of reading)")
    frames = Frames(data)
    for name in ("episodes", "assessments", "section47", "cp_plans", "cin_plans"):
        getattr(frames, name)  # shared joins, made once
    times = []
    for rule in RULES.values():
        spent, _ = _best(lambda r=rule: r.check(frames), repeat=1)
        times.append((spent, rule.code))
    slowest = ", ".join(f"{code} {spent * 1000:.0f} ms" for spent, code in sorted(times)[-5:])
    print(f"slowest rules: {slowest}")


if __name__ == "__main__":
    import sys

    run(sys.argv[1:])
