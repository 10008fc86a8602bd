"""XML → history at national scale: 150 councils × 13 census years of CIN census returns.

The issue-11 target: "XML → history, 150 councils × 13 years (XML written by ``synth``): < 5
minutes end to end, peak memory stated". Two parts, timed apart:

1. **Generate** (not part of the target): ``cpmonitor.synth`` simulates the councils of
   :func:`cpmonitor.synth.national_councils` (real LA codes, sizes log-normal around 4,600
   children a return, so about 800,000 children in each year's returns and about 50,000 on a
   plan at any time, as in England) and writes every council's return for every census year
   as XML (``write_returns``, the ``cpmonitor synth`` writer), into a temporary folder that is
   deleted afterwards. Councils are simulated in groups, one process per core. ``--scale``
   shrinks every council (0.1: a tenth of the children); ``--councils`` takes fewer.
2. **XML → history → every measure** (the target), in a fresh process, as a user's command
   runs: every return read in parallel on all cores (:func:`cpmonitor.census.load.load`, one
   process per file), stitched into one history (:func:`cpmonitor.history.build_history`),
   then every repeat-plan measure for every council and financial year
   (:func:`~cpmonitor.measures.repeat.repeat_plan_table`), review timeliness and conference
   timeliness. Wall time end to end (the process's start to its end), per stage, and peak
   memory: ``getrusage`` of the process itself and of its children (the largest reading
   process), and the resident memory of all of them together sampled every 0.2 s.

The XML is about 1.15 KB per child per return (12 GB for the full national set); the run
refuses a set estimated above ``--max-gb`` (default 16) or above 80% of the free disk.

Run: ``uv run python -m perf national`` (the full set; about 15–25 minutes on 2 cores, most of
it generating) or ``python -m perf.national [--councils N] [--scale F] [--tmp DIR]``. ``make
bench`` (``python -m perf``) runs it at :data:`IN_ALL` (150 councils at a tenth of the size).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

#: What ``python -m perf`` (every benchmark, ``make bench``) runs: the national set at a tenth.
IN_ALL = {"scale": 0.1}
BYTES_PER_CHILD_RETURN = 1150  # measured on cpmonitor.synth's returns (2012-13 to 2024-25)
TARGET_S = 300
GROUP = 5  # councils simulated together in one process


def _generate_group(args: tuple) -> tuple[int, int, int]:
    """Simulate a group of councils and write their returns (in a worker process)."""
    from cpmonitor import synth
    from cpmonitor.synth.model import simulate_truth

    councils, years, seed, folder = args
    sim = simulate_truth(councils, years, seed)
    written = synth.write_returns(sim, folder)
    return (
        len(written),
        sum(w.path.stat().st_size for w in written),
        sum(w.children for w in written),
    )


def generate(folder: Path, councils: list, years: tuple[int, ...], workers: int) -> dict:
    groups = [councils[i : i + GROUP] for i in range(0, len(councils), GROUP)]
    start = time.perf_counter()
    files = size = children = 0
    # (forkserver: never fork a process whose polars thread pool is running)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        jobs = [(g, years, 100 + n, folder) for n, g in enumerate(groups)]
        try:
            for n, (f, s, c) in enumerate(pool.map(_generate_group, jobs), 1):
                files, size, children = files + f, size + s, children + c
                print(
                    f"  generated {n}/{len(groups)} groups: {files:,} returns, {size / 1e9:.2f} GB",
                    flush=True,
                )
        except BaseException:  # stopped: the groups not begun are not written
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return {
        "files": files,
        "bytes": size,
        "children": children,
        "generate_s": time.perf_counter() - start,
    }


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process descended from it (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in rss:
        p = pid
        while p and p != root and p in parents:
            p = parents[p]
        if p == root:
            total += rss[pid]
    return total


def _own_peak() -> int:
    """This process's peak resident memory, in bytes: ``VmHWM`` where ``/proc`` has it.
    ``getrusage``'s ``ru_maxrss`` is kept across ``exec`` on Linux, so a process started
    from a large one (``python -m perf`` after the in-memory national benchmark) would
    report its parent's peak."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed_run(folder: Path) -> dict:
    """XML → history → every measure, in a fresh process; stage times and memory."""
    start = time.perf_counter()
    from cpmonitor.census.load import cpu_count, load
    from cpmonitor.history import build_history
    from cpmonitor.measures.repeat import repeat_plan_table
    from cpmonitor.measures.timeliness import conference_timeliness, review_timeliness
    from cpmonitor.periods import financial_year

    imported = time.perf_counter()
    data = load(folder, workers=None)  # as the command line reads: one process per core
    read = time.perf_counter()
    history = build_history(data)
    stitched = time.perf_counter()
    years = sorted({r.census_year for r in data.returns})
    periods = [financial_year(y) for y in years]
    table = repeat_plan_table(history.plans, periods)
    reviews = review_timeliness(history.plans, history.reviews, periods)
    conferences = conference_timeliness(data["section47"], periods)
    measured = time.perf_counter()
    end = periods[-1].end
    on_plan = history.plans.filter(
        (history.plans["start_date"] <= end)
        & (history.plans["end_date"].is_null() | (history.plans["end_date"] > end))
    ).height
    import multiprocessing.forkserver as forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()  # reap the reading processes' parent, so their peak counts in RUSAGE_CHILDREN
    return {
        "cores": cpu_count(),
        "returns": len(data.returns),
        "rejected": len(data.rejected),
        "councils": len(history.las),
        "plans": history.plans.height,
        "on_plan_at_end": on_plan,
        "end": str(end),
        "council_years": table.height,
        "review_rows": reviews.height,
        "conference_rows": conferences.height,
        "import_s": imported - start,
        "read_s": read - imported,
        "history_s": stitched - read,
        "measures_s": measured - stitched,
        "self_maxrss": _own_peak(),
        "children_maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def run(
    councils: int = 150, scale: float = 1.0, max_gb: float = 16.0, tmp: str | None = None
) -> dict:
    from cpmonitor.census.load import cpu_count
    from cpmonitor.synth import DEMO_YEARS, national_councils
    from cpmonitor.synth.model import Council

    years = tuple(DEMO_YEARS)
    chosen = [
        Council(c.la, max(10, round(c.children * scale)), c.repeat_odds)
        for c in national_councils(councils, years, seed=1)
    ]
    per_year = sum(c.children for c in chosen)
    estimate = per_year * len(years) * BYTES_PER_CHILD_RETURN
    free = shutil.disk_usage(tmp or tempfile.gettempdir()).free
    print(
        f"{len(chosen)} councils × {len(years)} census years at {scale:g} of full size: "
        f"about {per_year:,} children in each year's returns, about "
        f"{estimate / 1e9:.1f} GB of XML ({free / 1e9:.0f} GB free)",
        flush=True,
    )
    if estimate > max_gb * 1e9 or estimate > 0.8 * free:
        print(
            f"refused: the XML would take about {estimate / 1e9:.1f} GB, over the bound "
            f"(--max-gb {max_gb:g}, or 80% of the free disk); use --scale or --councils"
        )
        return {"refused": True}
    # stopped (SIGTERM): leave through the ``with`` below, so the XML is deleted
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="cpmonitor-national-", dir=tmp) as folder:
        made = generate(Path(folder), chosen, years, cpu_count())
        print(
            f"generated {made['files']:,} returns, {made['bytes'] / 1e9:.2f} GB, "
            f"{made['children']:,} child records, in {made['generate_s']:.0f} s "
            "(not part of the target)",
            flush=True,
        )
        from perf.cli_speed import bytecode_cache

        cache = bytecode_cache(Path(folder))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | cache
        root = Path(__file__).resolve().parent.parent
        warm = "import cpmonitor.census.load, cpmonitor.history, cpmonitor.measures.timeliness"
        subprocess.run([sys.executable, "-c", warm], env=env, check=True, cwd=root)
        peak = [0]
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "perf.national", "--timed", folder],
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
            env=env,
        )
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                with contextlib.suppress(OSError):
                    peak[0] = max(peak[0], _tree_rss(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if Path("/proc").is_dir():
            sampler.start()
        out, _ = child.communicate(timeout=3600)
        wall = time.perf_counter() - start
        done.set()
        if child.returncode:
            print(f"the timed run failed (exit status {child.returncode})")
            return {"failed": True}
        result = {**json.loads(out.strip().splitlines()[-1]), **made, "wall_s": wall}
    result["peak_all_rss"] = peak[0]
    gb = 1024**3
    mb_s = result["bytes"] / 1e6 / result["read_s"]
    print(
        f"read {result['returns']:,} returns ({result['rejected']} rejected) on "
        f"{result['cores']} cores; {result['councils']} councils, {result['plans']:,} plans, "
        f"{result['on_plan_at_end']:,} on a plan on {result['end']}",
        flush=True,
    )
    print(f"{'stage':<52} {'seconds':>8}")
    for key, label in [
        ("import_s", "start-up (interpreter and imports)"),
        ("read_s", f"read every return in parallel ({mb_s:.0f} MB/s)"),
        ("history_s", "stitch into one history (build_history)"),
        ("measures_s", "every measure, every council and year"),
        ("wall_s", "end to end (the process's wall time)"),
    ]:
        print(f"{label:<52} {result[key]:>8.1f}")
    print(
        f"peak memory: the main process {result['self_maxrss'] / gb:.2f} GB (getrusage self), "
        f"the largest reading process {result['children_maxrss'] / gb:.2f} GB (getrusage "
        f"children), all processes together {result['peak_all_rss'] / gb:.2f} GB (sampled)"
    )
    if scale >= 1:
        met = "met" if result["wall_s"] < TARGET_S else "NOT met"
        print(f"target (< {TARGET_S} s end to end): {result['wall_s']:.0f} s, {met}")
    else:
        print(
            f"target (< {TARGET_S} s end to end) is for the full size; at {scale:g} of it "
            f"{result['wall_s']:.0f} s (in proportion, < {TARGET_S * scale:.0f} s); "
            "`python -m perf national` runs the full size"
        )
    result["scale"] = scale
    return result


def summary(r: dict) -> list[tuple[str, str, str, bool]]:
    """Rows for ``python -m perf``'s closing table: (what, figure, target, met)."""
    if "wall_s" not in r:
        return [("XML → history, 150 councils × 13 years", "not run", "< 5 min", False)]
    gb = 1024**3
    full = r["scale"] >= 1
    return [
        (
            f"XML → history, {r['councils']} councils × 13 years"
            + ("" if full else f" at {r['scale']:g} size"),
            f"{r['wall_s']:.0f} s for {r['bytes'] / 1e9:.1f} GB; peak {r['self_maxrss'] / gb:.1f}"
            f" GB main, {r['peak_all_rss'] / gb:.1f} GB all processes",
            "< 5 min at full size, peak memory stated",
            r["wall_s"] < TARGET_S if full else r["wall_s"] < TARGET_S * r["scale"],
        )
    ]


def main(argv: list[str]) -> int:
    if argv[:1] == ["--timed"]:
        print(json.dumps(timed_run(Path(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--scale", type=float, default=1.0, help="of each council's children")
    parser.add_argument("--max-gb", type=float, default=16.0, help="bound on the XML written")
    parser.add_argument("--tmp", help="where to write the XML (default: the temp folder)")
    args = parser.parse_args(argv)
    result = run(args.councils, args.scale, args.max_gb, args.tmp)
    return 1 if result.get("refused") or result.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
