"""DfE rules: cpmonitor against data-to-insight's csc-validator-be-cin, on the same files.

The peer validator is the oracle (it is how councils run DfE's CIN census rules), used from
its own virtual environment because its pins fight the project's (pandas 1.x, numpy < 2)::

    python3 -m venv PEERDIR && PEERDIR/bin/pip install csc-validator-be-cin "numpy<2"
    PEER_PYTHON=PEERDIR/bin/python uv run python -m perf.peer_rules

Files: the peer's sample returns in ``../shared/peer-cin-samples``, a synthetic council's
returns for the census years the peer has rulesets for (2022-23 on), and one return holding
every hand-made defect of ``tests/dfe_cases.py`` (each case's child renamed to its rule).
For every rule both implement it compares the (rule, child) pairs found; the differences and
their reasons are listed in ``docs/methodology.md``. Without ``PEER_PYTHON`` it says how to
set it and stops.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "peer-cin-samples" / "csc-validator-be-cin"
PEER_SIDE = Path(__file__).with_name("_peer_side.py")


def defects_return(folder: Path) -> Path:
    """One 2015-16 return with every hand-made defect, each case's child named after its rule."""
    sys.path.insert(0, str(REPO / "tests"))
    from cin_returns import header, message
    from dfe_cases import CASES

    children = "".join(
        c.failing.replace("<LAchildID>C1</LAchildID>", f"<LAchildID>R{c.rule}</LAchildID>")
        for c in CASES
    )
    path = folder / "defects_2016.xml"
    path.write_text(message(children, header(2016)), encoding="utf-8")
    return path


def synthetic_returns(folder: Path, children: int) -> list[Path]:
    from cpmonitor.synth import simulate, write_returns

    sim = simulate(children=children, years=range(2023, 2027), seed=5)
    return [w.path for w in write_returns(sim, folder)]


def cpmonitor_found(path: Path) -> set[tuple[str, str | None]]:
    from cpmonitor.census.load import load
    from cpmonitor.rules import check_dfe_rules

    return {(i.code.removeprefix("dfe-"), i.child) for i in check_dfe_rules(load(path))}


def compare(files: list[Path], peer_python: str) -> dict:
    done = subprocess.run(
        [peer_python, str(PEER_SIDE), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the peer validator failed: {done.stderr.strip()[-2000:]}")
    peer = json.loads(done.stdout.strip().splitlines()[-1])
    from cpmonitor.rules import RULES

    by_rule: dict[str, dict[str, list]] = defaultdict(lambda: {"both": [], "ours": [], "peer": []})
    raised: dict[str, set[str]] = defaultdict(set)
    for file in files:
        result = peer[str(file)]
        for line in result.get("errors", []):
            code, _, why = line.removeprefix("Error with rule ").partition(": ")
            raised[code].add(f"{file.name}: {why}")
        shared = set(RULES) & set(result["rules"])
        theirs = {(r, c) for r, c in map(tuple, result["found"]) if r in shared}
        ours = {(r, c) for r, c in cpmonitor_found(file) if r in shared}
        for rule, child in ours & theirs:
            by_rule[rule]["both"].append((file.name, child))
        for rule, child in ours - theirs:
            by_rule[rule]["ours"].append((file.name, child))
        for rule, child in theirs - ours:
            by_rule[rule]["peer"].append((file.name, child))
        for rule in shared:
            by_rule[rule]  # noqa: B018 - list every shared rule, agreeing or not
    return {rule: {**row, "raised": sorted(raised.get(rule, ()))} for rule, row in by_rule.items()}


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=600, help="synthetic council size")
    parser.add_argument("--examples", type=int, default=3, help="differences to show per rule")
    args = parser.parse_args(argv or [])
    peer_python = os.environ.get("PEER_PYTHON")
    if not peer_python:
        print(
            "skipped: set PEER_PYTHON to the python of a virtual environment with "
            'csc-validator-be-cin and "numpy<2" installed (see this module\'s docstring)'
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = sorted(SAMPLES.glob("*.xml")) + synthetic_returns(folder, args.children)
        files.append(defects_return(folder))
        result = compare(files, peer_python)
    agree = differ = 0
    print(f"{len(files)} files; rules both implement: {len(result)}")
    print(f"{'rule':>6}  {'both':>5}  {'cpmonitor only':>14}  {'peer only':>9}")
    for rule in sorted(result, key=lambda r: (int(r.rstrip("Q")), r)):
        row = result[rule]
        same = not row["ours"] and not row["peer"]
        agree += same
        differ += not same
        mark = "" if same else "  <- differs"
        print(
            f"{rule:>6}  {len(row['both']):>5}  {len(row['ours']):>14}  {len(row['peer']):>9}{mark}"
        )
        for why in row["raised"][: args.examples]:
            print(f"{'':>8}the peer's rule raised an exception: {why}")
        for side in ("ours", "peer"):
            for file, child in row[side][: args.examples]:
                who = "cpmonitor" if side == "ours" else "peer"
                print(f"{'':>8}{who} only: {file} child {child}")
    print(f"agree on {agree} rules, differ on {differ}")


if __name__ == "__main__":
    run(sys.argv[1:])
