"""Running the simulator: one council (the CLI, the demo) or a national set of councils.

``children`` (``--children N``) is the size of a council: the expected number of children in
each year's return, i.e. children with a CIN episode open at some time in the census year,
including referrals closed with no further action (England: about 900,000 a year across 153
councils, for about 12 million children aged 0-17). About 7% of them start a child protection
plan in a year, so N children stand for a population of about 13 N children and make about
0.07 N plan starts a year, some 50 per 10,000 children (England: 40-55). 2,500 children make
about 170 plan starts a year, the demo's 5,000 about 320 (the report's council: 300-690).
Realised numbers scatter around these as a real council's do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from cpmonitor.census.dataset import CensusData
from cpmonitor.census.tables import TABLES
from cpmonitor.periods import census_year_of, year_label

from . import spec
from .councils import CURRENT_LA_CODES, DEMO_CHILDREN, DEMO_LA, check_la
from .model import Council, Simulation, simulate_truth
from .profiles import multipliers, repeat_odds, targets
from .returns import census_data, return_tables
from .writer import WrittenReturn, created_at, write_return

DEMO_YEARS = range(2013, 2026)  # 2012-13 .. 2024-25, the years DfE has published
DEMO_PROFILE = "demo"
DEFAULT_WARMUP_YEARS = 10
MIN_CHILDREN = 10  # below this a year's return may have no child at all (the XSD needs one)


class SynthError(ValueError):
    """Bad simulator input (years, size, profile), with a message for the user."""


def check_years(years: Iterable[int]) -> tuple[int, ...]:
    """Census years as a sorted tuple, within the specifications the writer knows."""
    years = tuple(sorted(set(int(y) for y in years)))
    if not years:
        raise SynthError("no census years given")
    if years[0] < spec.FIRST_YEAR or years[-1] > spec.LAST_YEAR:
        raise SynthError(
            f"census years must be between {spec.FIRST_YEAR} ({year_label(spec.FIRST_YEAR)}) "
            f"and {spec.LAST_YEAR} ({year_label(spec.LAST_YEAR)}); got {years[0]}..{years[-1]}"
        )
    if years != tuple(range(years[0], years[-1] + 1)):
        raise SynthError("census years must be consecutive")
    return years


def simulate(
    la: str = DEMO_LA,
    years: Iterable[int] = DEMO_YEARS,
    children: int = DEMO_CHILDREN,
    seed: int = 0,
    profile: str | Mapping[int, float] = "england",
    warmup_years: int = DEFAULT_WARMUP_YEARS,
    progress: Callable[[str], None] | None = None,
    until: date | None = None,
) -> Simulation:
    """Simulate one council's children over ``years`` (census years ending 31 March).

    Deterministic for a given ``seed``. ``profile`` sets the repeat-plan trend (a name in
    :data:`.profiles.PROFILES` or ``{census_year: percent}``). ``until``: simulate on to the
    end of the census year containing that day too (e.g. for an Annex A extract in the year
    after the last return), at most one year beyond ``years``; ``sim.years`` then includes it,
    so write the returns of ``years`` only.
    """
    la = check_la(la)
    years = check_years(years)
    if until is not None:
        last = census_year_of(until)
        if until < date(years[0] - 1, 4, 1) or last > years[-1] + 1:
            raise SynthError(
                f"an Annex A date must fall in the census years simulated or the year after "
                f"them ({years[0] - 1}-04-01 to {years[-1]}-03-31 + 1 year); got {until}"
            )
        years = tuple(range(years[0], max(last, years[-1]) + 1))
    if children < MIN_CHILDREN:
        raise SynthError(f"--children must be at least {MIN_CHILDREN} (got {children})")
    council = Council(la=la, children=int(children), repeat_odds=repeat_odds(profile, years))
    return simulate_truth([council], years, seed, warmup_years=warmup_years, progress=progress)


def write_returns(
    sim: Simulation,
    out_dir: Path | str,
    years: Iterable[int] | None = None,
    progress: Callable[[WrittenReturn], None] | None = None,
) -> list[WrittenReturn]:
    """Write each council's return for each census year into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for year in sim.years if years is None else years:
        tables = return_tables(sim, year)
        for la in sim.las:
            mine = {name: t.filter(pl.col("la") == la) for name, t in tables.items()}
            path = out / spec.file_name(la, year)
            n = write_return(
                mine, path, la=la, census_year=year, created=created_at(year, sim.seed)
            )
            starts = mine["cp_plans"].filter(pl.col("start_date") >= date(year - 1, 4, 1))
            repeats = starts.filter(pl.col("previous_plans") >= 1).height
            item = WrittenReturn(path, la, year, n, starts.height, repeats)
            written.append(item)
            if progress:
                progress(item)
    return written


def national_councils(
    councils: int | Sequence[str] = 150,
    years: Iterable[int] = DEMO_YEARS,
    seed: int = 0,
    children: Mapping[str, int] | None = None,
) -> list[Council]:
    """A national set of councils: real LA codes, varied sizes and repeat trends.

    Sizes are log-normal around 4,600 children a return (England's councils range about
    fifty-fold); each council's repeat trend is England's series shifted by its own level
    and a little year-to-year noise.
    """
    years = check_years(years)
    rng = np.random.default_rng([seed, 7])
    if isinstance(councils, int):
        if not 1 <= councils <= len(CURRENT_LA_CODES):
            raise SynthError(f"councils must be 1..{len(CURRENT_LA_CODES)} (got {councils})")
        pick = np.sort(rng.choice(len(CURRENT_LA_CODES), councils, replace=False))
        codes = [CURRENT_LA_CODES[i] for i in pick]
    else:
        codes = [check_la(c) for c in councils]
    sizes = np.maximum(200, rng.lognormal(np.log(4600), 0.55, len(codes))).astype(int)
    target = targets("england", years) / 100
    logit = np.log(target / (1 - target))
    out = []
    for code, size in zip(codes, sizes, strict=True):
        shifted = logit + rng.normal(0, 0.3) + rng.normal(0, 0.1, len(years))
        pct = 100 / (1 + np.exp(-shifted))
        n = int(children[code]) if children and code in children else int(size)
        out.append(Council(code, n, tuple(float(x) for x in multipliers(pct))))
    return out


def national_census_data(
    councils: int | Sequence[str] = 150,
    years: Iterable[int] = DEMO_YEARS,
    seed: int = 0,
    tables: Iterable[str] = TABLES,
    warmup_years: int = DEFAULT_WARMUP_YEARS,
    progress: Callable[[str], None] | None = None,
) -> CensusData:
    """The canonical tables of every council's return, in memory, for benchmarks.

    The default — 150 councils × 13 census years — holds about 0.7 million plan starts.
    ``tables`` limits which tables are built (all by default).
    """
    years = check_years(years)
    tables = tuple(tables)
    sim = simulate_truth(
        national_councils(councils, years, seed),
        years,
        seed,
        warmup_years=warmup_years,
        progress=progress,
        tables=tables,
    )
    return census_data(sim, years, tables)
