"""Same output: the census reader of a git revision and the working tree's, on many returns.

A speed change to :mod:`cpmonitor.census.reader` must not change a single output: the seven
tables, the issues (file, line, child, item, severity, code, message, in order), the return's
facts, or the reason a file is refused. This reads each return with both readers and compares:

- the benchmark's returns (:mod:`perf.ingest`: the simulator's and the built-in template);
- every ``*.xml`` under ``tests/`` and ``../shared/peer-cin-samples/``;
- ``--mutants N`` returns made from the test suite's example return (``tests/census``) by
  random edits (items dropped, repeated, moved, emptied, given bad or padded values, unknown
  elements, stray text, namespaces, the file cut short), each read by both.

Run: ``uv run python -m perf.same_output [--rev main] [--mutants 2000] [--children 15000]``.
It exits 1 at the first difference, printing it.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

from cpmonitor.census import reader as new_reader
from cpmonitor.census.issues import ReturnRejected

from .ingest import REPO, SHARED, benchmark_return

READER = "src/cpmonitor/census/reader.py"
BOUNDS = "src/cpmonitor/census/bounds.py"


def _module_at(rev: str, path: str, name: str):
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "cpmonitor.census"
    sys.modules[name] = module
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


def reader_at(rev: str):
    """The reader as it was at git revision ``rev``, with that revision's checks of values
    (``bounds.py``); the other census modules are the working tree's."""
    bounds = _module_at(rev, BOUNDS, "cpmonitor.census._bounds_at_rev")
    module = _module_at(rev, READER, "cpmonitor.census._reader_at_rev")
    module.out_of_bounds = bounds.out_of_bounds
    return module


def outcome(module, path: Path):
    """What a reader makes of ``path``: its tables, issues and facts, or why it refused."""
    try:
        data = module.read_return(path)
    except ReturnRejected as exc:
        return ("refused", exc.reason)
    return ("read", data.tables, data.issues, data.returns)


def differences(old, new) -> str | None:
    """The first difference between two outcomes, in words (``None`` if the same)."""
    if old[0] != new[0] or old[0] == "refused":
        return None if old == new else f"{old[0]} {old[1:]!r} / {new[0]} {new[1:]!r}"[:2000]
    _, old_tables, old_issues, old_returns = old
    _, new_tables, new_issues, new_returns = new
    if old_tables.keys() != new_tables.keys():
        return f"tables {sorted(old_tables)} / {sorted(new_tables)}"
    for name, table in old_tables.items():
        other = new_tables[name]
        if table.schema != other.schema or not table.equals(other, null_equal=True):
            return f"table {name}:\n{table}\n{other}"
    if old_issues != new_issues:
        for a, b in zip(old_issues, new_issues, strict=False):
            if a != b:
                return f"issue\n  {a}\n  {b}"
        return f"{len(old_issues)} issues / {len(new_issues)}"
    if old_returns != new_returns:
        return f"returns {old_returns} / {new_returns}"
    return None


_OTHER = {"Sex", "GenderCurrent", "SeenSocialWorker", "CINPlanDates", "Reviews", "Disability"}


def _mutate(rng: random.Random, root) -> None:
    """One random edit of the tree (see the module's docstring)."""
    elements = list(root.iter())
    el = rng.choice(elements)
    parent = el.getparent()
    op = rng.choice(
        ["drop", "repeat", "move", "empty", "text", "pad", "unknown", "stray", "tail", "nest",
         "rename"]
    )  # fmt: skip
    if op == "drop" and parent is not None:
        parent.remove(el)
    elif op == "repeat" and parent is not None:
        parent.insert(parent.index(el), copy.deepcopy(el))
    elif op == "move" and parent is not None:
        target = rng.choice(elements)
        if target is not el and el not in target.iterancestors() and target.getparent() is not None:
            parent.remove(el)
            target.addnext(el) if rng.random() < 0.5 else target.append(el)
    elif op == "empty":
        el.text = None
        if len(el) and rng.random() < 0.5:
            del el[:]
    elif op == "text":
        el.text = rng.choice(
            ["", " ", "0", "1", "true", "FALSE", "-1", "x", "2015-13-01", "2015-02-30", "15/06/2015",
             "9999-12-31", "n1", " N1 ", "rc9", "neg", "1a", "24A", "18A", "M", "u", "9", "99"]
        )  # fmt: skip
    elif op == "pad" and el.text:
        el.text = rng.choice([" ", "\n  ", "\t"]) + el.text + rng.choice(["", " ", "\n"])
    elif op == "unknown":
        extra = etree.SubElement(el, rng.choice(["PreProceedingsandFGDM", "Child", "LAchildID"]))
        extra.text = rng.choice([None, "1", "2015-06-01"])
    elif op == "stray":
        el.text = (el.text or "") + " stray"
    elif op == "tail" and parent is not None:
        el.tail = rng.choice([" stray ", "\n", "x"])
    elif op == "nest" and parent is not None and len(el) == 0:
        etree.SubElement(el, "Unknown").text = "1"
    elif op == "rename" and parent is not None:
        el.tag = rng.choice(sorted({e.tag for e in elements if isinstance(e.tag, str)} | _OTHER))


