"""``cpmonitor report`` to HTML and to PDF on one council, end to end and stage by stage.

One synthetic council (``cpmonitor synth``, 13 census years, about 90 MB at the default
6,000 children). Each format is written by the command as a user runs it (a fresh process,
bytecode kept, as :mod:`perf.cli_speed` does), ``--repeat`` times, best wall time kept with
the CPU time (user + system) of that run. With ``--before SRC`` (the ``src`` folder of an
earlier checkout, e.g. ``git worktree add /tmp/before main`` then ``/tmp/before/src``), the
same commands run with that code first on the import path, interleaved with this code's runs,
so both are measured on the same machine state.

Then, in this process, where the time goes: reading (one process per core), building the
report, writing the HTML (the charts drawn), writing the PDF (from the same report), each
with its wall time and this process's CPU time.

Run: ``uv run python -m perf report_speed`` (or ``python -m perf.report_speed [--children N]
[--repeat N] [--before SRC]``). Targets (issue 11): HTML ≤ 3 s, PDF ≤ 4 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perf.cli_speed import CLI, bytecode_cache

FORMATS = ("html", "pdf")
#: ``make bench`` already times both formats in ``cli_speed``: here one repeat, no baseline
IN_ALL = {"repeat": 1}


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) of one run of ``cmd``: CPU of the process and those it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _stages(folder: Path, out: Path) -> dict[str, tuple[float, float]]:
    """(wall, CPU of this process) of each stage of a report written to HTML then PDF."""
    from cpmonitor.census.load import load
    from cpmonitor.report.build import build_report, write_report
    from cpmonitor.report.drawing import ChartDrawer
    from cpmonitor.report.warm import warm_up

    stages: dict[str, tuple[float, float]] = {}
    mark = [time.perf_counter(), time.process_time()]

    def lap(name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        stages[name] = (wall - mark[0], cpu - mark[1])
        mark[:] = [wall, cpu]

    with ChartDrawer(["svg"]) as drawer:  # as the command does
        thread = warm_up([".html", ".pdf"], charts=not drawer.running)
        data = load([folder], workers=None)
        lap("read (one process per core; imports beside it)")
        thread.join()
        lap("rest of the imports")
        report = build_report(data, "335", compare_published=False, drawer=drawer)
        lap("build the report (charts drawn beside it)")
        write_report(report, out / "stages.html")
        lap("write HTML (the charts taken)")
        write_report(report, out / "stages.pdf")
        lap("write PDF (same report)")
    return stages


def run(children: int = 6000, repeat: int = 3, before: str | None = None) -> dict:
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="cpmonitor-report-bench-") as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "CPMONITOR_DATA_DIR": str(tmp_path / "data"),
            **bytecode_cache(tmp_path),
        }
        os.environ.update(bytecode_cache(tmp_path))  # (the reading processes of _stages)
        subprocess.run(
            [*CLI, "synth", "--out", str(tmp_path / "council"), "--children", str(children)],
            check=True,
            capture_output=True,
            timeout=900,
        )
        files = sorted((tmp_path / "council").glob("*.xml"))
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"council: {len(files)} returns, {size:.1f} MB; {_load()}", flush=True)
        codes = {"after": env}
        if before:
            path = os.pathsep.join([str(Path(before).resolve()), env.get("PYTHONPATH", "")])
            # its own bytecode folder: the same module paths must not share compiled files
            codes = {
                "before": {**env, "PYTHONPATH": path.rstrip(os.pathsep),
                           "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache-before")},
                "after": env,
            }  # fmt: skip
        base = [*CLI, "report", str(tmp_path / "council"), "--la", "335"]
        base += ["--no-compare-published"]
        for code, code_env in codes.items():  # once untimed: compiles what a report imports
            every = [a for f in FORMATS for a in ("--out", f"{tmp}/warm-{code}.{f}")]
            subprocess.run([*base, *every], env=code_env, check=True, capture_output=True)
        best: dict[tuple[str, str], tuple[float, float]] = {}
        for _ in range(repeat):
            for fmt in FORMATS:
                for code, code_env in codes.items():
                    cmd = [*base, "--out", f"{tmp}/{code}.{fmt}"]
                    wall, cpu = _timed(cmd, code_env)
                    if (code, fmt) not in best or wall < best[code, fmt][0]:
                        best[code, fmt] = (wall, cpu)
        for (code, fmt), (wall, cpu) in best.items():
            out[f"{code}_{fmt}"], out[f"{code}_{fmt}_cpu"] = wall, cpu
        for fmt in FORMATS:
            line = f"cpmonitor report → {fmt.upper()}: " + "; ".join(
                f"{code} {best[code, fmt][0]:.2f} s wall, {best[code, fmt][1]:.2f} s CPU"
                for code in codes
            )
            print(line + f" (best of {repeat}; target ≤ {3 if fmt == 'html' else 4} s)")
        print(f"({_load()})", flush=True)

        stages = _stages(tmp_path / "council", tmp_path)
        print("where the time goes, in this process (wall / this process's CPU):")
        for name, (wall, cpu) in stages.items():
            print(f"  {name:<48} {wall:5.2f} s / {cpu:5.2f} s")
        out["stages"] = stages
        print(f"({_load()})", flush=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", help="src folder of the code to compare with")
    args = parser.parse_args()
    sys.exit(0 if run(args.children, args.repeat, args.before) else 1)
