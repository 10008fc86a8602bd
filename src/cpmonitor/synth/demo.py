"""The one demo council: what ``make demo`` reports on and what ``cpmonitor serve`` shows.

One definition (:data:`DEMO`): LA 335 (Walsall's code, so it sits beside Walsall's
statistical neighbours and England as DfE publishes them), 5,000 children a return, seed 0,
the census returns for 2012-13 to 2025-26 and an Ofsted Annex A workbook extracted on
31 August 2026 (the year to date, as the 2016 report's "end of August", and the statutory
visits). :func:`write_demo` writes its files into a folder once and reuses them after: a
small manifest (``demo.json``) records the definition they were made from, and a folder made
from another definition (or an older cpmonitor's demo) is made again. The simulation is
deterministic, so the same definition always gives the same files, wherever it is written.
Everything in it is synthetic: no real child.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from .councils import DEMO_CHILDREN, DEMO_LA

MANIFEST = "demo.json"


@dataclass(frozen=True)
class DemoCouncil:
    """What the demo council is: its code, size, seed, census years and Annex A date."""

    la: str = DEMO_LA
    children: int = DEMO_CHILDREN
    seed: int = 0
    first_year: int = 2013  # census year 2012-13 (DfE's label: the year it ends)
    last_year: int = 2026  # census year 2025-26
    annex_a: date = date(2026, 8, 31)
    name: str = "Demo council (synthetic)"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def remark(self) -> str:
        """What the report says about the council (every report of it says the same)."""
        return (
            "A synthetic council: every child and every figure for it in this report was made "
            "up by cpmonitor's simulator (no real child). It borrows Walsall's LA code "
            f"({self.la}) so that it sits beside Walsall's statistical neighbours and England "
            "as DfE publishes them."
        )

    def manifest(self) -> dict:
        return {k: str(v) for k, v in asdict(self).items()}


#: The demo council. ``make demo --children/--seed`` may vary size and seed, nothing else.
DEMO = DemoCouncil()


@dataclass(frozen=True)
class DemoFiles:
    """The demo's files in ``folder``: its census returns and its Annex A workbook."""

    folder: Path
    returns: list[Path]
    annex_a: Path
    made: bool  # False: an earlier run's files were reused

    @property
    def files(self) -> list[Path]:
        return [*self.returns, self.annex_a]


def _existing(folder: Path, council: DemoCouncil) -> DemoFiles | None:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if recorded != council.manifest():
        return None
    returns = sorted(folder.glob("*.xml"))
    annex = sorted(folder.glob("*.xlsx"))
    if len(returns) != len(council.years) or len(annex) != 1:
        return None
    return DemoFiles(folder, returns, annex[0], made=False)


def write_demo(
    folder: Path,
    council: DemoCouncil = DEMO,
    progress: Callable[[str, int, int], None] | None = None,
) -> DemoFiles:
    """The demo council's returns and Annex A workbook in ``folder``: made the first time
    (or when the folder holds another definition's files), reused after.

    ``progress(stage, done, total)`` is called as the simulation and the files advance
    (``total`` 0 while the simulation runs).
    """
    from .annexa import write_annex_a
    from .simulate import DEMO_PROFILE, simulate, write_returns

    folder = Path(folder)
    found = _existing(folder, council)
    if found is not None:
        return found
    folder.mkdir(parents=True, exist_ok=True)
    for old in (*folder.glob("*.xml"), *folder.glob("*.xlsx"), folder / MANIFEST):
        old.unlink(missing_ok=True)  # another definition's files: made again below
    report = progress or (lambda _stage, _done, _total: None)
    sim = simulate(
        la=council.la,
        years=council.years,
        children=council.children,
        seed=council.seed,
        profile=DEMO_PROFILE,
        progress=lambda text: report(f"Simulating: {text}", 0, 0),
        until=council.annex_a,
    )
    years = council.years
    done: list = []

    def wrote(item) -> None:
        done.append(item)
        report("Writing census returns", len(done), len(years))

    written = write_returns(sim, folder, years=years, progress=wrote)
    annex = write_annex_a(sim, folder, council.la, council.annex_a, council.seed)
    (folder / MANIFEST).write_text(json.dumps(council.manifest(), indent=2), encoding="utf-8")
    return DemoFiles(folder, sorted(w.path for w in written), annex, made=True)


def sized(children: int | None = None, seed: int | None = None) -> DemoCouncil:
    """The demo council, with another size or seed when given (``make demo`` options)."""
    changes = {k: v for k, v in (("children", children), ("seed", seed)) if v is not None}
    return replace(DEMO, **changes)