def mutants(count: int, seed: int = 11):
    """``count`` edited copies of the example return of a few years, reproducibly."""
    rng = random.Random(seed)
    bases = {year: _example_return(year) for year in (2016, 2017, 2022, 2025)}
    for n in range(count):
        root = etree.fromstring(bases[rng.choice(sorted(bases))])
        for _ in range(rng.randint(1, 5)):
            _mutate(rng, root)
        body = etree.tostring(root, pretty_print=rng.random() < 0.5)
        if n % 7 == 0:  # a namespace on every element
            body = body.replace(b"<Message>", b'<Message xmlns="urn:cin">', 1)
        if n % 11 == 0:
            body = body[: rng.randrange(len(body) + 1)]  # cut short
        yield b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _example_return(year: int) -> bytes:
    sys.path.insert(0, str(REPO / "tests"))
    from cin_returns import child, episode, header, message, plan  # the tests' builder

    s47 = (
        "<Section47><S47ActualStartDate>2015-06-02</S47ActualStartDate>"
        "<InitialCPCtarget>2015-06-20</InitialCPCtarget><DateOfInitialCPC>2015-06-18"
        "</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>\n"
    )
    assessment = (
        "<Assessments><AssessmentActualStartDate>2015-05-02</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2015-05-20</AssessmentAuthorisationDate>"
        "<FactorsIdentifiedAtAssessment><AssessmentFactors>2B</AssessmentFactors>"
        "<AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>"
    )
    cin_plan = "<CINPlanDates><CINPlanStartDate>2015-07-01</CINPlanStartDate></CINPlanDates>"
    sex = "<Sex>F</Sex>" if year >= 2025 else "<GenderCurrent>2</GenderCurrent>"
    seen = "<SeenSocialWorker>1</SeenSocialWorker>"
    return message(
        child("A1", episodes=episode(assessment + s47 + plan("2015-06-18", "2016-01-10")))
        + child(
            "A2",
            sex=sex,
            ids="<UPN>A123456789012</UPN>",
            chars="<Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE</Disability>"
            "</Disabilities>",
            episodes=episode(cin_plan + plan("2015-09-01", None, "EMO", extra=seen), "2015-08-20"),
        )
        + child("A3", episodes=episode(referral="2015-11-30", nfa="1")),
        header(year, "335"),
    ).encode()


def check(old, path: Path) -> bool:
    diff = differences(outcome(old, path), outcome(new_reader, path))
    if diff is not None:
        print(f"DIFFERENT: {path}\n{diff}")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="HEAD", help="git revision of the reader to compare")
    parser.add_argument("--mutants", type=int, default=2000)
    parser.add_argument("--children", type=int, default=15_000)
    args = parser.parse_args(argv)
    old = reader_at(args.rev)
    files = sorted(
        {*(REPO / "tests").rglob("*.xml"), *(SHARED / "peer-cin-samples").rglob("*.xml")}
    )
    with tempfile.TemporaryDirectory(prefix="cpmonitor-same-") as tmp:
        folder = Path(tmp)
        for template in (False, True):
            sub = folder / ("template" if template else "simulator")
            sub.mkdir()
            files.append(benchmark_return(sub, args.children, template)[0])
        for path in files:
            if not check(old, path):
                return 1
        print(f"{len(files)} returns: the same tables, issues and facts")
        path = folder / "cin_2016.xml"
        for n, body in enumerate(mutants(args.mutants)):
            path.write_bytes(body)
            if not check(old, path):
                print(f"(mutant {n})")
                return 1
        print(f"{args.mutants} mutants: the same")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
